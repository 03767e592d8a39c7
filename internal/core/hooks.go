package core

import (
	"context"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// The use cases that change a request (CreateTicket, UpdateTicket, AddMessage) call
// the features that react to the change here, inside the same transaction, so that
// a routing decision, a queued mail or a live event is written with the change or
// not at all. Each feature keeps its reaction in its own file:
//
//   - routing.go: team, assignee, SLA due times and their pauses (routeNew,
//     routeUpdate, routeMessage), before the ticket row is written;
//   - outbox.go: the mails the change sends (mailOnCreate, mailOnMessage);
//   - live.go: the events the workspace shows live (publishTicket).
//
// A reaction returns audit changes when it changes the ticket itself, so that
// the trail says which rule did what.

// ticketCreated runs after a new request, its first message and its audit entry
// are written.
func (s *Service) ticketCreated(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, first *ticket.Message) error {
	if err := s.routeCreated(ctx, tx, tk); err != nil { // routing.go: audit the rules' changes
		return err
	}
	if err := s.mailOnCreate(ctx, tx, tk, first); err != nil {
		return err
	}
	if err := s.indexTicket(ctx, tx, tk, first.Body, true); err != nil { // search.go: searchable once committed
		return err
	}
	s.publishTicket(tx, tk, "created")
	return nil
}

// ticketUpdated runs after a request's fields or state changed.
func (s *Service) ticketUpdated(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, changes []ticket.Change) error {
	if err := s.checkCallbackClosing(ctx, tx, tk, changes); err != nil { // telephony.go: a callback closes once settled
		return err
	}
	if err := s.indexTicket(ctx, tx, tk, "", false); err != nil { // search.go: subject, topic, state
		return err
	}
	s.publishTicket(tx, tk, "updated")
	return nil
}

// messageAdded runs after a message is written on an existing request.
func (s *Service) messageAdded(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, m *ticket.Message) error {
	if err := s.mailOnMessage(ctx, tx, tk, m); err != nil {
		return err
	}
	if err := s.indexMessage(ctx, tx, tk, m); err != nil { // search.go
		return err
	}
	s.publishTicket(tx, tk, "message")
	return nil
}
