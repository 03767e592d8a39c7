package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// Incoming mail. Every mail read from a mailbox is recorded (inbound_mail) in
// the same transaction as its effect, and recorded first: a second delivery of
// the same mail — after an interrupted poll, or by a second instance polling the
// same mailbox — hits the record's unique key and changes nothing.
//
// What a mail becomes:
//   - written by a robot (auto-reply, bounce, list): nothing but its record;
//   - a reply to a request (valid reply token, In-Reply-To/References naming one
//     of the request's mails, or "Demande NNNN-NNNNNN" in the subject): a company
//     message on it, which reopens it; from another address than the request's
//     contact, it is kept and flagged for the agent (an audit entry and a note);
//   - a reply to a closed request, or a new mail: a new request, channel email,
//     company found by the sender's address among the contacts, or by a SIRET
//     quoted in the text.

// Inbound mail flags, for the agent.
const (
	FlagSenderMismatch = "sender_mismatch" // the reply does not come from the request's contact
	FlagForgedToken    = "forged_token"    // the reply address carried a token that does not verify
	FlagMailProblems   = "mail_problems"   // charset guessed, MIME broken, attachments refused…
)

// MailInbox is what the IMAP pollers deliver mails to.
func (s *Service) MailInbox() gmail.Inbox { return inbox{s} }

type inbox struct{ s *Service }

func (i inbox) LastUID(ctx context.Context, mailbox string, uidValidity uint32) (uint32, error) {
	return i.s.store.LastInboundUID(ctx, mailbox, uidValidity)
}

func (i inbox) Deliver(ctx context.Context, f gmail.Fetched) error {
	_, err := i.s.ReceiveMail(ctx, f)
	return err
}

// InboundResult says what a mail became.
type InboundResult struct {
	Status   string // "created", "reply", "ignored", "duplicate"; "" when already processed
	TicketID int64
	Reason   string
	Flags    []string
}

// inboundMail is a parsed mail with what was kept of its files.
type inboundMail struct {
	f        gmail.Fetched
	p        *gmail.Parsed
	files    []ticket.Attachment
	listing  []fileNote
	problems []string
}

type fileNote struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
	Kept   bool   `json:"kept"`
	Reason string `json:"reason,omitempty"`
}

// ReceiveMail processes one mail read from a mailbox, once.
func (s *Service) ReceiveMail(ctx context.Context, f gmail.Fetched) (InboundResult, error) {
	limits := s.AttachmentLimits(ticket.Email)
	in := &inboundMail{f: f, p: gmail.Parse(f.Raw, gmail.ParseOptions{MaxFile: limits.MaxFile, MaxTotal: limits.MaxMessage})}
	in.problems = append(in.problems, in.p.Problems...)
	if f.Truncated {
		in.problems = append(in.problems, fmt.Sprintf("mail de %d Mo tronqué : seul le début a été lu", f.Size>>20))
	}
	if in.p.Auto == "" {
		if err := s.keepMailFiles(ctx, in); err != nil {
			return InboundResult{}, err
		}
	}
	var res InboundResult
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		var err error
		res, err = s.applyMail(ctx, tx, in)
		return err
	})
	if errors.Is(err, store.ErrDuplicate) {
		return InboundResult{}, nil // another delivery of this mail won: its effect is there once
	}
	return res, err
}

// keepMailFiles stores the mail's files within the e-mail channel's limits; the
// others are listed as refused, with the reason.
func (s *Service) keepMailFiles(ctx context.Context, in *inboundMail) error {
	limits := s.AttachmentLimits(ticket.Email)
	var total int64
	for _, a := range in.p.Attachments {
		n := fileNote{Name: a.Name, Type: a.ContentType, Size: a.Size}
		switch {
		case a.TooLarge || a.Size > limits.MaxFile:
			n.Reason = "trop volumineux"
		case len(in.files) >= limits.MaxCount || total+a.Size > limits.MaxMessage:
			n.Reason = "au-delà des limites du message"
		default:
			att, err := s.StoreAttachment(ctx, ticket.Email, a.Name, bytes.NewReader(a.Data))
			if errs.CodeOf(err) == errs.Invalid {
				n.Reason = "refusé : " + fieldMessages(err)
				break
			}
			if err != nil {
				return err
			}
			n.Kept, total = true, total+a.Size
			in.files = append(in.files, att)
		}
		if !n.Kept {
			in.problems = append(in.problems, fmt.Sprintf("pièce jointe « %s » non conservée (%s)", a.Name, n.Reason))
		}
		in.listing = append(in.listing, n)
	}
	return nil
}

