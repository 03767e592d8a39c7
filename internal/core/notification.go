package core

import (
	"context"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/store"
)

// Notification is an SLA warning or breach on a request, as the workspace
// lists it.
type Notification = store.Notification

// NotificationPage is one page of notifications, newest first, with the
// number of those the account had not seen before.
type NotificationPage struct {
	Items  []Notification
	Unseen int
	Next   int64 // the id to pass as before for the next page; 0 at the end
}

// notificationFilter is what an account sees: supervisors and admins every
// request's notifications, the others those of the requests assigned to them.
func notificationFilter(a access.Actor) store.NotificationFilter {
	if a.Role == access.Admin || a.Role == access.Supervisor {
		return store.NotificationFilter{}
	}
	return store.NotificationFilter{AssigneeID: a.UserID}
}

// NotificationBadge counts the notifications the account has not seen (at
// most 100).
func (s *Service) NotificationBadge(ctx context.Context, a access.Actor) (int, error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return 0, err
	}
	seen, err := s.store.LastSeenNotification(ctx, a.UserID)
	if err != nil {
		return 0, err
	}
	f := notificationFilter(a)
	f.AfterID = seen
	return s.store.CountNotifications(ctx, f)
}

// Notifications lists the account's notifications, newest first, before the
// id before (0: from the newest). The first page marks them seen, which
// clears the badge.
func (s *Service) Notifications(ctx context.Context, a access.Actor, before int64) (NotificationPage, error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return NotificationPage{}, err
	}
	seen, err := s.store.LastSeenNotification(ctx, a.UserID)
	if err != nil {
		return NotificationPage{}, err
	}
	f := notificationFilter(a)
	f.BeforeID, f.Limit = before, 51
	items, err := s.store.FindNotifications(ctx, f)
	if err != nil {
		return NotificationPage{}, err
	}
	p := NotificationPage{Items: items}
	if len(items) == 51 {
		p.Items = items[:50]
		p.Next = p.Items[49].ID
	}
	for _, n := range p.Items {
		if n.ID > seen {
			p.Unseen++
		}
	}
	if before == 0 && len(p.Items) > 0 && p.Items[0].ID > seen && a.UserID != 0 {
		err = s.store.Write(ctx, func(tx *store.Tx) error {
			return tx.SetLastSeenNotification(ctx, a.UserID, p.Items[0].ID)
		})
	}
	return p, err
}
