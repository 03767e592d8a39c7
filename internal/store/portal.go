package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// PortalSession is a signed-in company contact as stored: the hash of its
// cookie token, never the token.
type PortalSession struct {
	ID         int64
	TokenHash  string
	Email      string
	CSRFSecret string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// CreatePortalLink stores a sign-in link by the hash of its token.
func (t *Tx) CreatePortalLink(ctx context.Context, hash, email string, created, expires time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO portal_links (token_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hash, email, micros(created), micros(expires))
	if err != nil {
		return fmt.Errorf("store: create portal link: %w", err)
	}
	return nil
}

// UsePortalLink marks the link used and returns its address, if it is unused
// and not expired at now; otherwise found is false. The update is the claim:
// two clicks at once cannot both succeed.
func (t *Tx) UsePortalLink(ctx context.Context, hash string, now time.Time) (email string, found bool, err error) {
	err = t.queryRow(ctx, `UPDATE portal_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL
		AND expires_at > ? RETURNING email`, micros(now), hash, micros(now)).Scan(&email)
	if isNoRows(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: use portal link: %w", err)
	}
	return email, true, nil
}

// CreatePortalSession stores a new portal session and sets its id.
func (t *Tx) CreatePortalSession(ctx context.Context, s *PortalSession) error {
	var err error
	s.ID, err = t.insert(ctx, `INSERT INTO portal_sessions (token_hash, email, csrf_secret, created_at, last_seen_at,
		expires_at) VALUES (?, ?, ?, ?, ?, ?)`, s.TokenHash, s.Email, s.CSRFSecret, micros(s.CreatedAt),
		micros(s.LastSeenAt), micros(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: create portal session: %w", err)
	}
	return nil
}

// FindPortalSession reads a portal session, expired or not (the caller
// decides with its clock); an unknown hash is unauthorized.
func (s *Store) FindPortalSession(ctx context.Context, hash string) (*PortalSession, error) {
	var p PortalSession
	err := s.reader().queryRow(ctx, `SELECT id, token_hash, email, csrf_secret, created_at, last_seen_at, expires_at
		FROM portal_sessions WHERE token_hash = ?`, hash).Scan(&p.ID, &p.TokenHash, &p.Email, &p.CSRFSecret,
		nullTime{&p.CreatedAt}, nullTime{&p.LastSeenAt}, nullTime{&p.ExpiresAt})
	if isNoRows(err) {
		return nil, errs.E(errs.Unauthorized, "Session inconnue ou terminée : demandez un nouveau lien.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: find portal session: %w", err)
	}
	return &p, nil
}

// TouchPortalSession records that the session was used and pushes its end.
func (t *Tx) TouchPortalSession(ctx context.Context, id int64, seen, expires time.Time) error {
	_, err := t.exec(ctx, `UPDATE portal_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`,
		micros(seen), micros(expires), id)
	return err
}

// DeletePortalSession ends a portal session.
func (t *Tx) DeletePortalSession(ctx context.Context, hash string) error {
	_, err := t.exec(ctx, `DELETE FROM portal_sessions WHERE token_hash = ?`, hash)
	return err
}

// PurgePortal deletes the ended portal sessions, the links expired before
// now, and the rate events older than since.
func (t *Tx) PurgePortal(ctx context.Context, now, since time.Time) error {
	for _, q := range []struct {
		sql string
		at  time.Time
	}{
		{`DELETE FROM portal_sessions WHERE expires_at <= ?`, now},
		{`DELETE FROM portal_links WHERE expires_at <= ?`, now},
		{`DELETE FROM rate_events WHERE at < ?`, since},
	} {
		if _, err := t.exec(ctx, q.sql, micros(q.at)); err != nil {
			return fmt.Errorf("store: purge portal: %w", err)
		}
	}
	return nil
}

// CountRateEvents counts a bucket's events since a time.
func (t *Tx) CountRateEvents(ctx context.Context, bucket string, since time.Time) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM rate_events WHERE bucket = ? AND at >= ?`, bucket, micros(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count rate events: %w", err)
	}
	return n, nil
}

// CountRateEvents counts a bucket's events since a time, outside a write.
func (s *Store) CountRateEvents(ctx context.Context, bucket string, since time.Time) (int, error) {
	return s.reader().CountRateEvents(ctx, bucket, since)
}

// CreateRateEvent counts one event of a bucket.
func (t *Tx) CreateRateEvent(ctx context.Context, bucket string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO rate_events (bucket, at) VALUES (?, ?)`, bucket, micros(at))
	if err != nil {
		return fmt.Errorf("store: rate event: %w", err)
	}
	return nil
}

// portalVisible is the condition that a ticket t belongs to the contact
// address ?1 — through its own contact row, or (allSIRET) through any contact
// with that address in the same company. The address is bound twice.
const portalVisible = `(t.contact_id IN (SELECT id FROM contacts WHERE email = ?)
	OR (? = 1 AND t.company_id IN (SELECT company_id FROM contacts WHERE email = ? AND company_id IS NOT NULL)))`

// FindPortalTickets lists the requests a company contact may follow, newest
// first (at most limit).
func (s *Store) FindPortalTickets(ctx context.Context, email string, allSIRET bool, limit int) ([]*ticket.Ticket, error) {
	rows, err := s.reader().query(ctx, "SELECT "+ticketColumns+ticketFrom+" WHERE "+portalVisible+
		" ORDER BY t.created_at DESC, t.id DESC LIMIT ?", email, boolInt(allSIRET), email, limit)
	if err != nil {
		return nil, fmt.Errorf("store: portal tickets: %w", err)
	}
	defer rows.Close()
	var out []*ticket.Ticket
	for rows.Next() {
		tk, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("store: portal tickets: %w", err)
		}
		out = append(out, tk)
	}
	return out, rows.Err()
}

// FindPortalTicket reads one request by its number if the contact may follow
// it; any other number — unknown or someone else's — is the same not-found
// error, so that trying numbers tells nothing.
func (s *Store) FindPortalTicket(ctx context.Context, email string, allSIRET bool, number string) (*ticket.Ticket, error) {
	tk, err := scanTicket(s.reader().queryRow(ctx, "SELECT "+ticketColumns+ticketFrom+" WHERE t.number = ? AND "+
		portalVisible, number, email, boolInt(allSIRET), email))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "Aucune de vos demandes ne porte ce numéro.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: portal ticket: %w", err)
	}
	return tk, nil
}

// EnsureSecret returns the secret stored under name, storing candidate first
// when there is none: every instance ends up with the first one written.
func (s *Store) EnsureSecret(ctx context.Context, name, candidate string, at time.Time) (string, error) {
	err := s.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO portal_keys (name, secret, created_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, name, candidate, micros(at))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: secret: %w", err)
	}
	var secret string
	if err := s.read.QueryRowContext(ctx, s.dialect.rebind(`SELECT secret FROM portal_keys WHERE name = ?`), name).Scan(&secret); err != nil {
		return "", fmt.Errorf("store: secret: %w", err)
	}
	return secret, nil
}
