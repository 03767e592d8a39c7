// Package mail is Guichet's e-mail: composing the mails the cell sends (with the
// threading headers that make mail clients group a request's mails), the French
// templates they are rendered from, the reply token that ties an answer to its
// request, and reading the mails companies send (MIME, charsets, quotes and
// signatures, auto-replies). It knows nothing of the database: internal/core
// calls it; the SMTP sender and the IMAP poller live in its subpackages.
package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"
)

// Message is a mail to compose.
type Message struct {
	From    string   // "Cellule marchés publics <cellule@region.example>"
	ReplyTo string   // may carry the request's reply token
	To      []string // addresses
	Subject string
	Text    string // the plain-text part, always present
	HTML    string // the HTML alternative; empty for text only
	// MessageID is the mail's id without angle brackets (see NewMessageID).
	MessageID string
	// InReplyTo and References thread the mail under the request's earlier ones.
	InReplyTo  string
	References []string
	Date       time.Time
	// AutoSubmitted, when set ("auto-replied", "auto-generated", RFC 3834), tells
	// the company's auto-responder not to answer, so that two robots never loop.
	AutoSubmitted string
	Headers       map[string]string // extra headers, e.g. X-Guichet-Ticket
	Files         []File
}

// File is an attachment of a composed mail.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// NewMessageID returns a new, globally unique Message-ID in domain. It begins
// with the time in microseconds, in fixed-width hexadecimal, so that IDs sort in
// the order they are made: the outbox's unique index on message_id then grows
// at its end, where the other new mails' entries are, instead of at a random
// page that each commit must write back (docs/perf.md, "Creation, third pass").
// Twelve random bytes keep it unique across instances and unguessable.
func NewMessageID(domain string) string {
	var b [12]byte
	rand.Read(b[:])
	return fmt.Sprintf("guichet.%014x.%s@%s", time.Now().UnixMicro(), hex.EncodeToString(b[:]), domain)
}

// Compose renders m as an RFC 5322 message, 7-bit clean: headers with non-ASCII
// text are RFC 2047-encoded, text parts quoted-printable, files base64.
func Compose(m Message) ([]byte, error) {
	var h gomail.Header
	from, err := gomail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("mail: expéditeur invalide %q: %w", m.From, err)
	}
	h.SetAddressList("From", []*gomail.Address{from})
	to, err := parseList(m.To)
	if err != nil {
		return nil, err
	}
	h.SetAddressList("To", to)
	if m.ReplyTo != "" {
		rt, err := gomail.ParseAddress(m.ReplyTo)
		if err != nil {
			return nil, fmt.Errorf("mail: adresse de réponse invalide %q: %w", m.ReplyTo, err)
		}
		h.SetAddressList("Reply-To", []*gomail.Address{rt})
	}
	h.SetSubject(oneLine(m.Subject))
	h.SetDate(m.Date)
	h.SetMessageID(m.MessageID)
	if m.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{m.InReplyTo})
	}
	if len(m.References) > 0 {
		h.SetMsgIDList("References", m.References)
	}
	if m.AutoSubmitted != "" {
		h.Set("Auto-Submitted", m.AutoSubmitted)
		h.Set("X-Auto-Response-Suppress", "All")
	}
	for k, v := range m.Headers {
		h.Set(k, oneLine(v))
	}
	var buf bytes.Buffer
	if err := writeBody(&buf, h, m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeBody writes the text (and HTML) alternatives, then the files.
func writeBody(buf *bytes.Buffer, h gomail.Header, m Message) error {
	if len(m.Files) == 0 {
		iw, err := gomail.CreateInlineWriter(buf, h)
		if err != nil {
			return err
		}
		if err := writeAlternatives(iw, m); err != nil {
			return err
		}
		return iw.Close()
	}
	w, err := gomail.CreateWriter(buf, h)
	if err != nil {
		return err
	}
	iw, err := w.CreateInline()
	if err != nil {
		return err
	}
	if err := writeAlternatives(iw, m); err != nil {
		return err
	}
	if err := iw.Close(); err != nil {
		return err
	}
	for _, f := range m.Files {
		var ah gomail.AttachmentHeader
		ah.Set("Content-Type", orType(f.ContentType))
		ah.SetFilename(f.Name)
		aw, err := w.CreateAttachment(ah)
		if err != nil {
			return err
		}
		if _, err := aw.Write(f.Data); err != nil {
			return err
		}
		if err := aw.Close(); err != nil {
			return err
		}
	}
	return w.Close()
}

func writeAlternatives(iw *gomail.InlineWriter, m Message) error {
	parts := []struct{ typ, body string }{{"text/plain", m.Text}}
	if m.HTML != "" {
		parts = append(parts, struct{ typ, body string }{"text/html", m.HTML})
	}
	for _, p := range parts {
		var ih gomail.InlineHeader
		ih.SetContentType(p.typ, map[string]string{"charset": "utf-8"})
		ih.Set("Content-Transfer-Encoding", "quoted-printable")
		pw, err := iw.CreatePart(ih)
		if err != nil {
			return err
		}
		if _, err := pw.Write([]byte(strings.ReplaceAll(p.body, "\r\n", "\n"))); err != nil {
			return err
		}
		if err := pw.Close(); err != nil {
			return err
		}
	}
	return nil
}

func parseList(addrs []string) ([]*gomail.Address, error) {
	if len(addrs) == 0 {
		return nil, fmt.Errorf("mail: aucun destinataire")
	}
	out := make([]*gomail.Address, 0, len(addrs))
	for _, a := range addrs {
		p, err := gomail.ParseAddress(a)
		if err != nil {
			return nil, fmt.Errorf("mail: destinataire invalide %q: %w", a, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func orType(t string) string {
	if t == "" {
		return "application/octet-stream"
	}
	return t
}

// oneLine keeps a header value on one line: a template or a subject typed by a
// company must never inject a header.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
