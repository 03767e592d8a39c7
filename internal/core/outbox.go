package core

import (
	"context"

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
}

// OutFile is a file attached to an OutMail.
type OutFile struct {
	Name        string
	ContentType string
	Data        []byte
}

// queueMail renders m and writes it to the outbox within tx.
func (s *Service) queueMail(ctx context.Context, tx *store.Tx, m OutMail) error {
	return nil
}

// mailOnCreate queues the acknowledgement of a new request sent by a company.
func (s *Service) mailOnCreate(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, first *ticket.Message) error {
	return nil
}

// mailOnMessage queues the mail carrying an answer to the company.
func (s *Service) mailOnMessage(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, m *ticket.Message) error {
	return nil
}
