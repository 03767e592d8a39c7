package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/ticket"
)

// FindDueTickets lists the active requests with a running due time between
// from and to — the first response not given, the answer owed, the resolution
// while its clock runs — by id, after the id after: what the SLA job looks
// at. Each due time has its index, so the window is three index ranges.
func (s *Store) FindDueTickets(ctx context.Context, from, to time.Time, after int64, limit int) ([]*ticket.Ticket, error) {
	f, t := micros(from), micros(to)
	return s.ticketRows(ctx, "SELECT "+ticketColumns+ticketFrom+` WHERE t.id > ? AND t.state NOT IN ('resolved', 'closed') AND (
		(t.due_first_response BETWEEN ? AND ? AND t.first_response_at IS NULL)
		OR (t.due_next_response BETWEEN ? AND ?)
		OR (t.due_resolution BETWEEN ? AND ? AND t.sla_paused_at IS NULL))`+
		fmt.Sprintf(" ORDER BY t.id LIMIT %d", limit), after, f, t, f, t, f, t)
}

// FindUnanswered lists the active requests past a response due time without
// that response — the first response not given, or the answer owed after a
// company reply (or a call) — oldest due first, after the cursor.
func (s *Store) FindUnanswered(ctx context.Context, now time.Time, after *ticket.Cursor, limit int) ([]*ticket.Ticket, error) {
	n := micros(now)
	where := ` WHERE t.due_at IS NOT NULL AND t.due_at <= ?
		AND ((t.first_response_at IS NULL AND t.due_first_response <= ?) OR t.due_next_response <= ?)`
	args := []any{n, n, n}
	if after != nil {
		where += " AND (t.due_at, t.id) > (?, ?)"
		args = append(args, micros(after.Key), after.ID)
	}
	return s.ticketRows(ctx, "SELECT "+ticketColumns+ticketFrom+where+
		fmt.Sprintf(" ORDER BY t.due_at, t.id LIMIT %d", limit), args...)
}

// CountUnanswered counts what FindUnanswered lists (for the digest and the
// badge of the supervisors' view); the set is meant to be empty.
func (s *Store) CountUnanswered(ctx context.Context, now time.Time) (int, error) {
	n := micros(now)
	var c int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM tickets t WHERE t.due_at IS NOT NULL AND t.due_at <= ?
		AND ((t.first_response_at IS NULL AND t.due_first_response <= ?) OR t.due_next_response <= ?)`, n, n, n).Scan(&c)
	if err != nil {
		return 0, fmt.Errorf("store: count unanswered: %w", err)
	}
	return c, nil
}

func (s *Store) ticketRows(ctx context.Context, q string, args ...any) ([]*ticket.Ticket, error) {
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tickets: %w", err)
	}
	defer rows.Close()
	var out []*ticket.Ticket
	for rows.Next() {
		tk, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("store: tickets: %w", err)
		}
		out = append(out, tk)
	}
	return out, rows.Err()
}

// CreateDigest records the digest of unanswered requests of a day; created is
// false when that day's digest was already recorded (by another instance, or
// before a restart), and then nothing is written.
func (t *Tx) CreateDigest(ctx context.Context, day string, count int, at time.Time) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO sla_digests (day, count, created_at) VALUES (?, ?, ?)
		ON CONFLICT (day) DO NOTHING`, day, count, micros(at))
	if err != nil {
		return false, fmt.Errorf("store: digest: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
