package core

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
)

// The limits of a workspace session and of password guessing.
const (
	// SessionIdle ends a session nobody used for a working day.
	SessionIdle = 8 * time.Hour
	// SessionMax ends any session a week after sign-in, used or not.
	SessionMax = 7 * 24 * time.Hour
	// LockoutFailures failed sign-ins for one address from one client IP within
	// LockoutWindow lock that address out for that IP until the oldest of them
	// leaves the window. Counting per IP means that someone guessing at an agent's
	// address locks out their own machine, not the agent working elsewhere.
	LockoutFailures = 5
	LockoutWindow   = 15 * time.Minute
	// IPLockoutFailures failed sign-ins from one IP within LockoutWindow, whatever
	// the addresses, lock that IP out: one machine cannot try a few passwords on
	// every account in turn. It is higher than LockoutFailures because a whole
	// office may sign in through one address.
	IPLockoutFailures = 20
	// touchEvery bounds the writes a browsing agent costs: last_seen_at moves at
	// most once a minute, so the idle limit is exact to a minute.
	touchEvery = time.Minute
)

// Langs are the languages of the workspace, the default first.
var Langs = []string{"fr", "en"}

// Session is a signed-in browser.
type Session struct {
	// Token is the cookie value. SignIn returns it; it is never stored (only its
	// hash is), so it is empty everywhere else.
	Token string
	// CSRF is the session's anti-forgery token, put in every form it posts.
	CSRF      string
	Lang      string // "fr" or "en"
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time // when it ends if not used again
	id        int64
}

// LockedOut is the cause of a sign-in refused because of repeated failures: the
// web layer reads it to say, in the page's language, how long to wait.
type LockedOut struct{ Minutes int }

func (l *LockedOut) Error() string { return fmt.Sprintf("locked out for %d min", l.Minutes) }

// SignIn checks a local account's password and opens a session. After
// LockoutFailures failures for an address from one IP within LockoutWindow, that
// IP is refused for that address, right password or not, until the window has
// passed; after IPLockoutFailures failures from one IP, for every address. The
// same address from another IP is not affected. Every attempt is logged
// (address, IP, result) for the security audit.
func (s *Service) SignIn(ctx context.Context, email, password, ip string) (Session, error) {
	key := failureKey(email)
	now := s.clock()
	if err := s.checkLockout(ctx, key, ip, now); err != nil {
		return Session{}, err
	}
	a, err := s.CheckPassword(ctx, email, password)
	if errs.Is(err, errs.Unauthorized) {
		return Session{}, s.recordFailure(ctx, key, ip, now, err)
	}
	if err != nil {
		return Session{}, err
	}
	sess, err := s.openSession(ctx, a, key, ip, now)
	if err != nil {
		return Session{}, err
	}
	s.log.InfoContext(ctx, "sign-in", "event", "auth.sign_in", "email", key, "ip", ip, "user", a.UserID)
	return sess, nil
}

// checkLockout refuses an address that failed too often lately from this IP,
// and an IP that failed too often on any address.
func (s *Service) checkLockout(ctx context.Context, key, ip string, now time.Time) error {
	since := now.Add(-LockoutWindow)
	fails, err := s.store.CountLoginFailures(ctx, key, ip, since, LockoutFailures)
	if err != nil {
		return err
	}
	limit := LockoutFailures
	if len(fails) < limit {
		limit = IPLockoutFailures
		if fails, err = s.store.CountLoginFailures(ctx, "", ip, since, limit); err != nil {
			return err
		}
	}
	if len(fails) < limit {
		return nil
	}
	s.log.WarnContext(ctx, "sign-in refused: locked out", "event", "auth.locked_out", "email", key, "ip", ip)
	return lockedOut(fails, limit, now)
}

// lockedOut is the refusal of a locked address or IP: until the oldest of the
// last limit failures leaves the window, in whole minutes rounded up.
func lockedOut(fails []time.Time, limit int, now time.Time) error {
	until := fails[limit-1].Add(LockoutWindow)
	minutes := max(1, int((until.Sub(now)+time.Minute-1)/time.Minute))
	unit := "minutes"
	if minutes == 1 {
		unit = "minute"
	}
	return &errs.Error{Code: errs.RateLimited, Err: &LockedOut{Minutes: minutes},
		Message: fmt.Sprintf("Trop de tentatives : réessayez dans %d %s.", minutes, unit)}
}

