package core

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/store"
)

// DefaultRetentionYears is how long a closed request keeps its personal data:
// what the public form's privacy notice promises (internal/portal, question.html).
const DefaultRetentionYears = 3

// retentionPage is how many requests the job reads per query.
const retentionPage = 200

// RetentionOptions configure the anonymisation of old requests
// (GUICHET_RETENTION_YEARS).
type RetentionOptions struct {
	Years int  // 0: DefaultRetentionYears
	Off   bool // the daily job does nothing (the CLI still can)
}

// The values that replace personal data.
var anonymised = store.Anonymised{
	Subject:        "Demande anonymisée",
	Body:           "[contenu anonymisé au terme de la durée de conservation]",
	ContactName:    "Contact anonymisé",
	AttachmentName: "pièce jointe anonymisée",
}

// SetRetention sets the retention period; it is called while the application
// is wired, before the jobs start.
func (s *Service) SetRetention(o RetentionOptions) { s.retention = o }

// RetentionItem is a request the retention job anonymises (or would).
type RetentionItem struct {
	ID       int64
	Number   string
	ClosedAt time.Time
}

// RetentionReport is what a run of the retention job did, or would do.
type RetentionReport struct {
	Years  int
	Cutoff time.Time       // requests closed before it are anonymised
	Items  []RetentionItem // the requests concerned
	Done   int             // how many this run anonymised (0 in a dry run)
}

// ApplyRetention anonymises the requests closed more than the retention
// period ago (years; 0: the configured one): their contact's name, e-mail and
// phone, subjects, message bodies, attachment names, mails, survey comments,
// call numbers, and their search entries. The figures stay: channel, topic,
// scope, outcome, team, dates, durations, the company (public data about a
// firm) and the rating. Each request gets an audit entry, which also makes a
// second run (or a second instance) skip it. With dryRun it only lists them.
func (s *Service) ApplyRetention(ctx context.Context, years int, dryRun bool) (RetentionReport, error) {
	if years <= 0 {
		years = s.retention.Years
	}
	if years <= 0 {
		years = DefaultRetentionYears
	}
	now := s.clock()
	rep := RetentionReport{Years: years, Cutoff: now.AddDate(-years, 0, 0)}
	rule := fmt.Sprintf("retention_%dy", years)
	var after int64
	for {
		page, err := s.store.FindRetentionCandidates(ctx, rep.Cutoff, after, retentionPage)
		if err != nil {
			return rep, err
		}
		for _, c := range page {
			after = c.ID
			rep.Items = append(rep.Items, RetentionItem{ID: c.ID, Number: c.Number, ClosedAt: c.ClosedAt})
			if dryRun {
				continue
			}
			done, err := s.anonymise(ctx, c.ID, now, rep.Cutoff, rule)
			if err != nil {
				return rep, err
			}
			if done {
				rep.Done++
			}
		}
		if len(page) < retentionPage {
			break
		}
	}
	if rep.Done > 0 {
		s.log.InfoContext(ctx, "retention: requests anonymised", "event", "retention.anonymised", "count", rep.Done,
			"cutoff", rep.Cutoff.Format(time.RFC3339), "years", years)
	}
	return rep, nil
}

// anonymise does one request in one transaction, its search entries with it.
func (s *Service) anonymise(ctx context.Context, id int64, now, cutoff time.Time, rule string) (bool, error) {
	var done bool
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		msgs, ok, err := tx.AnonymiseTicket(ctx, id, now, cutoff, rule, anonymised)
		if err != nil || !ok {
			return err
		}
		done = true
		if err := tx.UnindexDoc(ctx, KindRequest, id); err != nil {
			return err
		}
		for _, m := range msgs {
			if err := tx.UnindexDoc(ctx, KindMessage, m); err != nil {
				return err
			}
		}
		return nil
	})
	return done, err
}

// retentionJob is the daily run; a server down for a day catches up at start.
func (s *Service) retentionJob() Job {
	return Job{Name: "retention", Every: 24 * time.Hour, Run: func(ctx context.Context) error {
		if s.retention.Off {
			return nil
		}
		_, err := s.ApplyRetention(ctx, 0, false)
		return err
	}}
}
