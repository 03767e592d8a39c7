package core_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

const password = "un mot de passe solide"

// sessionFixture is a service with one agent who has a password, and its logs.
type sessionFixture struct {
	*fixture
	logs *lockedBuffer
	user *access.User
}

func newSessionFixture(t *testing.T, s *store.Store) *sessionFixture {
	t.Helper()
	base := newFixture(t, s)
	f := &sessionFixture{fixture: base, logs: &lockedBuffer{}}
	f.svc = core.New(core.Options{Store: s, Now: base.clock, Logger: slog.New(slog.NewJSONHandler(f.logs, nil))})
	u, err := f.svc.AddUser(context.Background(), access.System(), core.NewUser{Email: "claire@region.example",
		Name: "Claire", Role: "agent", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	f.user = u
	return f
}

func TestSignInOpensASessionTheCookieFinds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newSessionFixture(t, s)
		sess, err := f.svc.SignIn(ctx, " Claire@Region.example ", password, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(sess.Token) < 40 || len(sess.CSRF) < 40 || sess.Token == sess.CSRF || sess.Lang != "fr" {
			t.Fatalf("session %+v", sess)
		}
		a, got, err := f.svc.SessionActor(ctx, sess.Token)
		if err != nil || a.UserID != f.user.ID || a.Role != access.Agent {
			t.Fatalf("actor %+v, %v", a, err)
		}
		if got.Token != "" || got.CSRF != sess.CSRF {
			t.Fatalf("the stored session gives back its token or another CSRF secret: %+v", got)
		}
		other, _ := f.svc.SignIn(ctx, "claire@region.example", password, "192.0.2.1")
		if other.CSRF == sess.CSRF || other.Token == sess.Token {
			t.Fatal("two sessions share a secret")
		}
		if _, _, err := f.svc.SessionActor(ctx, sess.Token+"x"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("forged token: %v", err)
		}
		if !strings.Contains(f.logs.String(), `"event":"auth.sign_in"`) {
			t.Fatalf("sign-in not logged: %s", f.logs)
		}
	})
}

func TestSessionEndsWhenIdleOrTooOld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newSessionFixture(t, s)
		idle, _ := f.svc.SignIn(ctx, "claire@region.example", password, "")
		f.advance(core.SessionIdle - time.Minute)
		if _, _, err := f.svc.SessionActor(ctx, idle.Token); err != nil {
			t.Fatalf("used within the idle limit: %v", err)
		}
		f.advance(core.SessionIdle - time.Minute) // used just now: the idle limit moved
		if _, _, err := f.svc.SessionActor(ctx, idle.Token); err != nil {
			t.Fatalf("idle limit not moved by use: %v", err)
		}
		f.advance(core.SessionIdle)
		if _, _, err := f.svc.SessionActor(ctx, idle.Token); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("idle session still alive: %v", err)
		}

		busy, _ := f.svc.SignIn(ctx, "claire@region.example", password, "")
		for elapsed := time.Duration(0); elapsed < core.SessionMax-4*time.Hour; elapsed += 4 * time.Hour {
			f.advance(4 * time.Hour)
			if _, _, err := f.svc.SessionActor(ctx, busy.Token); err != nil {
				t.Fatalf("session used every 4 h ended after %v: %v", elapsed, err)
			}
		}
		f.advance(4 * time.Hour)
		if _, _, err := f.svc.SessionActor(ctx, busy.Token); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("session older than %v still alive: %v", core.SessionMax, err)
		}
	})
}

func TestSignOutEndsTheSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newSessionFixture(t, s)
		sess, _ := f.svc.SignIn(ctx, "claire@region.example", password, "")
		if err := f.svc.SetSessionLang(ctx, sess.Token, "en"); err != nil {
			t.Fatal(err)
		}
		if _, got, _ := f.svc.SessionActor(ctx, sess.Token); got.Lang != "en" {
			t.Fatalf("language not kept: %q", got.Lang)
		}
		if err := f.svc.SetSessionLang(ctx, sess.Token, "de"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("unknown language: %v", err)
		}
		if err := f.svc.SignOut(ctx, sess.Token); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.SessionActor(ctx, sess.Token); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("signed-out session alive: %v", err)
		}
		if err := f.svc.SignOut(ctx, sess.Token); err != nil {
			t.Fatalf("second sign-out: %v", err)
		}
	})
}

func TestLockOutAfterRepeatedFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newSessionFixture(t, s)
		for i := 1; i < core.LockoutFailures; i++ {
			_, err := f.svc.SignIn(ctx, "claire@region.example", "mauvais", "198.51.100.7")
			if !errs.Is(err, errs.Unauthorized) {
				t.Fatalf("failure %d: %v", i, err)
			}
			f.advance(time.Minute)
		}
		_, err := f.svc.SignIn(ctx, "CLAIRE@region.example", "mauvais", "198.51.100.7")
		var lo *core.LockedOut
		if !errs.Is(err, errs.RateLimited) || !errors.As(err, &lo) || lo.Minutes != 11 {
			t.Fatalf("fifth failure: %v (%+v)", err, lo)
		}
		if want := "Trop de tentatives : réessayez dans 11 minutes."; err.(*errs.Error).Message != want {
			t.Fatalf("message %q, want %q", err.(*errs.Error).Message, want)
		}
		f.advance(10 * time.Minute)
		_, err = f.svc.SignIn(ctx, "claire@region.example", password, "198.51.100.7")
		if !errors.As(err, &lo) || lo.Minutes != 1 || !strings.Contains(err.Error(), "dans 1 minute.") {
			t.Fatalf("right password while locked out: %v", err)
		}
		f.advance(time.Minute)
		if _, err := f.svc.SignIn(ctx, "claire@region.example", password, "198.51.100.7"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// The success forgot the failures: one more failure is not a lock-out.
		if _, err := f.svc.SignIn(ctx, "claire@region.example", "mauvais", ""); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("failures not forgotten after a success: %v", err)
		}
		logs := f.logs.String()
		for _, event := range []string{"auth.failed", "auth.lockout", "auth.locked_out", "198.51.100.7"} {
			if !strings.Contains(logs, event) {
				t.Errorf("logs lack %s", event)
			}
		}
	})
}

func TestUnknownAddressesLockOutToo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newSessionFixture(t, s)
		var err error
		for range core.LockoutFailures {
			_, err = f.svc.SignIn(ctx, "personne@region.example", "x", "")
		}
		if !errs.Is(err, errs.RateLimited) {
			t.Fatalf("an unknown address must answer as a known one: %v", err)
		}
		if _, err := f.svc.SignIn(ctx, "claire@region.example", password, ""); err != nil {
			t.Fatalf("another address locked out: %v", err)
		}
		for _, junk := range []string{"a\x00b@region.example", "\xff\xfe@region.example", strings.Repeat("é", 1000)} {
			if _, err := f.svc.SignIn(ctx, junk, "x", ""); !errs.Is(err, errs.Unauthorized) {
				t.Fatalf("address %q: %v", junk, err)
			}
		}
	})
}

func TestEverySpellingOfAnAddressCountsForItsAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newSessionFixture(t, s)
		spellings := []string{"claire@region.example", "CLAIRE@Region.Example", " claire@region.example\t",
			"\u200bclaire@region.example", "claire@REGION.EXAMPLE\ufeff"}
		var err error
		for _, typed := range spellings {
			_, err = f.svc.SignIn(ctx, typed, "mauvais", "")
		}
		if !errs.Is(err, errs.RateLimited) {
			t.Fatalf("five spellings of one address escaped the lock-out: %v", err)
		}
	})
}

// lockedBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