func fieldMessages(err error) string {
	var e *errs.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		msgs := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			msgs[i] = f.Message
		}
		return strings.Join(msgs, " ; ")
	}
	return err.Error()
}

// applyMail records the mail and applies its effect, in one transaction.
func (s *Service) applyMail(ctx context.Context, tx *store.Tx, in *inboundMail) (InboundResult, error) {
	p := in.p
	listing, _ := json.Marshal(in.listing)
	row := &store.InboundMail{Mailbox: in.f.Mailbox, UIDValidity: in.f.UIDValidity, UID: in.f.UID, MessageID: p.MessageID,
		From: p.From, Subject: truncate(p.Subject, 500), Status: store.InboundIgnored, FullText: p.Text,
		Attachments: string(listing), ReceivedAt: s.clock()}
	if in.listing == nil {
		row.Attachments = ""
	}
	seen, err := tx.InboundSeen(ctx, p.MessageID)
	if err != nil {
		return InboundResult{}, err
	}
	switch {
	case p.Auto != "":
		row.Reason = p.Auto
	case seen:
		row.Status, row.Reason = store.InboundDuplicate, "déjà reçu (même Message-ID)"
	case p.From == "":
		row.Reason = "expéditeur absent ou illisible : impossible de répondre"
	default:
		row.Status = store.InboundCreated // provisional: the result is set below
	}
	if err := tx.CreateInboundMail(ctx, row); err != nil {
		return InboundResult{}, err
	}
	if row.Status != store.InboundCreated {
		return InboundResult{Status: row.Status, Reason: row.Reason}, nil
	}
	res, msgID, err := s.routeMail(ctx, tx, in)
	if err != nil {
		return res, err
	}
	return res, tx.SetInboundResult(ctx, row.ID, res.Status, res.TicketID, msgID, res.Flags)
}

// routeMail attaches the mail to its request or opens a new one.
func (s *Service) routeMail(ctx context.Context, tx *store.Tx, in *inboundMail) (InboundResult, int64, error) {
	res := InboundResult{}
	target, forged, err := s.findRequest(ctx, tx, in.p)
	if err != nil {
		return res, 0, err
	}
	if forged {
		res.Flags = append(res.Flags, FlagForgedToken)
	}
	if len(in.problems) > 0 {
		res.Flags = append(res.Flags, FlagMailProblems)
	}
	if target != nil && target.State != ticket.Closed {
		res.Status, res.TicketID = store.InboundReply, target.ID
		msgID, flags, err := s.addMailReply(ctx, tx, target, in, res.Flags)
		res.Flags = flags
		return res, msgID, err
	}
	tk, msgID, err := s.createFromMail(ctx, tx, in, target)
	if err != nil {
		return res, 0, err
	}
	res.Status, res.TicketID = store.InboundCreated, tk.ID
	return res, msgID, s.noteMail(ctx, tx, tk, in, res.Flags, "")
}

var subjectNumber = regexp.MustCompile(`(?i)demande\s*(?:n°\s*|no\.?\s*)?(\d{4}-\d{6})`)

// findRequest finds the request a mail answers: by its reply token, then by the
// ids it answers, then by the number in its subject. forged reports a token that
// does not verify (it is then ignored).
func (s *Service) findRequest(ctx context.Context, tx *store.Tx, p *gmail.Parsed) (*ticket.Ticket, bool, error) {
	forged := false
	if tok := gmail.TokenIn(p.Recipients, addressOf(s.mailConfig().ReplyTo)); tok != "" {
		key, err := s.replyKey(ctx, tx)
		if err != nil {
			return nil, false, err
		}
		if id, ok := gmail.CheckReplyToken(key, tok); ok {
			tk, err := tx.FindTicketByID(ctx, id)
			if err == nil {
				return tk, false, nil
			}
			if !errs.Is(err, errs.NotFound) {
				return nil, false, err
			}
		}
		forged = true
	}
	ids := append(append([]string{}, p.InReplyTo...), p.References...)
	id, found, err := tx.FindTicketIDByMailIDs(ctx, ids)
	if err != nil {
		return nil, forged, err
	}
	if !found {
		if m := subjectNumber.FindStringSubmatch(p.Subject); m != nil {
			if id, found, err = tx.FindTicketIDByNumber(ctx, m[1]); err != nil {
				return nil, forged, err
			}
		}
	}
	if !found {
		return nil, forged, nil
	}
	tk, err := tx.FindTicketByID(ctx, id)
	return tk, forged, err
}

