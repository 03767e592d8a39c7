package core

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/store"
)

// MailTemplate is a mail template as the admin screen shows it: the source in
// force (the administrator's version, or the embedded default) and whether it
// was changed.
type MailTemplate struct {
	Name      string
	Lang      string
	Source    string
	Custom    bool // an administrator's version replaces the default
	UpdatedAt time.Time
}

// MailTemplateLangs are the languages a template may have.
var MailTemplateLangs = []string{"fr", "en"}

// templateSource is the source a mail is rendered from: the administrator's
// version in lang, else the embedded default (French when lang has none).
//
// The administrators' versions are kept in memory (templateCache): every mail
// of every request used to read mail_templates inside the writer's transaction.
// When the copy is stale it is read again through tx when there is one (a
// transaction must not wait for a second connection of the pool: on PostgreSQL,
// transactions doing so could hold every connection and wait for ever), else
// through the store's readers.
func (s *Service) templateSource(ctx context.Context, tx *store.Tx, name, lang string) (string, error) {
	read := s.store.FindMailTemplates
	if tx != nil {
		read = tx.FindMailTemplates
	}
	// Wall time, not s.clock(): the copy's age is the process's affair, and a
	// test's frozen clock must not keep a copy for ever.
	custom, err := s.mailSt.templates.get(ctx, read, time.Now())
	if err != nil {
		return "", err
	}
	if src, ok := custom[name+"."+lang]; ok {
		return src, nil
	}
	return gmail.DefaultSource(name, lang)
}

// templateTTL is how long this instance trusts its copy of the administrators'
// templates. A save or a reset through this instance drops the copy at once;
// another instance sharing the database (PostgreSQL) sees the change within
// templateTTL, at the cost of one read of mail_templates per templateTTL.
const templateTTL = 10 * time.Second

// templateCache holds the administrators' versions of the mail templates, keyed
// "name.lang", read at most once per templateTTL.
type templateCache struct {
	mu      sync.Mutex
	sources map[string]string
	readAt  time.Time
	gen     uint64 // counts invalidations, so that a read begun before one is not kept
}

func (c *templateCache) get(ctx context.Context, read func(context.Context) ([]store.MailTemplate, error), now time.Time) (map[string]string, error) {
	c.mu.Lock()
	if c.sources != nil && now.Sub(c.readAt) < templateTTL {
		m := c.sources
		c.mu.Unlock()
		return m, nil
	}
	gen := c.gen
	c.mu.Unlock()
	rows, err := read(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.Name+"."+r.Lang] = r.Source
	}
	c.mu.Lock()
	if c.gen == gen { // no save since the read began: the copy is current
		c.sources, c.readAt = m, now
	}
	c.mu.Unlock()
	return m, nil
}

// invalidate drops the copy, after a template was saved or reset.
func (c *templateCache) invalidate() {
	c.mu.Lock()
	c.sources = nil
	c.gen++
	c.mu.Unlock()
}

// MailTemplates lists every template in every language, as in force.
func (s *Service) MailTemplates(ctx context.Context, a access.Actor) ([]MailTemplate, error) {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return nil, err
	}
	custom, err := s.store.FindMailTemplates(ctx)
	if err != nil {
		return nil, err
	}
	byKey := map[string]store.MailTemplate{}
	for _, c := range custom {
		byKey[c.Name+"."+c.Lang] = c
	}
	var out []MailTemplate
	for _, name := range gmail.Names() {
		for _, lang := range MailTemplateLangs {
			t := MailTemplate{Name: name, Lang: lang}
			if c, ok := byKey[name+"."+lang]; ok {
				t.Source, t.Custom, t.UpdatedAt = c.Source, true, c.UpdatedAt
			} else if t.Source, err = gmail.DefaultSource(name, lang); err != nil {
				return nil, err
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// SaveMailTemplate stores an administrator's version of a template after
// checking that it parses and renders with the template's documented fields.
func (s *Service) SaveMailTemplate(ctx context.Context, a access.Actor, name, lang, source string) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	if err := checkTemplateKey(name, lang); err != nil {
		return err
	}
	if strings.TrimSpace(source) == "" {
		return errs.Field("source", "le modèle est vide (pour revenir au modèle par défaut, réinitialisez-le)")
	}
	if err := gmail.Check(name, source); err != nil {
		return errs.Field("source", "modèle invalide : "+err.Error())
	}
	defer s.mailSt.templates.invalidate()
	return s.store.Write(ctx, func(tx *store.Tx) error {
		return tx.SaveMailTemplate(ctx, store.MailTemplate{Name: name, Lang: lang, Source: source,
			UpdatedAt: s.clock(), UpdatedBy: a.UserID})
	})
}

// ResetMailTemplate drops an administrator's version: the default applies again.
func (s *Service) ResetMailTemplate(ctx context.Context, a access.Actor, name, lang string) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	if err := checkTemplateKey(name, lang); err != nil {
		return err
	}
	defer s.mailSt.templates.invalidate()
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeleteMailTemplate(ctx, name, lang) })
}

// PreviewMailTemplate renders source with the template's example data, for the
// admin screen (nothing is saved).
func (s *Service) PreviewMailTemplate(ctx context.Context, a access.Actor, name, source string) (gmail.Rendered, error) {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return gmail.Rendered{}, err
	}
	if err := checkTemplateKey(name, "fr"); err != nil {
		return gmail.Rendered{}, err
	}
	data := gmail.Sample(name)
	data["BaseURL"] = s.mailConfig().BaseURL
	r, err := gmail.Render(name, source, data)
	if err != nil {
		return r, errs.Field("source", "modèle invalide : "+err.Error())
	}
	return r, nil
}

func checkTemplateKey(name, lang string) error {
	var f errs.Fields
	if !gmail.Known(name) {
		f.Add("name", "modèle de mail inconnu « "+name+" » ("+strings.Join(gmail.Names(), ", ")+")")
	}
	if lang != "fr" && lang != "en" {
		f.Add("lang", "langue inconnue « "+lang+" » (fr ou en)")
	}
	return f.Err()
}

// TicketOutMails lists the mails queued about a request (acknowledgement,
// answers, survey…), oldest first, for its page: whoever may read the request
// may see what was sent to the company and whether it left.
func (s *Service) TicketOutMails(ctx context.Context, a access.Actor, ticketID int64) ([]QueuedMail, error) {
	if _, err := s.Ticket(ctx, a, ticketID); err != nil {
		return nil, err
	}
	rows, err := s.store.FindOutMails(ctx, store.OutMailFilter{TicketID: ticketID, Limit: 100})
	if err != nil {
		return nil, err
	}
	out := make([]QueuedMail, len(rows))
	for i, r := range rows {
		out[i] = QueuedMail{ID: r.ID, Template: r.Template, TicketID: r.TicketID, To: r.Recipients, Subject: r.Subject,
			State: r.State, Attempts: r.Attempts, CreatedAt: r.CreatedAt, SentAt: r.SentAt}
	}
	return out, nil
}