// recordFailure stores a failed attempt and returns the answer: the refusal, or
// the lock-out when this failure was the last one allowed.
func (s *Service) recordFailure(ctx context.Context, key, ip string, now time.Time, refused error) error {
	since := now.Add(-LockoutWindow)
	var fails, fromIP []time.Time
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateLoginFailure(ctx, key, ip, now, since); err != nil {
			return err
		}
		if err := tx.PurgeLoginFailures(ctx, ip, since); err != nil {
			return err
		}
		var err error
		if fails, err = tx.CountLoginFailures(ctx, key, ip, since, LockoutFailures); err != nil {
			return err
		}
		fromIP, err = tx.CountLoginFailures(ctx, "", ip, since, IPLockoutFailures)
		return err
	})
	if err != nil {
		return err
	}
	s.log.WarnContext(ctx, "sign-in failed", "event", "auth.failed", "email", key, "ip", ip, "failures", len(fails))
	limit := LockoutFailures
	if len(fails) < limit {
		fails, limit = fromIP, IPLockoutFailures
	}
	if len(fails) >= limit {
		s.log.WarnContext(ctx, "account locked out", "event", "auth.lockout", "email", key, "ip", ip,
			"minutes", int(LockoutWindow/time.Minute))
		return lockedOut(fails, limit, now)
	}
	return refused
}

// openSession creates the session of a successful sign-in, forgets the address's
// failures, and purges the sessions that have ended (of everybody: it is one
// indexed delete, and sign-ins are a few a day per agent).
func (s *Service) openSession(ctx context.Context, a access.Actor, key, ip string, now time.Time) (Session, error) {
	token, csrf := randomToken(), randomToken()
	row := &store.Session{TokenHash: tokenHash(token), UserID: a.UserID, CSRFSecret: csrf, Lang: Langs[0], IP: ip,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: sessionEnd(now, now)}
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteLoginFailures(ctx, key); err != nil {
			return err
		}
		if _, err := tx.DeleteExpiredSessions(ctx, now); err != nil {
			return err
		}
		return tx.CreateSession(ctx, row)
	})
	if err != nil {
		return Session{}, err
	}
	out := sessionOf(row)
	out.Token = token
	return out, nil
}

// SessionActor returns the actor behind a session cookie, and the session. An
// unknown, ended (idle or too old) session, or one whose account was deactivated,
// is unauthorized; an ended one is deleted on the way.
func (s *Service) SessionActor(ctx context.Context, token string) (access.Actor, Session, error) {
	expired := errs.E(errs.Unauthorized, "Votre session a expiré : reconnectez-vous.")
	if token == "" || len(token) > 100 {
		return access.Actor{}, Session{}, expired
	}
	row, u, err := s.store.FindSessionByTokenHash(ctx, tokenHash(token))
	if err != nil {
		return access.Actor{}, Session{}, err
	}
	now := s.clock()
	if !now.Before(row.ExpiresAt) || !u.Active {
		s.endSession(ctx, row.TokenHash)
		return access.Actor{}, Session{}, expired
	}
	if now.Sub(row.LastSeenAt) >= touchEvery {
		row.LastSeenAt, row.ExpiresAt = now, sessionEnd(row.CreatedAt, now)
		err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, row.ID, now, row.ExpiresAt) })
		if err != nil {
			return access.Actor{}, Session{}, err
		}
	}
	return u.Actor(), sessionOf(row), nil
}

// SignOut ends the session of this cookie token; an unknown one is already ended.
func (s *Service) SignOut(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	if err := s.endSession(ctx, tokenHash(token)); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "sign-out", "event", "auth.sign_out")
	return nil
}

// SetSessionLang records the language the session's pages are shown in.
func (s *Service) SetSessionLang(ctx context.Context, token, lang string) error {
	if !validLang(lang) {
		return errs.Field("lang", fmt.Sprintf("langue inconnue « %s » (fr ou en)", lang))
	}
	_, sess, err := s.SessionActor(ctx, token)
	if err != nil || sess.Lang == lang {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.SetSessionLang(ctx, sess.id, lang) })
}

func (s *Service) endSession(ctx context.Context, hash string) error {
	err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, hash) })
	if err != nil {
		s.log.ErrorContext(ctx, "session not deleted", "err", err)
	}
	return err
}

// sessionEnd is when a session created at created and last used at seen ends if
// it is not used again: the idle limit, capped by the absolute one.
func sessionEnd(created, seen time.Time) time.Time {
	idle, abs := seen.Add(SessionIdle), created.Add(SessionMax)
	if idle.Before(abs) {
		return idle
	}
	return abs
}

func sessionOf(row *store.Session) Session {
	return Session{id: row.ID, CSRF: row.CSRFSecret, Lang: row.Lang, UserID: row.UserID, CreatedAt: row.CreatedAt, ExpiresAt: row.ExpiresAt}
}

// failureKey is the address as failures are counted: the account's key when
// the address reads as one (so that no other spelling of it escapes the count),
// else what was typed, made safe to store (PostgreSQL refuses NUL and invalid
// UTF-8 in text; long garbage must not bloat the table).
func failureKey(email string) string {
	if norm, err := company.NormalizeEmail(email); err == nil {
		return strings.ToLower(norm) // as CheckPassword looks the account up
	}
	key := strings.ToValidUTF8(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(email)), "\x00", ""), "")
	if r := []rune(key); len(r) > 254 {
		key = string(r[:254])
	}
	return key
}

func validLang(lang string) bool {
	for _, l := range Langs {
		if l == lang {
			return true
		}
	}
	return false
}

// randomToken is 256 random bits, URL-safe: a session cookie or a CSRF token.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