// addMailReply adds the mail as a company message on tk, which reopens it (the
// rule of AddMessage), and flags a sender who is not the request's contact.
func (s *Service) addMailReply(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, in *inboundMail, flags []string) (int64, []string, error) {
	contact, err := s.contactEmail(ctx, tx, tk)
	if err != nil {
		return 0, flags, err
	}
	if !strings.EqualFold(contact, in.p.From) {
		flags = append(flags, FlagSenderMismatch)
	}
	m := ticket.Message{Kind: ticket.Inbound, Body: mailBody(in.p), Attachments: in.files}
	now := s.clock()
	read := tk.Version
	changes, err := tk.Receive(m, now)
	if err != nil {
		return 0, flags, err
	}
	routed, err := s.routeMessage(ctx, tx, access.System(), tk, &m, now)
	if err != nil {
		return 0, flags, err
	}
	changes = append(changes, routed...)
	if err := tx.UpdateTicket(ctx, tk, read); err != nil {
		return 0, flags, err
	}
	m.TicketID, m.CreatedAt = tk.ID, now
	if err := tx.CreateMessage(ctx, &m); err != nil {
		return 0, flags, err
	}
	if err := tx.CreateAudit(ctx, tk.ID, 0, now, "mail", changes); err != nil {
		return 0, flags, err
	}
	if err := s.messageAdded(ctx, tx, access.System(), tk, &m); err != nil {
		return 0, flags, err
	}
	return m.ID, flags, s.noteMail(ctx, tx, tk, in, flags, contact)
}

// createFromMail opens a request from a mail (prior is the closed request it
// answers, if any).
func (s *Service) createFromMail(ctx context.Context, tx *store.Tx, in *inboundMail, prior *ticket.Ticket) (*ticket.Ticket, int64, error) {
	p := in.p
	nt := NewTicket{Channel: string(ticket.Email), Subject: mailSubject(p.Subject), Body: mailBody(p),
		Attachments: in.files}
	nt.Company = s.mailCompany(ctx, tx, p)
	if email, err := company.NormalizeEmail(p.From); err == nil {
		nt.Contact = &ContactInput{Name: truncateRunes(p.FromName, 200), Email: strings.ToLower(email)}
	}
	d, err := s.draftTicketIn(ctx, tx, access.System(), nt)
	if err != nil && nt.Contact != nil {
		nt.Contact = nil // an address the domain refuses must not lose the mail
		d, err = s.draftTicketIn(ctx, tx, access.System(), nt)
	}
	if err != nil {
		return nil, 0, err
	}
	ctx = context.WithValue(ctx, inboundMailKey{}, p.MessageID)
	w, err := s.writeTicket(ctx, tx, access.System(), d, "", "")
	if err != nil {
		return nil, 0, err
	}
	tk, err := writtenTicket(ctx, tx, w) // read only when routing chose an assignee
	if err != nil {
		return nil, 0, err
	}
	if prior != nil {
		in.problems = append([]string{fmt.Sprintf("suite de la demande %s, close", prior.Number)}, in.problems...)
	}
	return tk, w.messageID, nil
}

var siretInText = regexp.MustCompile(`\b\d{3}\s?\d{3}\s?\d{3}\s?\d{5}\b`)

// mailCompany finds the sender's company: by the address among the contacts,
// else by a SIRET quoted in the text that the catalog knows.
func (s *Service) mailCompany(ctx context.Context, tx *store.Tx, p *gmail.Parsed) *CompanyInput {
	if refs, err := tx.FindContactsByEmail(ctx, p.From); err == nil {
		for _, r := range refs {
			if r.SIRET != "" {
				return &CompanyInput{SIRET: r.SIRET, Name: r.CompanyName}
			}
		}
	}
	for _, m := range siretInText.FindAllString(p.Text, 5) {
		siret, err := company.NormalizeSIRET(m)
		if err != nil {
			continue
		}
		if c, err := tx.FindCompanyBySIRET(ctx, siret); err == nil {
			return &CompanyInput{SIRET: c.SIRET, Name: c.Name}
		}
	}
	return nil
}

