package core

import (
	"context"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// routeNew decides, before a new request is written, which team holds it, who
// works it and its SLA due times. The changes it returns join the creation's
// audit entry.
func (s *Service) routeNew(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket) ([]ticket.Change, error) {
	return nil, nil
}

// routeUpdate re-evaluates routing and SLA after an update changed tk (already
// applied in memory, not yet written); changes lists what the update changed.
func (s *Service) routeUpdate(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, changes []ticket.Change, now time.Time) ([]ticket.Change, error) {
	return nil, nil
}

// routeMessage adjusts SLA due times after a message changed tk (in memory, not
// yet written): a company reply resumes the clock, an answer stops it.
func (s *Service) routeMessage(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, m *ticket.Message, now time.Time) ([]ticket.Change, error) {
	return nil, nil
}
