package core

import (
	"context"
	"fmt"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// Ticket returns one request, if the actor may read it.
func (s *Service) Ticket(ctx context.Context, a access.Actor, id int64) (*ticket.Ticket, error) {
	tk, err := s.store.FindTicketByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := a.Check(access.ReadTicket, tk.TeamID); err != nil {
		return nil, err
	}
	return tk, nil
}

// TicketPage is one page of a list, and the cursor of the next page (nil at the end).
type TicketPage struct {
	Items []*ticket.Ticket
	Next  *ticket.Cursor
}

// Tickets lists the requests a filter selects, one page at a time.
func (s *Service) Tickets(ctx context.Context, a access.Actor, f ticket.Filter) (TicketPage, error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return TicketPage{}, err
	}
	if f.Sort == "" {
		f.Sort = ticket.NewestFirst
	}
	if !f.Sort.Valid() {
		return TicketPage{}, errs.Field("sort", fmt.Sprintf("tri inconnu « %s » (created_desc, created_asc ou due_asc)", f.Sort))
	}
	items, more, err := s.store.FindTickets(ctx, f)
	if err != nil {
		return TicketPage{}, err
	}
	page := TicketPage{Items: items}
	if more && len(items) > 0 {
		last := items[len(items)-1]
		page.Next = &ticket.Cursor{Key: f.Sort.SortKey(last), ID: last.ID}
	}
	return page, nil
}

// UpdateTicket changes a request's fields and state. version, when not 0, is the
// version the caller read: if someone changed the request since, the update is a
// conflict rather than a silent overwrite.
func (s *Service) UpdateTicket(ctx context.Context, a access.Actor, id int64, u ticket.Update, version int) (*ticket.Ticket, error) {
	if err := s.authorize(ctx, a, access.UpdateTicket, id); err != nil {
		return nil, err
	}
	if err := s.checkUpdate(ctx, u); err != nil {
		return nil, err
	}
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		tk, err := tx.FindTicketByID(ctx, id)
		if err != nil {
			return err
		}
		if err := a.Check(access.UpdateTicket, tk.TeamID); err != nil {
			return err // the team changed since authorize read it
		}
		if version != 0 && version != tk.Version {
			return errs.E(errs.Conflict, "La demande %s a été modifiée entre-temps (version %d, vous aviez la %d) : rechargez-la.",
				tk.Number, tk.Version, version)
		}
		if err := checkAssignee(ctx, tx, tk, u); err != nil {
			return err
		}
		read := tk.Version
		now := s.clock()
		changes, err := tk.Apply(u, now)
		if err != nil || len(changes) == 0 {
			return err
		}
		routed, err := s.routeUpdate(ctx, tx, a, tk, changes, now)
		if err != nil {
			return err
		}
		changes = append(changes, routed...)
		if err := tx.UpdateTicket(ctx, tk, read); err != nil {
			return err
		}
		if err := tx.CreateAudit(ctx, tk.ID, a.UserID, now, "", changes); err != nil {
			return err
		}
		return s.ticketUpdated(ctx, tx, a, tk, changes)
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindTicketByID(ctx, id)
}

// checkAssignee checks that a new assignee is an active account allowed to work
// the request in the team it will be in.
func checkAssignee(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, u ticket.Update) error {
	if u.AssigneeID == nil || *u.AssigneeID == 0 || *u.AssigneeID == tk.AssigneeID {
		return nil
	}
	user, err := tx.FindUserByID(ctx, *u.AssigneeID)
	if errs.Is(err, errs.NotFound) {
		return errs.Field("assignee_id", fmt.Sprintf("aucun compte n° %d", *u.AssigneeID))
	}
	if err != nil {
		return err
	}
	team := tk.TeamID
	if u.TeamID != nil {
		team = *u.TeamID
	}
	if !user.Active || !user.Actor().Can(access.UpdateTicket, team) {
		return errs.Field("assignee_id", fmt.Sprintf("%s ne peut pas traiter une demande de ce service", user.Name))
	}
	return nil
}

// checkUpdate checks the parts of an update that need the configuration: the topic
// and the team must exist.
func (s *Service) checkUpdate(ctx context.Context, u ticket.Update) error {
	var f errs.Fields
	if u.Topic != nil {
		s.checkTopic(ctx, &f, *u.Topic)
	}
	if u.TeamID != nil {
		s.checkTeam(ctx, &f, *u.TeamID)
	}
	return f.Err()
}

func (s *Service) checkTeam(ctx context.Context, f *errs.Fields, id string) {
	teams, err := s.store.FindTeams(ctx)
	checkActive(f, "team", "service", id, teams, err, func(t ticket.Team) (string, bool) { return t.ID, t.Active })
}

// authorize checks a ticket action before the change is attempted. A refusal is
// itself written in the ticket's audit trail.
func (s *Service) authorize(ctx context.Context, a access.Actor, action access.Action, id int64) error {
	tk, err := s.store.FindTicketByID(ctx, id)
	if err != nil {
		return err
	}
	if err := a.Check(action, tk.TeamID); err != nil {
		s.auditDenied(ctx, a, action, tk.ID)
		return err
	}
	return nil
}

// auditDenied records a refused action; failing to record it is logged, and does
// not change the answer (the action stays refused).
func (s *Service) auditDenied(ctx context.Context, a access.Actor, action access.Action, ticketID int64) {
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		return tx.CreateAudit(ctx, ticketID, a.UserID, s.clock(), "", []ticket.Change{{Field: "access_denied", New: string(action)}})
	})
	if err != nil {
		s.log.Error("audit of a refused action failed", "ticket", ticketID, "err", err)
	}
}

// History returns a request's audit trail.
func (s *Service) History(ctx context.Context, a access.Actor, id int64) ([]ticket.AuditEntry, error) {
	if _, err := s.Ticket(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.FindAudit(ctx, id)
}