// noteMail leaves an internal note for the agent when a mail needs a look: a
// sender who is not the contact, a forged token, what could not be read.
func (s *Service) noteMail(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, in *inboundMail, flags []string, contact string) error {
	var lines []string
	var changes []ticket.Change
	for _, f := range flags {
		switch f {
		case FlagSenderMismatch:
			lines = append(lines, fmt.Sprintf("Ce mail vient de %s, qui n'est pas le contact de la demande (%s). Vérifiez avant de répondre.",
				in.p.From, orDefault(contact, "aucune adresse")))
			changes = append(changes, ticket.Change{Field: "mail_sender_mismatch", Old: contact, New: in.p.From})
		case FlagForgedToken:
			lines = append(lines, "L'adresse de réponse portait un jeton invalide (falsifié ou abîmé) : il a été ignoré.")
			changes = append(changes, ticket.Change{Field: "mail_forged_token", New: gmail.TokenIn(in.p.Recipients, addressOf(s.mailConfig().ReplyTo))})
		}
	}
	for _, pr := range in.problems {
		lines = append(lines, "Mail : "+pr+".")
	}
	if len(lines) == 0 {
		return nil
	}
	now := s.clock()
	if err := tx.CreateAudit(ctx, tk.ID, 0, now, "mail", changes); err != nil {
		return err
	}
	note := ticket.Message{TicketID: tk.ID, Kind: ticket.Note, AuthorName: "Guichet", Body: truncate(strings.Join(lines, "\n"), 10_000),
		CreatedAt: now}
	return tx.CreateMessage(ctx, &note)
}

// mailBody is the message text of a mail: the new part, within the size limit.
func mailBody(p *gmail.Parsed) string {
	body := strings.TrimSpace(p.Body)
	if body == "" {
		body = "(mail sans texte)"
	}
	if len(body) > ticket.MaxBody-200 {
		body = truncateRunes(body, ticket.MaxBody/2) + "\n\n[… texte tronqué : le mail complet est conservé avec la demande]"
	}
	return strings.ToValidUTF8(strings.ReplaceAll(body, "\x00", ""), "\uFFFD")
}

func mailSubject(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\x00", ""))
	if s == "" {
		return "(sans objet)"
	}
	return truncateRunes(s, 200)
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// ReceivedMail is an incoming mail as the agent sees it beside the request: the
// full text (before quotes and signature were folded), the files and the flags.
type ReceivedMail struct {
	ID          int64
	Mailbox     string
	MessageID   string
	From        string
	Subject     string
	Status      string
	Reason      string
	TicketID    int64
	MessageRef  int64
	Flags       []string
	FullText    string
	Attachments string // JSON [{name, type, size, kept, reason}]
	ReceivedAt  time.Time
}

// TicketMails lists the mails a request received, oldest first.
func (s *Service) TicketMails(ctx context.Context, a access.Actor, ticketID int64) ([]ReceivedMail, error) {
	if _, err := s.Ticket(ctx, a, ticketID); err != nil {
		return nil, err
	}
	rows, err := s.store.FindInboundMails(ctx, ticketID)
	return receivedMails(rows), err
}

// IgnoredMails lists the latest mails that created nothing (auto-replies,
// bounces, list mail, duplicates), for an administrator checking the mailboxes.
func (s *Service) IgnoredMails(ctx context.Context, a access.Actor, limit int) ([]ReceivedMail, error) {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return nil, err
	}
	rows, err := s.store.FindIgnoredMails(ctx, limit)
	return receivedMails(rows), err
}

func receivedMails(rows []store.InboundMail) []ReceivedMail {
	out := make([]ReceivedMail, len(rows))
	for i, r := range rows {
		out[i] = ReceivedMail{ID: r.ID, Mailbox: r.Mailbox, MessageID: r.MessageID, From: r.From, Subject: r.Subject,
			Status: r.Status, Reason: r.Reason, TicketID: r.TicketID, MessageRef: r.MessageRef, Flags: r.Flags,
			FullText: r.FullText, Attachments: r.Attachments, ReceivedAt: r.ReceivedAt}
	}
	return out
}
