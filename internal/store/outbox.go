package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// OutMail is one row of the outbox: a rendered mail waiting for delivery, sent,
// or failed for good.
type OutMail struct {
	ID            int64
	Key           string // unique when set: a second mail with the same key is not queued
	Template      string
	Lang          string
	TicketID      int64
	Recipients    []string
	Subject       string
	MessageID     string // without angle brackets
	Raw           string // the whole message as sent over SMTP
	State         string // OutPending, OutSent, OutFailed
	Attempts      int
	NextAttemptAt time.Time
	LeaseOwner    string
	LeaseUntil    time.Time
	LastError     string
	CreatedAt     time.Time
	SentAt        time.Time
}

// The states of an outbox row.
const (
	OutPending = "pending"
	OutSent    = "sent"
	OutFailed  = "failed"
)

const outCols = `id, COALESCE(dedup_key, ''), template, lang, COALESCE(ticket_id, 0), recipients, subject, message_id,
	raw, state, attempts, next_attempt_at, lease_owner, lease_until, last_error, created_at, sent_at`

func scanOutMail(r scanner) (*OutMail, error) {
	var m OutMail
	var to string
	err := r.Scan(&m.ID, &m.Key, &m.Template, &m.Lang, &m.TicketID, &to, &m.Subject, &m.MessageID, &m.Raw, &m.State,
		&m.Attempts, nullTime{&m.NextAttemptAt}, &m.LeaseOwner, nullTime{&m.LeaseUntil}, &m.LastError,
		nullTime{&m.CreatedAt}, nullTime{&m.SentAt})
	if to != "" {
		m.Recipients = strings.Split(to, ",")
	}
	return &m, err
}

