package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// OutMail is one e-mail to send. It is rendered from its template and written to
// the outbox inside the transaction of the change that causes it, so that a mail
// is sent if and only if the change is kept; a worker delivers the outbox over SMTP.
type OutMail struct {
	// Template names the template (internal/mail/templates): "ack", "answer",
	// "redirect", "off_topic", "survey", "portal_link", "sla_warning", "sla_breach",
	// "unanswered_digest", "weekly_report", "qa_published", …
	Template string
	TicketID int64 // the request it is about (threading headers, number in the subject); 0 if none
	To       []string
	Lang     string         // "fr" (default) or "en"
	Data     map[string]any // the template's fields
	Files    []OutFile      // attachments, e.g. the weekly report's PDF and CSV
	// Key, when set, makes the mail unique: a second queueMail with the same key
	// is a no-op, so a job that runs twice sends once.
	Key string
	// ticket is the request TicketID names when the caller holds it already (its
	// ID, Number and Subject are used): queueMail then does not read it again.
	ticket *ticket.Ticket
}

// OutFile is a file attached to an OutMail.
type OutFile struct {
	Name        string
	ContentType string
	Data        []byte
}

// MailOptions configure e-mail in and out (docs/mail.md).
type MailOptions struct {
	// From is the sender of every mail, "Cellule marchés publics <cellule@region.example>"
	// (GUICHET_MAIL_FROM).
	From string
	// ReplyTo is the address companies answer to (GUICHET_MAIL_REPLY_TO); mails about
	// a request carry its signed reply token in it: cellule+123-k3j5…@region.example.
	// From's address when empty.
	ReplyTo string
	// Domain is the right-hand side of Message-IDs (GUICHET_MAIL_DOMAIN); From's
	// domain when empty.
	Domain string
	// BaseURL is the public address, for the links in mails (GUICHET_BASE_URL).
	BaseURL string
	// Sender delivers the outbox; nil leaves mails queued (nothing is lost).
	Sender MailSender
	// Mailboxes are the IMAP mailboxes polled for incoming mail.
	Mailboxes []MailPoller
	// MaxAttempts is how many failed deliveries make a mail failed for good (default 8).
	MaxAttempts int
	// MaxInboundBytes bounds what is kept of one incoming mail (default 25 MB).
	MaxInboundBytes int64
}

// MailSender delivers one composed mail (the SMTP sender of internal/mail/sender).
// An error with a Permanent() bool method returning true (an SMTP 5xx reply) is
// not retried.
type MailSender interface {
	Send(ctx context.Context, from string, to []string, raw []byte) error
}

// MailPoller reads an IMAP mailbox and hands each new mail to the inbox until ctx
// ends (internal/mail/poller).
type MailPoller interface {
	Name() string
	Run(ctx context.Context, inbox gmail.Inbox) error
}

// mailState is what the mail feature keeps in memory: the reply-token key, read
// once from the database (where every instance finds the same one).
type mailState struct {
	mu       sync.Mutex
	tokenKey []byte
	owner    string // this instance's name as holder of outbox leases
	// templates are the administrators' versions of the templates (mailtemplate.go).
	templates templateCache
	// lastTicketID is the id of the latest request this instance created: the
	// acknowledgement composed before a creation's transaction guesses the
	// length of the next id from it (create_prepare.go).
	lastTicketID atomic.Int64
}

