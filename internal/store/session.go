package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
)

// Session is a signed-in browser as stored: the hash of its cookie token, never
// the token itself.
type Session struct {
	ID         int64
	TokenHash  string
	UserID     int64
	CSRFSecret string
	Lang       string
	IP         string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // when it ends if not used again (idle or absolute limit)
}

// CreateSession stores a new session and sets its id.
func (t *Tx) CreateSession(ctx context.Context, s *Session) error {
	var err error
	s.ID, err = t.insert(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_secret, lang, ip, created_at,
		last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.TokenHash, s.UserID, s.CSRFSecret, s.Lang, s.IP,
		micros(s.CreatedAt), micros(s.LastSeenAt), micros(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// FindSessionByTokenHash reads a session with its user, whether or not it has
// expired (the caller decides, with its clock). An unknown hash is unauthorized.
func (s *Store) FindSessionByTokenHash(ctx context.Context, hash string) (*Session, *access.User, error) {
	var se Session
	row := s.reader().queryRow(ctx, `SELECT x.id, x.token_hash, x.user_id, x.csrf_secret, x.lang, x.ip, x.created_at,
		x.last_seen_at, x.expires_at, `+userColumns+` FROM sessions x JOIN users u ON u.id = x.user_id
		WHERE x.token_hash = ?`, hash)
	u, err := scanUser(prefixed{row, []any{&se.ID, &se.TokenHash, &se.UserID, &se.CSRFSecret, &se.Lang, &se.IP,
		nullTime{&se.CreatedAt}, nullTime{&se.LastSeenAt}, nullTime{&se.ExpiresAt}}})
	if isNoRows(err) {
		return nil, nil, errs.E(errs.Unauthorized, "Session inconnue ou terminée : reconnectez-vous.")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: find session: %w", err)
	}
	return &se, u, nil
}

// prefixed scans some columns into dest before handing the rest to a scan
// function written for a row of its own (scanUser).
type prefixed struct {
	r    scanner
	dest []any
}

func (p prefixed) Scan(rest ...any) error { return p.r.Scan(append(p.dest, rest...)...) }

// TouchSession records that a session was used at seen, and moves its end.
func (t *Tx) TouchSession(ctx context.Context, id int64, seen, expires time.Time) error {
	_, err := t.exec(ctx, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?", micros(seen), micros(expires), id)
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// SetSessionLang records the language a session's pages are shown in.
func (t *Tx) SetSessionLang(ctx context.Context, id int64, lang string) error {
	if _, err := t.exec(ctx, "UPDATE sessions SET lang = ? WHERE id = ?", lang, id); err != nil {
		return fmt.Errorf("store: session language: %w", err)
	}
	return nil
}

// DeleteSession ends a session; ending an unknown one is not an error (a second
// sign-out, or one after expiry, has nothing left to do).
func (t *Tx) DeleteSession(ctx context.Context, hash string) error {
	if _, err := t.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions purges the sessions that ended by now.
func (t *Tx) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := t.exec(ctx, "DELETE FROM sessions WHERE expires_at <= ?", micros(now))
	if err != nil {
		return 0, fmt.Errorf("store: purge sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// CreateLoginFailure records a failed sign-in for the address typed, and forgets
// that address's failures older than since (they no longer count).
func (t *Tx) CreateLoginFailure(ctx context.Context, email, ip string, at, since time.Time) error {
	if _, err := t.exec(ctx, "DELETE FROM login_failures WHERE email = ? AND at < ?", email, micros(since)); err != nil {
		return fmt.Errorf("store: login failures: %w", err)
	}
	if _, err := t.exec(ctx, "INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)", email, ip, micros(at)); err != nil {
		return fmt.Errorf("store: login failure: %w", err)
	}
	return nil
}

// FindLoginFailures returns the times of the address's failed sign-ins since
// since (excluded), most recent first, at most limit of them.
func (s *Store) FindLoginFailures(ctx context.Context, email string, since time.Time, limit int) ([]time.Time, error) {
	return s.reader().FindLoginFailures(ctx, email, since, limit)
}

// FindLoginFailures is the same read inside a transaction.
func (t *Tx) FindLoginFailures(ctx context.Context, email string, since time.Time, limit int) ([]time.Time, error) {
	rows, err := t.query(ctx, fmt.Sprintf(`SELECT at FROM login_failures WHERE email = ? AND at > ?
		ORDER BY at DESC LIMIT %d`, limit), email, micros(since))
	if err != nil {
		return nil, fmt.Errorf("store: login failures: %w", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(nullTime{&at}); err != nil {
			return nil, fmt.Errorf("store: login failures: %w", err)
		}
		out = append(out, at)
	}
	return out, rows.Err()
}

// DeleteLoginFailures forgets an address's failed sign-ins (after a success).
func (t *Tx) DeleteLoginFailures(ctx context.Context, email string) error {
	if _, err := t.exec(ctx, "DELETE FROM login_failures WHERE email = ?", email); err != nil {
		return fmt.Errorf("store: login failures: %w", err)
	}
	return nil
}
