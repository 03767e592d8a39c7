package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/access"
)

// Notification is a warning before an SLA due time, or a breach at it, on one
// request.
type Notification struct {
	ID        int64
	TicketID  int64
	Target    string // first_response, next_response, resolution
	DueAt     time.Time
	Kind      string // warning, breach
	CreatedAt time.Time
	// Read side: the request it is about.
	Number     string
	Subject    string
	TeamID     string
	AssigneeID int64
}

// CreateNotification records a notification unless the same one (request,
// target, due time, kind) exists: created is false then, and nothing is
// written, so that two instances or a restart never record it twice.
func (t *Tx) CreateNotification(ctx context.Context, n *Notification) (bool, error) {
	rows, err := t.query(ctx, `INSERT INTO sla_notifications (ticket_id, target, due_at, kind, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (ticket_id, target, due_at, kind) DO NOTHING RETURNING id`,
		n.TicketID, n.Target, micros(n.DueAt), n.Kind, micros(n.CreatedAt))
	if err != nil {
		return false, fmt.Errorf("store: notification: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	return true, rows.Scan(&n.ID)
}

// NotificationFilter selects notifications.
type NotificationFilter struct {
	AssigneeID int64 // only those on requests assigned to this account; 0: all
	AfterID    int64 // only those newer than this id (the badge)
	BeforeID   int64 // only those older than this id (the next page); 0: from the newest
	Limit      int
}

const notificationSelect = `SELECT n.id, n.ticket_id, n.target, n.due_at, n.kind, n.created_at, t.number, t.subject,
	t.team_id, COALESCE(t.assignee_id, 0) FROM sla_notifications n JOIN tickets t ON t.id = n.ticket_id`

// FindNotifications lists notifications, newest first.
func (s *Store) FindNotifications(ctx context.Context, f NotificationFilter) ([]Notification, error) {
	where, args := notificationWhere(f)
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.reader().query(ctx, notificationSelect+where+fmt.Sprintf(" ORDER BY n.id DESC LIMIT %d", limit), args...)
	if err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.TicketID, &n.Target, nullTime{&n.DueAt}, &n.Kind, nullTime{&n.CreatedAt},
			&n.Number, &n.Subject, &n.TeamID, &n.AssigneeID); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// CountNotifications counts the notifications f selects (the badge), at most
// 100 of them: a badge says "99+" beyond.
func (s *Store) CountNotifications(ctx context.Context, f NotificationFilter) (int, error) {
	where, args := notificationWhere(f)
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM (SELECT n.id FROM sla_notifications n
		JOIN tickets t ON t.id = n.ticket_id`+where+` LIMIT 100) x`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count notifications: %w", err)
	}
	return n, nil
}

func notificationWhere(f NotificationFilter) (string, []any) {
	where, args := " WHERE n.id > ?", []any{f.AfterID}
	if f.BeforeID > 0 {
		where += " AND n.id < ?"
		args = append(args, f.BeforeID)
	}
	if f.AssigneeID != 0 {
		where += " AND t.assignee_id = ?"
		args = append(args, f.AssigneeID)
	}
	return where, args
}

// LastSeenNotification is the newest notification the account has seen.
func (s *Store) LastSeenNotification(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := s.reader().queryRow(ctx, "SELECT last_id FROM notification_seen WHERE user_id = ?", userID).Scan(&id)
	if isNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: notification seen: %w", err)
	}
	return id, nil
}

// SetLastSeenNotification records that the account has seen the notifications
// up to id; it never moves back.
func (t *Tx) SetLastSeenNotification(ctx context.Context, userID, id int64) error {
	_, err := t.exec(ctx, `INSERT INTO notification_seen (user_id, last_id) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET last_id = excluded.last_id WHERE notification_seen.last_id < excluded.last_id`,
		userID, id)
	if err != nil {
		return fmt.Errorf("store: notification seen: %w", err)
	}
	return nil
}

// FindActiveUsersByRole lists the active accounts of a role, by id: the
// supervisors an SLA alert or a digest goes to.
func (s *Store) FindActiveUsersByRole(ctx context.Context, role access.Role) ([]*access.User, error) {
	rows, err := s.reader().query(ctx, "SELECT "+userColumns+" FROM users u WHERE u.role = ? AND u.active = 1 ORDER BY u.id", string(role))
	if err != nil {
		return nil, fmt.Errorf("store: users by role: %w", err)
	}
	defer rows.Close()
	var out []*access.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
