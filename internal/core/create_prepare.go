package core

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// Work a creation does before its transaction.
//
// On SQLite every write runs on one writer goroutine, one after the other: what
// a creation computes inside store.Write is time every other write waits. The
// request's acknowledgement (rendered and composed as MIME) depends on the
// request as typed, except for what only the transaction knows — the ticket's
// number and id, the contact's stored address. So CreateTicket composes it
// before, with placeholders for the number and the reply token, and the
// transaction checks what it assumed: the same address and subject, a number
// and a token of the same length. When a check fails, the transaction composes
// it as before, so the outcome is the same either way; only the time spent
// differs (docs/perf.md). (The request's search terms were prepared here too;
// the batched indexer now analyses them, outside any transaction:
// search_queue.go.)

// createPrep is what CreateTicket prepared for a draft.
type createPrep struct {
	ack *preparedAck
}

func (p *createPrep) ackOrNil() *preparedAck {
	if p == nil {
		return nil
	}
	return p.ack
}

// preparedAck is an acknowledgement composed before its request has a number.
type preparedAck struct {
	to          string // the address it is composed for
	subject     string // the request's subject it was rendered with
	number      string // placeholder standing for the number
	token       string // placeholder standing for the reply token
	mailSubject string // the mail's subject, with the number placeholder
	messageID   string
	raw         string
}

// ackNumber stands for the request's number in a prepared acknowledgement: the
// shape of a real number ("2026-000123"), so that the encoders (quoted-printable
// bodies, RFC 2047 subject) treat both alike, and one no request ever gets.
const ackNumber = "0000-000000"

// prepareCreate does a draft's work that needs no transaction.
func (s *Service) prepareCreate(ctx context.Context, d *draft) *createPrep {
	return &createPrep{ack: s.prepareAck(ctx, d)}
}

// prepareAck renders and composes the acknowledgement of a draft, or returns
// nil when the draft gets none or when the result could differ from what
// queueMail would compose in the transaction.
func (s *Service) prepareAck(ctx context.Context, d *draft) *preparedAck {
	if !acknowledged(d.ticket.Channel) || d.contact == nil || d.contact.Email == "" {
		return nil
	}
	if id, ok := ctx.Value(inboundMailKey{}).(string); ok && id != "" {
		return nil // answers a company's mail: threadMail adds its headers
	}
	src, err := s.templateSource(ctx, nil, "ack", "fr")
	if err != nil || !plainNumber(src) {
		return nil // a template that transforms the number cannot take a placeholder
	}
	cfg := s.mailConfig()
	digits := len(strconv.FormatInt(s.mailSt.lastTicketID.Load()+1, 10))
	sigLen := len(gmail.ReplyToken([]byte{0}, 1)) - len("1-")
	p := &preparedAck{to: d.contact.Email, subject: d.ticket.Subject, number: ackNumber,
		token: strings.Repeat("0", digits) + "-" + strings.Repeat("z", sigLen)}
	tk := &ticket.Ticket{Number: p.number, Subject: d.ticket.Subject}
	data := mailData(cfg, nil, tk)
	for _, v := range data {
		if v, _ := v.(string); v != p.number && (strings.Contains(v, p.number) || strings.Contains(v, p.token)) {
			return nil // the placeholders must be found only where they were put
		}
	}
	r, err := s.renderMail(ctx, nil, "ack", "fr", data)
	if err != nil {
		return nil // queueMail reports it, in the transaction
	}
	msg := gmail.Message{From: cfg.From, To: []string{p.to}, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		MessageID: gmail.NewMessageID(cfg.Domain), Date: s.clock(), AutoSubmitted: autoSubmitted("ack"),
		// as threadMail sets them for a request's first mail
		ReplyTo: gmail.ReplyAddress(addressOf(cfg.ReplyTo), p.token), Headers: map[string]string{"X-Guichet-Ticket": p.number}}
	raw, err := gmail.Compose(msg)
	if err != nil {
		return nil
	}
	// Every placeholder put in must come out whole (an encoder may fold or
	// split a line inside one), and nothing else may look like one.
	want := strings.Count(r.Subject, p.number) + strings.Count(r.Text, p.number) + strings.Count(r.HTML, p.number) + 1
	p.raw = string(raw)
	if strings.Count(p.raw, p.number) != want || strings.Count(p.raw, p.token) != 1 {
		return nil
	}
	p.mailSubject, p.messageID = r.Subject, msg.MessageID
	return p
}

// templateComment matches the comments of a template (the field list at the top).
var templateComment = regexp.MustCompile(`(?s){{-?\s*/\*.*?\*/\s*-?}}`)

// plainNumber says whether a template source prints the number only as it is,
// {{.Number}}: one that slices or formats it would print a slice of the
// placeholder, which no substitution can then find.
func plainNumber(src string) bool {
	src = templateComment.ReplaceAllString(src, "")
	return strings.Count(src, "Number") == strings.Count(src, "{{.Number}}")
}

// queuePreparedAck writes a prepared acknowledgement of tk to the outbox, with
// its number and reply token put in; done is false when the preparation does not
// fit (another address or subject, a number or token of another length), and the
// caller composes the mail itself.
func (s *Service) queuePreparedAck(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, to string, p *preparedAck) (done bool, err error) {
	if p == nil || p.to != to || p.subject != tk.Subject || len(tk.Number) != len(p.number) {
		return false, nil
	}
	key, err := s.replyKey(ctx, tx)
	if err != nil {
		return false, err
	}
	token := gmail.ReplyToken(key, tk.ID)
	if len(token) != len(p.token) {
		return false, nil
	}
	raw, subject := p.fill(tk.Number, token)
	now := s.clock()
	row := &store.OutMail{Key: ackKey(tk.ID), Template: "ack", Lang: "fr", TicketID: tk.ID, Recipients: []string{to},
		Subject: subject, MessageID: p.messageID, Raw: raw, NextAttemptAt: now, CreatedAt: now}
	_, err = tx.CreateOutMail(ctx, row)
	return true, err
}

// fill returns the prepared mail and its subject with the request's number and
// reply token in place of the placeholders (of the same lengths).
func (p *preparedAck) fill(number, token string) (raw, subject string) {
	raw = strings.Replace(p.raw, p.token, token, 1)
	raw = strings.ReplaceAll(raw, p.number, number)
	return raw, strings.ReplaceAll(p.mailSubject, p.number, number)
}