// CreateOutMail queues m. With a key already queued it writes nothing and
// returns created=false, so that a job run twice sends once.
func (t *Tx) CreateOutMail(ctx context.Context, m *OutMail) (created bool, err error) {
	// One row or none: a QueryRow, which the SQLite writer runs prepared (a
	// multi-row Query is parsed again each time, see batch.go).
	err = t.queryRow(ctx, `INSERT INTO outbox (dedup_key, template, lang, ticket_id, recipients, subject, message_id,
		raw, state, attempts, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
		ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
		nullString(m.Key), m.Template, m.Lang, nullID(m.TicketID), strings.Join(m.Recipients, ","), m.Subject,
		m.MessageID, m.Raw, micros(m.NextAttemptAt), micros(m.CreatedAt)).Scan(&m.ID)
	if isNoRows(err) {
		return false, nil // the key was queued before
	}
	if err != nil {
		return false, fmt.Errorf("store: queue mail: %w", err)
	}
	m.State = OutPending
	return true, nil
}

// ClaimOutMails leases up to limit due pending rows to owner until leaseUntil and
// counts the attempt. The conditions are repeated on the updated row itself so
// that, on PostgreSQL, an instance that lost the race for a row re-checks it after
// the winner's commit and skips it.
func (t *Tx) ClaimOutMails(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]*OutMail, error) {
	n := micros(now)
	rows, err := t.query(ctx, `UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
			AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id LIMIT ?)
		AND state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
		RETURNING `+outCols, owner, micros(leaseUntil), n, n, limit, n, n)
	if err != nil {
		return nil, fmt.Errorf("store: claim mails: %w", err)
	}
	defer rows.Close()
	var out []*OutMail
	for rows.Next() {
		m, err := scanOutMail(rows)
		if err != nil {
			return nil, fmt.Errorf("store: claim mails: %w", err)
		}
		out = append(out, m)
	}
	// RETURNING gives no order: deliver the oldest first.
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, rows.Err()
}

// MarkOutMailSent records a delivery by the lease's owner. It returns false when
// the lease was lost (expired and taken by another sender).
func (t *Tx) MarkOutMailSent(ctx context.Context, id int64, owner string, at time.Time) (bool, error) {
	res, err := t.exec(ctx, `UPDATE outbox SET state = 'sent', sent_at = ?, lease_owner = '', lease_until = NULL, last_error = ''
		WHERE id = ? AND lease_owner = ? AND state = 'pending'`, micros(at), id, owner)
	if err != nil {
		return false, fmt.Errorf("store: mail sent: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkOutMailFailed records a failed attempt: the row is due again at retryAt,
// or failed for good when retryAt is zero.
func (t *Tx) MarkOutMailFailed(ctx context.Context, id int64, owner, reason string, retryAt time.Time) error {
	state, next := OutPending, micros(retryAt)
	if retryAt.IsZero() {
		state, next = OutFailed, int64(0)
	}
	_, err := t.exec(ctx, `UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ?, lease_owner = '', lease_until = NULL
		WHERE id = ? AND lease_owner = ? AND state = 'pending'`, state, next, reason, id, owner)
	if err != nil {
		return fmt.Errorf("store: mail failed: %w", err)
	}
	return nil
}

// RetryOutMail makes a failed mail due again at now, with its attempts reset.
func (t *Tx) RetryOutMail(ctx context.Context, id int64, now time.Time) (bool, error) {
	res, err := t.exec(ctx, `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, last_error = ''
		WHERE id = ? AND state = 'failed'`, micros(now), id)
	if err != nil {
		return false, fmt.Errorf("store: retry mail: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// OutMailFilter selects outbox rows; zero fields do not filter.
type OutMailFilter struct {
	TicketID int64
	State    string
	Limit    int
}

// FindOutMails lists outbox rows, oldest first.
func (s *Store) FindOutMails(ctx context.Context, f OutMailFilter) ([]*OutMail, error) {
	var w where
	if f.TicketID != 0 {
		w.add("ticket_id = ?", f.TicketID)
	}
	if f.State != "" {
		w.add("state = ?", f.State)
	}
	rows, err := s.reader().query(ctx, `SELECT `+outCols+` FROM outbox`+w.String()+` ORDER BY id LIMIT ?`,
		append(w.args, clampLimit(f.Limit))...)
	if err != nil {
		return nil, fmt.Errorf("store: find mails: %w", err)
	}
	defer rows.Close()
	var out []*OutMail
	for rows.Next() {
		m, err := scanOutMail(rows)
		if err != nil {
			return nil, fmt.Errorf("store: find mails: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ThreadMessageIDs returns the Message-IDs of every mail of a request, received
// or sent, oldest first, so that a new mail names them in References.
func (t *Tx) ThreadMessageIDs(ctx context.Context, ticketID int64) ([]string, error) {
	rows, err := t.query(ctx, `SELECT message_id, at, kind FROM (
			SELECT message_id, created_at AS at, 1 AS kind FROM outbox WHERE ticket_id = ?
			UNION ALL
			SELECT message_id, received_at AS at, 0 AS kind FROM inbound_mail WHERE ticket_id = ? AND message_id <> ''
		) mails ORDER BY at, kind`, ticketID, ticketID)
	if err != nil {
		return nil, fmt.Errorf("store: thread: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		var at, kind int64
		if err := rows.Scan(&id, &at, &kind); err != nil {
			return nil, fmt.Errorf("store: thread: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// MailTemplate is an administrator's version of a mail template.
type MailTemplate struct {
	Name      string
	Lang      string
	Source    string
	UpdatedAt time.Time
	UpdatedBy int64
}

// FindMailTemplates returns every template an administrator changed.
func (s *Store) FindMailTemplates(ctx context.Context) ([]MailTemplate, error) {
	return s.reader().FindMailTemplates(ctx)
}

// FindMailTemplates returns every template an administrator changed.
func (t *Tx) FindMailTemplates(ctx context.Context) ([]MailTemplate, error) {
	rows, err := t.query(ctx, `SELECT name, lang, source, updated_at, COALESCE(updated_by, 0) FROM mail_templates ORDER BY name, lang`)
	if err != nil {
		return nil, fmt.Errorf("store: mail templates: %w", err)
	}
	defer rows.Close()
	var out []MailTemplate
	for rows.Next() {
		var m MailTemplate
		if err := rows.Scan(&m.Name, &m.Lang, &m.Source, nullTime{&m.UpdatedAt}, &m.UpdatedBy); err != nil {
			return nil, fmt.Errorf("store: mail templates: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SaveMailTemplate stores an administrator's version of a template.
func (t *Tx) SaveMailTemplate(ctx context.Context, m MailTemplate) error {
	_, err := t.exec(ctx, `INSERT INTO mail_templates (name, lang, source, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name, lang) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at,
		updated_by = excluded.updated_by`, m.Name, m.Lang, m.Source, micros(m.UpdatedAt), nullID(m.UpdatedBy))
	if err != nil {
		return fmt.Errorf("store: save mail template: %w", err)
	}
	return nil
}

// DeleteMailTemplate drops an administrator's version: the default applies again.
func (t *Tx) DeleteMailTemplate(ctx context.Context, name, lang string) error {
	_, err := t.exec(ctx, `DELETE FROM mail_templates WHERE name = ? AND lang = ?`, name, lang)
	if err != nil {
		return fmt.Errorf("store: delete mail template: %w", err)
	}
	return nil
}

// EnsureMailKey returns the secret stored under name, storing candidate first
// when there is none; every instance thus ends up with the same secret.
func (t *Tx) EnsureMailKey(ctx context.Context, name, candidate string, now time.Time) (string, error) {
	if _, err := t.exec(ctx, `INSERT INTO mail_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		name, candidate, micros(now)); err != nil {
		return "", fmt.Errorf("store: mail key: %w", err)
	}
	var v string
	if err := t.queryRow(ctx, `SELECT value FROM mail_keys WHERE name = ?`, name).Scan(&v); err != nil {
		return "", fmt.Errorf("store: mail key: %w", err)
	}
	return v, nil
}

// FindMailTemplate returns an administrator's version of a template; found is
// false when the default applies.
func (t *Tx) FindMailTemplate(ctx context.Context, name, lang string) (m MailTemplate, found bool, err error) {
	err = t.queryRow(ctx, `SELECT name, lang, source, updated_at, COALESCE(updated_by, 0) FROM mail_templates
		WHERE name = ? AND lang = ?`, name, lang).Scan(&m.Name, &m.Lang, &m.Source, nullTime{&m.UpdatedAt}, &m.UpdatedBy)
	if isNoRows(err) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("store: mail template: %w", err)
	}
	return m, true, nil
}
