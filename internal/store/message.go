package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/ticket"
)

// CreateMessage adds a message to its ticket and sets its id.
func (t *Tx) CreateMessage(ctx context.Context, m *ticket.Message) error {
	var err error
	m.ID, err = t.insert(ctx, `INSERT INTO messages (ticket_id, kind, author_id, body, call_duration_ms, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		m.TicketID, m.Kind, nullID(m.AuthorID), m.Body, m.CallDuration.Milliseconds(), micros(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: create message: %w", err)
	}
	return t.createAttachments(ctx, m)
}

// FindMessages returns a ticket's messages, oldest first.
func (s *Store) FindMessages(ctx context.Context, ticketID int64) ([]ticket.Message, error) {
	rows, err := s.reader().query(ctx, `SELECT m.id, m.ticket_id, m.kind, m.author_id, COALESCE(u.name, ''), m.body,
		m.call_duration_ms, m.created_at
		FROM messages m LEFT JOIN users u ON u.id = m.author_id
		WHERE m.ticket_id = ? ORDER BY m.id`, ticketID)
	if err != nil {
		return nil, fmt.Errorf("store: find messages: %w", err)
	}
	defer rows.Close()
	var out []ticket.Message
	for rows.Next() {
		var m ticket.Message
		var ms int64
		if err := rows.Scan(&m.ID, &m.TicketID, &m.Kind, nullInt{&m.AuthorID}, &m.AuthorName, &m.Body, &ms,
			nullTime{&m.CreatedAt}); err != nil {
			return nil, fmt.Errorf("store: find messages: %w", err)
		}
		m.CallDuration = time.Duration(ms) * time.Millisecond
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.attachMessages(ctx, ticketID, out)
}

// CreateAudit stores the changes made to a ticket by one action.
func (t *Tx) CreateAudit(ctx context.Context, ticketID int64, actorID int64, at time.Time, rule string, changes []ticket.Change) error {
	for _, c := range changes {
		_, err := t.exec(ctx, `INSERT INTO audit (ticket_id, at, actor_id, field, old_value, new_value, rule)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, ticketID, micros(at), nullID(actorID), c.Field, c.Old, c.New, rule)
		if err != nil {
			return fmt.Errorf("store: audit: %w", err)
		}
	}
	return nil
}

// FindAudit returns a ticket's audit trail, oldest first.
func (s *Store) FindAudit(ctx context.Context, ticketID int64) ([]ticket.AuditEntry, error) {
	rows, err := s.reader().query(ctx, `SELECT a.id, a.ticket_id, a.at, a.actor_id, COALESCE(u.name, ''), a.field,
		a.old_value, a.new_value, a.rule
		FROM audit a LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.ticket_id = ? ORDER BY a.id`, ticketID)
	if err != nil {
		return nil, fmt.Errorf("store: find audit: %w", err)
	}
	defer rows.Close()
	var out []ticket.AuditEntry
	for rows.Next() {
		var a ticket.AuditEntry
		if err := rows.Scan(&a.ID, &a.TicketID, nullTime{&a.At}, nullInt{&a.ActorID}, &a.ActorName, &a.Field,
			&a.Old, &a.New, &a.Rule); err != nil {
			return nil, fmt.Errorf("store: find audit: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// IdempotentTicket is what an earlier request with the same idempotency key created.
type IdempotentTicket struct {
	TicketID    int64
	RequestHash string
}

// FindIdempotencyKey returns the ticket an earlier request of the user made with key;
// found is false when the key is new.
func (t *Tx) FindIdempotencyKey(ctx context.Context, userID int64, key string) (it IdempotentTicket, found bool, err error) {
	err = t.queryRow(ctx, `SELECT ticket_id, request_hash FROM idempotency_keys WHERE user_id = ? AND key = ?`,
		userID, key).Scan(&it.TicketID, &it.RequestHash)
	if isNoRows(err) {
		return it, false, nil
	}
	if err != nil {
		return it, false, fmt.Errorf("store: idempotency key: %w", err)
	}
	return it, true, nil
}

// CreateIdempotencyKey records that key made ticketID; a concurrent request with the
// same key makes it a conflict (the caller then reads the winner's ticket).
func (t *Tx) CreateIdempotencyKey(ctx context.Context, userID int64, key, hash string, ticketID int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO idempotency_keys (user_id, key, request_hash, ticket_id, created_at)
		VALUES (?, ?, ?, ?, ?)`, userID, key, hash, ticketID, micros(at))
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	return err
}
