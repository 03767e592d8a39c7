package core

import (
	"context"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// The public question form's limits: a person, or a script, sends few
// questions. They are counted in the database (rate_events), so they hold
// across instances and restarts; only accepted questions count.
var questionRates = []struct {
	prefix string
	max    int
	window time.Duration
}{
	{"question-ip:", 5, time.Hour},
	{"question-email:", 3, time.Hour},
}

// rateRule is one limit: at most max events of bucket within window.
type rateRule struct {
	bucket string
	max    int
	window time.Duration
}

// checkRates refuses when any rule is already at its maximum.
func (s *Service) checkRates(ctx context.Context, now time.Time, rules []rateRule, msg string) error {
	for _, r := range rules {
		n, err := s.store.CountRateEvents(ctx, r.bucket, now.Add(-r.window))
		if err != nil {
			return err
		}
		if n >= r.max {
			s.log.WarnContext(ctx, "public rate limit", "event", "portal.rate_limited", "bucket", r.bucket)
			return errs.E(errs.RateLimited, "%s", msg)
		}
	}
	return nil
}

func recordRates(ctx context.Context, tx *store.Tx, now time.Time, rules []rateRule) error {
	for _, r := range rules {
		if err := tx.CreateRateEvent(ctx, r.bucket, now); err != nil {
			return err
		}
	}
	return nil
}

// PublicQuestion records a question sent through the public form (channel
// web): the company and at least one means of contact are required, every
// wrong field is reported at once, and a sender over its rate (by IP and by
// e-mail address) is refused with nothing written. The acknowledgement mail is
// queued by the creation itself (mailOnCreate).
func (s *Service) PublicQuestion(ctx context.Context, in NewTicket, ip string) (*ticket.Ticket, error) {
	in.Channel, in.Scope, in.Priority = string(ticket.Web), "", ""
	var f errs.Fields
	if in.Company == nil {
		f.Add("company.siret", "le SIRET de l'entreprise est obligatoire (14 chiffres)")
	}
	if in.Contact == nil || strings.TrimSpace(in.Contact.Email) == "" && strings.TrimSpace(in.Contact.Phone) == "" {
		f.Add("contact", "indiquez au moins un moyen de vous joindre : e-mail ou téléphone")
	}
	if strings.TrimSpace(in.Subject) == "" {
		f.Add("subject", "l'objet de la question est obligatoire")
	}
	if _, err := s.draftTicket(ctx, access.System(), in); err != nil {
		f.AddErr("", err)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.clock()
	rules := []rateRule{{questionRates[0].prefix + ip, questionRates[0].max, questionRates[0].window}}
	if in.Contact.Email != "" {
		email, _ := company.NormalizeEmail(in.Contact.Email)
		rules = append(rules, rateRule{questionRates[1].prefix + strings.ToLower(email), questionRates[1].max, questionRates[1].window})
	}
	if err := s.checkRates(ctx, now, rules, questionRateMsg); err != nil {
		return nil, err
	}
	tk, _, err := s.CreateTicket(ctx, access.System(), in, "")
	if err != nil {
		return nil, err
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if err := recordRates(ctx, tx, now, rules); err != nil {
			return err
		}
		return tx.PurgePortal(ctx, now, now.Add(-24*time.Hour))
	})
	return tk, err
}

// QuestionAllowed tells, before a question's files are read, whether its
// sender's IP is still under its rate.
func (s *Service) QuestionAllowed(ctx context.Context, ip string) error {
	q := questionRates[0]
	return s.checkRates(ctx, s.clock(), []rateRule{{q.prefix + ip, q.max, q.window}}, questionRateMsg)
}

const questionRateMsg = "Vous avez déjà envoyé plusieurs questions récemment : attendez une heure, " +
	"ou appelez la cellule. Votre texte est conservé ci-dessous."

// PublicCompany returns the name the catalog knows for a SIRET (empty when
// unknown), for the public form to fill in. A malformed SIRET, or one whose
// check digit is wrong, is an invalid-field error saying why.
func (s *Service) PublicCompany(ctx context.Context, siret string) (string, error) {
	norm, err := company.NormalizeSIRET(siret)
	if err != nil {
		var f errs.Fields
		f.AddErr("company.siret", err)
		return "", f.Err()
	}
	c, err := s.store.FindCompanyBySIRET(ctx, norm)
	if errs.Is(err, errs.NotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return c.Name, nil
}

// PublicConsultations finds the open consultations whose reference, object or
// buyer match the words typed (at least 3 characters), for the public form.
// Consultations are published notices: nothing private is shown.
func (s *Service) PublicConsultations(ctx context.Context, text string) ([]*tender.Consultation, error) {
	text = strings.TrimSpace(text)
	if len([]rune(text)) < 3 {
		return nil, nil
	}
	if len(text) > 200 {
		text = text[:200]
	}
	return s.store.FindConsultations(ctx, store.ConsultationFilter{Text: text, OpenAt: s.clock(), Limit: 8})
}

// portalJobs is the portal's row of Jobs: an hourly purge (idempotent: it
// deletes what has ended, whichever instance runs it).
func (s *Service) portalJobs() []Job {
	return []Job{{Name: "portal_purge", Every: time.Hour, Run: s.purgePortal}}
}

// purgePortal deletes what the portal no longer needs: ended sessions,
// expired links, rate events older than a day.
func (s *Service) purgePortal(ctx context.Context) error {
	now := s.clock()
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.PurgePortal(ctx, now, now.Add(-24*time.Hour)) })
}
