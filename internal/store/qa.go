package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/routing"
)

// CreateQA publishes a question and its answer on a consultation.
func (t *Tx) CreateQA(ctx context.Context, q *routing.QA, by int64) error {
	var err error
	q.ID, err = t.insert(ctx, `INSERT INTO qa_entries (consultation_ref, question, answer, ticket_id, published_by,
		published_at) VALUES (?, ?, ?, ?, ?, ?)`, q.ConsultationRef, q.Question, q.Answer, nullID(q.TicketID),
		nullID(by), micros(q.PublishedAt))
	if err != nil {
		return fmt.Errorf("store: create Q&A: %w", err)
	}
	return nil
}

const qaColumns = "SELECT id, consultation_ref, question, answer, COALESCE(ticket_id, 0), published_at FROM qa_entries"

// FindQAs lists a consultation's published questions and answers, oldest first
// (the order candidates read them in).
func (s *Store) FindQAs(ctx context.Context, ref string) ([]routing.QA, error) {
	return s.qaRows(ctx, qaColumns+" WHERE consultation_ref = ? ORDER BY published_at, id", ref)
}

// FindQAsByTicket lists the questions and answers published from a request.
func (s *Store) FindQAsByTicket(ctx context.Context, ticketID int64) ([]routing.QA, error) {
	return s.qaRows(ctx, qaColumns+" WHERE ticket_id = ? ORDER BY id", ticketID)
}

func (s *Store) qaRows(ctx context.Context, q string, args ...any) ([]routing.QA, error) {
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: Q&A: %w", err)
	}
	defer rows.Close()
	var out []routing.QA
	for rows.Next() {
		var e routing.QA
		if err := rows.Scan(&e.ID, &e.ConsultationRef, &e.Question, &e.Answer, &e.TicketID, nullTime{&e.PublishedAt}); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SubscribeQA records that an address wants the consultation's new answers; a
// second subscription is a no-op.
func (t *Tx) SubscribeQA(ctx context.Context, ref, email string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO qa_subscriptions (consultation_ref, email, created_at) VALUES (?, ?, ?)
		ON CONFLICT (consultation_ref, email) DO NOTHING`, ref, email, micros(at))
	if err != nil {
		return fmt.Errorf("store: subscribe Q&A: %w", err)
	}
	return nil
}

// FindQARecipients lists, without duplicates and in order, the addresses told
// of a consultation's new answer: the contacts of the companies that asked
// about it, and the subscribers.
func (t *Tx) FindQARecipients(ctx context.Context, ref string) ([]string, error) {
	rows, err := t.query(ctx, `SELECT k.email FROM tickets t JOIN contacts k ON k.id = t.contact_id
		WHERE t.consultation_ref = ? AND k.email <> ''
		UNION SELECT email FROM qa_subscriptions WHERE consultation_ref = ? ORDER BY 1`, ref, ref)
	if err != nil {
		return nil, fmt.Errorf("store: Q&A recipients: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