// mailConfig returns the options with their defaults filled.
func (s *Service) mailConfig() MailOptions {
	o := s.mail
	if o.From == "" {
		o.From = "Cellule marchés publics <cellule@localhost>"
	}
	fromAddr := addressOf(o.From)
	if o.ReplyTo == "" {
		o.ReplyTo = fromAddr
	}
	if o.Domain == "" {
		_, o.Domain, _ = strings.Cut(fromAddr, "@")
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.MaxInboundBytes <= 0 {
		o.MaxInboundBytes = 25 << 20
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	return o
}

func addressOf(s string) string {
	if a, err := mail.ParseAddress(s); err == nil {
		return strings.ToLower(a.Address)
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// replyKey returns the secret that signs reply tokens, creating it at first use.
func (s *Service) replyKey(ctx context.Context, tx *store.Tx) ([]byte, error) {
	s.mailSt.mu.Lock()
	defer s.mailSt.mu.Unlock()
	if s.mailSt.tokenKey != nil {
		return s.mailSt.tokenKey, nil
	}
	var b [32]byte
	rand.Read(b[:])
	v, err := tx.EnsureMailKey(ctx, "reply_token", hex.EncodeToString(b[:]), s.clock())
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("core: reply key: %w", err)
	}
	s.mailSt.tokenKey = key
	return key, nil
}

// queueMail renders m and writes it to the outbox within tx.
func (s *Service) queueMail(ctx context.Context, tx *store.Tx, m OutMail) error {
	cfg := s.mailConfig()
	if !gmail.Known(m.Template) {
		return fmt.Errorf("core: modèle de mail inconnu %q", m.Template)
	}
	if len(m.To) == 0 {
		return errs.Field("to", "aucun destinataire pour le mail")
	}
	lang := m.Lang
	if lang != "en" {
		lang = "fr"
	}
	tk := m.ticket
	if m.TicketID != 0 && (tk == nil || tk.ID != m.TicketID) {
		var err error
		if tk, err = tx.FindTicketByID(ctx, m.TicketID); err != nil {
			return err
		}
	}
	r, err := s.renderMail(ctx, tx, m.Template, lang, mailData(cfg, m.Data, tk))
	if err != nil {
		return fmt.Errorf("core: mail %s: %w", m.Template, err)
	}
	msg := gmail.Message{From: cfg.From, ReplyTo: cfg.ReplyTo, To: m.To, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		MessageID: gmail.NewMessageID(cfg.Domain), Date: s.clock(), AutoSubmitted: autoSubmitted(m.Template)}
	if tk != nil {
		if err := s.threadMail(ctx, tx, tk, &msg, cfg, m.Template == "ack"); err != nil {
			return err
		}
	}
	for _, f := range m.Files {
		msg.Files = append(msg.Files, gmail.File{Name: f.Name, ContentType: f.ContentType, Data: f.Data})
	}
	raw, err := gmail.Compose(msg)
	if err != nil {
		return fmt.Errorf("core: mail %s: %w", m.Template, err)
	}
	row := &store.OutMail{Key: m.Key, Template: m.Template, Lang: lang, TicketID: m.TicketID, Recipients: m.To,
		Subject: msg.Subject, MessageID: msg.MessageID, Raw: string(raw), NextAttemptAt: s.clock(), CreatedAt: s.clock()}
	_, err = tx.CreateOutMail(ctx, row)
	return err
}

// mailData is the template's data: the caller's fields, plus what every mail
// about a request can use (its number and subject, the follow-up link).
func mailData(cfg MailOptions, in map[string]any, tk *ticket.Ticket) map[string]any {
	data := map[string]any{"BaseURL": cfg.BaseURL}
	if tk != nil {
		data["Number"], data["Subject"] = tk.Number, tk.Subject
		data["FollowURL"] = cfg.BaseURL + "/suivi"
	}
	for k, v := range in {
		data[k] = v
	}
	return data
}

// renderMail renders a template with the administrator's version when there is one.
// tx may be nil (a mail prepared before its transaction).
func (s *Service) renderMail(ctx context.Context, tx *store.Tx, name, lang string, data map[string]any) (gmail.Rendered, error) {
	src, err := s.templateSource(ctx, tx, name, lang)
	if err != nil {
		return gmail.Rendered{}, err
	}
	r, err := gmail.Render(name, src, data)
	if err != nil {
		return r, err
	}
	if n, _ := data["Number"].(string); n != "" && !strings.Contains(r.Subject, n) {
		// The number in the subject ties a reply to its request even without the
		// reply token; an administrator's template cannot drop it.
		r.Subject = "[Demande " + n + "] " + r.Subject
	}
	return r, nil
}

// autoSubmitted marks the mails no person wrote, so that auto-responders do not
// answer them (RFC 3834): the acknowledgement answers a mail automatically, the
// notifications are generated; an agent's answer is a person's mail.
func autoSubmitted(template string) string {
	switch template {
	case "answer", "redirect", "off_topic":
		return ""
	case "ack":
		return "auto-replied"
	}
	return "auto-generated"
}

// threadMail sets the reply token and the threading headers of a mail about tk:
// In-Reply-To names the latest mail of the request, References the first and the
// latest ones (clients thread on either).
//
// first says the mail is the request's first (its acknowledgement, queued as it
// is created): there is no earlier mail to look up.
func (s *Service) threadMail(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, msg *gmail.Message, cfg MailOptions, first bool) error {
	key, err := s.replyKey(ctx, tx)
	if err != nil {
		return err
	}
	msg.ReplyTo = gmail.ReplyAddress(addressOf(cfg.ReplyTo), gmail.ReplyToken(key, tk.ID))
	msg.Headers = map[string]string{"X-Guichet-Ticket": tk.Number}
	var ids []string
	if !first {
		if ids, err = tx.ThreadMessageIDs(ctx, tk.ID); err != nil {
			return err
		}
	}
	if id, ok := ctx.Value(inboundMailKey{}).(string); ok && id != "" {
		ids = append(ids, id) // the company's mail this request is being created from
	}
	if len(ids) > 10 {
		ids = append(ids[:1], ids[len(ids)-9:]...)
	}
	if len(ids) > 0 {
		msg.InReplyTo, msg.References = ids[len(ids)-1], ids
	}
	return nil
}

// inboundMailKey carries, in the context of the transaction that handles an
// incoming mail, that mail's Message-ID, so that the acknowledgement of the
// request it creates answers it in the company's mail client.
type inboundMailKey struct{}

// mailOnCreate queues the acknowledgement of a new request sent by a company;
// pre, when not nil, is the acknowledgement composed before the transaction
// (create_prepare.go), used when what it assumed still holds.
func (s *Service) mailOnCreate(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, first *ticket.Message, pre *preparedAck) error {
	if !acknowledged(tk.Channel) {
		return nil // a call was answered on the phone; the API's caller acknowledges itself
	}
	to, err := s.contactEmail(ctx, tx, tk)
	if err != nil || to == "" {
		return err
	}
	if done, err := s.queuePreparedAck(ctx, tx, tk, to, pre); done || err != nil {
		return err
	}
	return s.queueMail(ctx, tx, OutMail{Template: "ack", TicketID: tk.ID, To: []string{to},
		Key: ackKey(tk.ID), ticket: tk})
}

// acknowledged says whether a request of this channel is acknowledged by mail.
func acknowledged(c ticket.Channel) bool {
	return c == ticket.Web || c == ticket.Email || c == ticket.Portal
}

func ackKey(ticketID int64) string { return fmt.Sprintf("ack:%d", ticketID) }

// mailOnMessage queues the mail carrying an answer to the company.
func (s *Service) mailOnMessage(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, m *ticket.Message) error {
	if m.Kind != ticket.Outbound {
		return nil
	}
	to, err := s.contactEmail(ctx, tx, tk)
	if err != nil || to == "" {
		return err
	}
	out := OutMail{Template: "answer", TicketID: tk.ID, To: []string{to}, Key: fmt.Sprintf("message:%d", m.ID),
		Data: map[string]any{"Body": m.Body}}
	switch tk.Outcome {
	case ticket.RedirectedToBuyer:
		out.Template = "redirect"
		s.addBuyer(ctx, tx, tk, out.Data)
	case ticket.OutcomeOffTopic:
		out.Template = "off_topic"
	}
	return s.queueMail(ctx, tx, out)
}

// addBuyer fills the redirect mail's buyer fields from the request's consultation,
// when the catalog knows it.
func (s *Service) addBuyer(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, data map[string]any) {
	if tk.ConsultationRef == "" {
		return
	}
	c, err := tx.FindConsultationByRef(ctx, tk.ConsultationRef)
	if err != nil {
		return
	}
	data["BuyerName"] = c.BuyerName
	if b, err := s.store.FindBuyerByID(ctx, c.BuyerID); err == nil {
		data["BuyerName"], data["BuyerEmail"], data["BuyerPhone"], data["QAURL"] = b.Name, b.Email, b.Phone, b.QAURL
	}
}

// contactEmail is the e-mail address of the request's contact, "" when none.
func (s *Service) contactEmail(ctx context.Context, tx *store.Tx, tk *ticket.Ticket) (string, error) {
	if tk.Contact != nil {
		return tk.Contact.Email, nil
	}
	if tk.ContactID == 0 {
		return "", nil
	}
	return tx.FindContactEmail(ctx, tk.ContactID)
}

// The delivery of the outbox: a job claims due rows with a lease, sends each over
// SMTP outside any transaction, then records the result. A sender that dies
// mid-way leaves its rows leased; the lease expires and another run sends them
// (a mail may then go twice, never zero times). Retries back off exponentially;
// after MaxAttempts, or on a permanent refusal, a mail is failed for good, listed
// for an administrator, never dropped.
const (
	mailLease     = 5 * time.Minute // longer than one SMTP exchange can take
	mailBatch     = 20
	firstBackoff  = time.Minute
	maxBackoff    = 6 * time.Hour
	maxErrorChars = 500
)

// DeliverMail sends the due mails of the outbox and returns how many were sent.
// Without a sender configured it does nothing: mails wait in the outbox.
func (s *Service) DeliverMail(ctx context.Context) (int, error) {
	cfg := s.mailConfig()
	if cfg.Sender == nil {
		return 0, nil
	}
	sent := 0
	for ctx.Err() == nil {
		var batch []*store.OutMail
		now := s.clock()
		err := s.store.Write(ctx, func(tx *store.Tx) error {
			var err error
			batch, err = tx.ClaimOutMails(ctx, s.instanceID(), now, now.Add(mailLease), mailBatch)
			return err
		})
		if err != nil || len(batch) == 0 {
			return sent, err
		}
		for _, m := range batch {
			ok, err := s.deliverOne(ctx, cfg, m)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
	return sent, ctx.Err()
}

// deliverOne sends one claimed mail and records the outcome; the error returned
// is the database's, a delivery failure is recorded on the row.
func (s *Service) deliverOne(ctx context.Context, cfg MailOptions, m *store.OutMail) (bool, error) {
	sendErr := cfg.Sender.Send(ctx, addressOf(cfg.From), m.Recipients, []byte(m.Raw))
	if ctx.Err() != nil {
		return false, ctx.Err() // shutting down: the lease expires and the mail is retried
	}
	now := s.clock()
	owner := s.instanceID()
	return sendErr == nil, s.store.Write(ctx, func(tx *store.Tx) error {
		if sendErr == nil {
			_, err := tx.MarkOutMailSent(ctx, m.ID, owner, now)
			return err
		}
		retry := now.Add(backoff(m.Attempts))
		var p interface{ Permanent() bool }
		if m.Attempts >= cfg.MaxAttempts || (errors.As(sendErr, &p) && p.Permanent()) {
			retry = time.Time{}
		}
		s.log.Warn("mail not sent", "outbox", m.ID, "attempt", m.Attempts, "final", retry.IsZero(), "err", sendErr)
		return tx.MarkOutMailFailed(ctx, m.ID, owner, truncate(sendErr.Error(), maxErrorChars), retry)
	})
}

// backoff is the pause after the n-th failed attempt: 1, 2, 4… minutes, at most 6 hours.
func backoff(n int) time.Duration {
	d := firstBackoff
	for i := 1; i < n && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// instanceID names this process as the holder of outbox leases.
func (s *Service) instanceID() string {
	s.mailSt.mu.Lock()
	defer s.mailSt.mu.Unlock()
	if s.mailSt.owner == "" {
		var b [8]byte
		rand.Read(b[:])
		s.mailSt.owner = hex.EncodeToString(b[:])
	}
	return s.mailSt.owner
}

// QueuedMail is an outbox row as an administrator sees it.
type QueuedMail struct {
	ID        int64
	Template  string
	TicketID  int64
	To        []string
	Subject   string
	MessageID string
	State     string // pending, sent, failed
	Attempts  int
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
}

// Outbox lists the mails of the outbox in a state ("failed", "pending", "sent";
// "" for all), or those of one request when ticketID is set.
func (s *Service) Outbox(ctx context.Context, a access.Actor, state string, ticketID int64, limit int) ([]QueuedMail, error) {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return nil, err
	}
	rows, err := s.store.FindOutMails(ctx, store.OutMailFilter{State: state, TicketID: ticketID, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]QueuedMail, len(rows))
	for i, r := range rows {
		out[i] = QueuedMail{ID: r.ID, Template: r.Template, TicketID: r.TicketID, To: r.Recipients, Subject: r.Subject,
			MessageID: r.MessageID, State: r.State, Attempts: r.Attempts, LastError: r.LastError, CreatedAt: r.CreatedAt,
			SentAt: r.SentAt}
	}
	return out, nil
}

// RetryMail makes a failed mail due again (after the address was corrected, say).
func (s *Service) RetryMail(ctx context.Context, a access.Actor, id int64) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		ok, err := tx.RetryOutMail(ctx, id, s.clock())
		if err == nil && !ok {
			err = errs.E(errs.NotFound, "Aucun mail en échec n°%d.", id)
		}
		return err
	})
}

// mailJobs are the background jobs of e-mail: the outbox delivery, and one
// long-lived loop per IMAP mailbox.
func (s *Service) mailJobs() []Job {
	var jobs []Job
	if s.mail.Sender != nil {
		jobs = append(jobs, Job{Name: "mail.deliver", Every: 15 * time.Second, Run: func(ctx context.Context) error {
			_, err := s.DeliverMail(ctx)
			return err
		}})
	}
	for _, p := range s.mail.Mailboxes {
		jobs = append(jobs, Job{Name: "mail.imap " + p.Name(), Run: func(ctx context.Context) error {
			return p.Run(ctx, s.MailInbox())
		}})
	}
	return jobs
}
