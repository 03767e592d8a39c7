package store

import (
	"context"
	"fmt"
	"time"
)

// RetentionField is the audit field that marks a request anonymised by the
// retention job: its presence is what makes the job idempotent.
const RetentionField = "retention"

// RetentionCandidate is a finished request due for anonymisation.
type RetentionCandidate struct {
	ID       int64
	Number   string
	ClosedAt time.Time // closure, or resolution when never closed
}

// FindRetentionCandidates lists the requests finished (closed, or resolved and
// never closed) before cutoff and not yet anonymised, by id after after, at most
// limit. A resolved request counts from its resolution: closing is optional in
// the workflow, and a request left resolved must not keep its data forever.
func (s *Store) FindRetentionCandidates(ctx context.Context, cutoff time.Time, after int64, limit int) ([]RetentionCandidate, error) {
	rows, err := s.reader().query(ctx, fmt.Sprintf(`SELECT t.id, t.number, COALESCE(t.closed_at, t.resolved_at) FROM tickets t
		WHERE t.state IN ('closed', 'resolved') AND COALESCE(t.closed_at, t.resolved_at) < ? AND t.id > ?
		AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.ticket_id = t.id AND a.field = ?)
		ORDER BY t.id LIMIT %d`, limit), micros(cutoff), after, RetentionField)
	if err != nil {
		return nil, fmt.Errorf("store: retention candidates: %w", err)
	}
	defer rows.Close()
	var out []RetentionCandidate
	for rows.Next() {
		var c RetentionCandidate
		if err := rows.Scan(&c.ID, &c.Number, nullTime{&c.ClosedAt}); err != nil {
			return nil, fmt.Errorf("store: retention candidates: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Anonymised is what replaces personal data.
type Anonymised struct {
	Subject, Body, ContactName, AttachmentName string
}

// AnonymiseTicket replaces the personal data of one finished request: its
// subject, message bodies, attachment names, the mails sent and received about
// it (addresses, subjects, texts), the survey's address and comment, the
// callback and call numbers, and its contact's name, e-mail and phone when no
// request of that contact is still within its retention period (cutoff). It
// keeps the figures: channel, topic, scope, outcome, team, dates, durations,
// the company and the rating. It writes the audit entry that marks the
// request done and returns the ids of its messages (to drop from the search
// index); done is false when another run got there first.
func (t *Tx) AnonymiseTicket(ctx context.Context, id int64, at, cutoff time.Time, rule string, a Anonymised) (messages []int64, done bool, err error) {
	// Lock the row first (PostgreSQL): a second instance waits here, then sees
	// the audit entry below and does nothing.
	if _, err := t.exec(ctx, "UPDATE tickets SET version = version + 1 WHERE id = ?", id); err != nil {
		return nil, false, fmt.Errorf("store: anonymise %d: %w", id, err)
	}
	var already int
	if err := t.queryRow(ctx, "SELECT count(*) FROM audit WHERE ticket_id = ? AND field = ?", id, RetentionField).Scan(&already); err != nil {
		return nil, false, fmt.Errorf("store: anonymise %d: %w", id, err)
	}
	if already > 0 {
		return nil, false, nil
	}
	steps := []struct {
		query string
		args  []any
	}{
		{"UPDATE tickets SET subject = ?, updated_at = ? WHERE id = ?", []any{a.Subject, micros(at), id}},
		{"UPDATE messages SET body = ? WHERE ticket_id = ?", []any{a.Body, id}},
		{"UPDATE attachments SET name = ? WHERE ticket_id = ?", []any{a.AttachmentName, id}},
		{"UPDATE outbox SET recipients = '', subject = ?, raw = '' WHERE ticket_id = ? AND state <> 'pending'", []any{a.Subject, id}},
		{"UPDATE inbound_mail SET from_addr = '', subject = ?, full_text = '' WHERE ticket_id = ?", []any{a.Subject, id}},
		{"UPDATE surveys SET email = '', comment = '' WHERE ticket_id = ?", []any{id}},
		{"UPDATE callbacks SET phone = '', open_phone = NULL WHERE ticket_id = ?", []any{id}},
		{"UPDATE calls SET from_number = '', to_number = '' WHERE ticket_id = ?", []any{id}},
		{`UPDATE contacts SET name = ?, email = '', phone = '' WHERE id = (SELECT contact_id FROM tickets WHERE id = ?)
			AND NOT EXISTS (SELECT 1 FROM tickets o WHERE o.contact_id = contacts.id
				AND (o.state NOT IN ('closed', 'resolved') OR COALESCE(o.closed_at, o.resolved_at, ?) >= ?))`, []any{a.ContactName, id, micros(cutoff), micros(cutoff)}},
		{"INSERT INTO audit (ticket_id, at, actor_id, field, old_value, new_value, rule) VALUES (?, ?, NULL, ?, '', 'anonymised', ?)",
			[]any{id, micros(at), RetentionField, rule}},
	}
	for _, st := range steps {
		if _, err := t.exec(ctx, st.query, st.args...); err != nil {
			return nil, false, fmt.Errorf("store: anonymise %d: %w", id, err)
		}
	}
	rows, err := t.query(ctx, "SELECT id FROM messages WHERE ticket_id = ? ORDER BY id", id)
	if err != nil {
		return nil, false, fmt.Errorf("store: anonymise %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m int64
		if err := rows.Scan(&m); err != nil {
			return nil, false, err
		}
		messages = append(messages, m)
	}
	return messages, true, rows.Err()
}
