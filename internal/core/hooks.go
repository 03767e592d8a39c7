package core

import (
	"context"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
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
// are written. pre is the work done before the transaction (create_prepare.go);
// nil when the caller did none. co and ct are the company and the contact the
// creation found or wrote, as stored (nil when it has none, or when the caller
// does not hold them: they are then read).
//
// Everything here runs on SQLite's one writer, which every write waits for:
// whatever can be computed before the transaction is (pre), and what the
// reactions need of the company and the contact is what the creation already
// holds, or else read once, by key.
func (s *Service) ticketCreated(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, first *ticket.Message,
	pre *createPrep, co *company.Company, ct *company.Contact) error {
	if err := s.routeCreated(ctx, tx, tk); err != nil { // routing.go: audit the rules' changes
		return err
	}
	full, err := s.withParties(ctx, tx, tk, co, ct)
	if err != nil {
		return err
	}
	if err := s.mailOnCreate(ctx, tx, full, first, pre.ackOrNil()); err != nil {
		return err
	}
	if err := s.queueRequest(ctx, tx, tk.ID); err != nil { // search_queue.go: indexed by the batched indexer
		return err
	}
	s.publishTicket(tx, tk, "created")
	return nil
}

// withParties returns a copy of a request just written with what its reactions
// read of its company (name, SIRET) and contact (e-mail); the other fields of
// Company and Contact are left empty. They are taken from co and ct, the stored
// rows the caller holds, and read only when the request names one the caller
// does not hold.
func (s *Service) withParties(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, co *company.Company, ct *company.Contact) (*ticket.Ticket, error) {
	full := *tk
	if (tk.CompanyID != 0 && co == nil) || (tk.ContactID != 0 && ct == nil) {
		stored, email, err := tx.FindTicketParties(ctx, tk.CompanyID, tk.ContactID)
		if err != nil {
			return nil, err
		}
		co, ct = &stored, &company.Contact{Email: email}
	}
	if tk.CompanyID != 0 {
		full.Company = &company.Company{ID: tk.CompanyID, Name: co.Name, SIRET: co.SIRET}
	}
	if tk.ContactID != 0 {
		full.Contact = &company.Contact{ID: tk.ContactID, CompanyID: tk.CompanyID, Email: ct.Email}
	}
	return &full, nil
}

// ticketUpdated runs after a request's fields or state changed.
func (s *Service) ticketUpdated(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, changes []ticket.Change) error {
	if err := s.checkCallbackClosing(ctx, tx, tk, changes); err != nil { // telephony.go: a callback closes once settled
		return err
	}
	if err := s.indexTicket(ctx, tx, tk); err != nil { // search.go: subject, topic, state
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
