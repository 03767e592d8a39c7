package core

import (
	"context"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// NewMessage is a message added to an existing request.
type NewMessage struct {
	Kind        string `json:"kind"`
	Body        string `json:"body"`
	CallSeconds int    `json:"call_duration_seconds,omitempty"`
	// Attachments are files kept by StoreAttachment, written with the message.
	Attachments []ticket.Attachment `json:"-"`
	// Via is the channel the message came by (an e-mail reply to a web
	// request is "email"), whose limits bound the attachments; the request's
	// own channel when empty.
	Via ticket.Channel `json:"-"`
}

// actionFor is the permission a kind of message needs.
func actionFor(k ticket.MessageKind) access.Action {
	switch k {
	case ticket.Note:
		return access.NoteTicket
	case ticket.Inbound:
		return access.UpdateTicket // recording what the company wrote, e.g. a letter
	}
	return access.ReplyTicket
}

// AddMessage adds a message to a request and applies its effect: a company message
// reopens, the first answer stamps the first response, a closed request takes only
// internal notes.
func (s *Service) AddMessage(ctx context.Context, a access.Actor, id int64, in NewMessage) (*ticket.Message, error) {
	m := ticket.Message{Kind: ticket.MessageKind(strings.TrimSpace(in.Kind)), Body: strings.TrimSpace(in.Body),
		CallDuration: secondsDuration(in.CallSeconds), AuthorID: a.UserID, AuthorName: a.Name, Attachments: in.Attachments}
	if m.Kind == ticket.Inbound {
		m.AuthorID, m.AuthorName = 0, ""
	}
	if err := s.authorize(ctx, a, actionFor(m.Kind), id); err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		tk, err := tx.FindTicketByID(ctx, id)
		if err != nil {
			return err
		}
		if err := a.Check(actionFor(m.Kind), tk.TeamID); err != nil {
			return err
		}
		if err := s.checkAttachments(viaChannel(in.Via, tk.Channel), m.Attachments); err != nil {
			return err
		}
		return s.writeMessage(ctx, tx, a, tk, &m, s.clock())
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// writeMessage adds m to tk inside tx with its effects: the domain's (a company
// message reopens, the first answer stamps the first response), routing's (SLA
// clocks), the ticket row when they changed it, the audit entries and the hooks
// (mail, live events). Every way a message is added goes through it.
func (s *Service) writeMessage(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, m *ticket.Message, now time.Time) error {
	read := tk.Version
	changes, err := tk.Receive(*m, now)
	if err != nil {
		return err
	}
	routed, err := s.routeMessage(ctx, tx, a, tk, m, now)
	if err != nil {
		return err
	}
	changes = append(changes, routed...)
	if tk.Version != read || len(routed) > 0 {
		if err := tx.UpdateTicket(ctx, tk, read); err != nil {
			return err
		}
	}
	m.TicketID, m.CreatedAt = tk.ID, now
	if err := tx.CreateMessage(ctx, m); err != nil {
		return err
	}
	if err := tx.CreateAudit(ctx, tk.ID, a.UserID, now, "", changes); err != nil {
		return err
	}
	return s.messageAdded(ctx, tx, a, tk, m)
}

// Messages returns a request's conversation, oldest first.
func (s *Service) Messages(ctx context.Context, a access.Actor, id int64) ([]ticket.Message, error) {
	if _, err := s.Ticket(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.FindMessages(ctx, id)
}

// secondsDuration turns a count of seconds from a form or the API into a duration;
// the domain rejects negative or absurd values.
func secondsDuration(n int) time.Duration { return time.Duration(n) * time.Second }
