package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

func queue(t *testing.T, s *store.Store, key, msgID string, at time.Time) (*store.OutMail, bool) {
	t.Helper()
	m := &store.OutMail{Key: key, Template: "ack", Lang: "fr", Recipients: []string{"a@b.example", "c@d.example"},
		Subject: "x", MessageID: msgID, Raw: "raw", NextAttemptAt: at, CreatedAt: at}
	var created bool
	err := s.Write(context.Background(), func(tx *store.Tx) error {
		var err error
		created, err = tx.CreateOutMail(context.Background(), m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, created
}

func claim(t *testing.T, s *store.Store, owner string, now time.Time) []*store.OutMail {
	t.Helper()
	var got []*store.OutMail
	err := s.Write(context.Background(), func(tx *store.Tx) error {
		var err error
		got, err = tx.ClaimOutMails(context.Background(), owner, now, now.Add(5*time.Minute), 10)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// The outbox: a key queues once; a leased row is nobody else's until the lease
// expires; a sender that lost its lease cannot mark the row.
func TestOutboxKeysAndLeases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
		if _, created := queue(t, s, "ack:1", "m1@x", t0); !created {
			t.Fatal("first mail not queued")
		}
		if _, created := queue(t, s, "ack:1", "m2@x", t0); created {
			t.Fatal("same key queued twice")
		}
		queue(t, s, "", "m3@x", t0)
		queue(t, s, "", "m4@x", t0.Add(time.Hour)) // not due yet
		got := claim(t, s, "A", t0)
		if len(got) != 2 || got[0].MessageID != "m1@x" || got[0].Attempts != 1 || len(got[0].Recipients) != 2 {
			t.Fatalf("claimed %+v", got)
		}
		if again := claim(t, s, "B", t0.Add(time.Minute)); len(again) != 0 {
			t.Fatalf("leased rows claimed again: %+v", again)
		}
		// A crashes; after the lease B takes both (and the due one).
		later := t0.Add(2 * time.Hour)
		got = claim(t, s, "B", later)
		if len(got) != 3 || got[0].Attempts != 2 {
			t.Fatalf("after the lease: %+v", got)
		}
		s.Write(ctx, func(tx *store.Tx) error {
			if ok, err := tx.MarkOutMailSent(ctx, got[0].ID, "A", later); ok || err != nil {
				t.Errorf("A marked a row it no longer holds: %v %v", ok, err)
			}
			if ok, err := tx.MarkOutMailSent(ctx, got[0].ID, "B", later); !ok || err != nil {
				t.Errorf("B could not mark: %v %v", ok, err)
			}
			if err := tx.MarkOutMailFailed(ctx, got[1].ID, "B", "550 inconnu", time.Time{}); err != nil {
				t.Error(err)
			}
			return tx.MarkOutMailFailed(ctx, got[2].ID, "B", "451 plus tard", later.Add(time.Minute))
		})
		rows, _ := s.FindOutMails(ctx, store.OutMailFilter{})
		states := []string{rows[0].State, rows[1].State, rows[2].State}
		if states[0] != store.OutSent || states[1] != store.OutFailed || states[2] != store.OutPending || rows[2].LastError != "451 plus tard" {
			t.Errorf("states %v %+v", states, rows[2])
		}
		if got := claim(t, s, "C", later.Add(2*time.Minute)); len(got) != 1 || got[0].ID != rows[2].ID {
			t.Errorf("retry: %+v", got)
		}
	})
}

// An inbound mail is recorded once per mailbox, UIDVALIDITY and UID.
func TestInboundRecordedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		rec := func(uid uint32, msgID string) error {
			return s.Write(ctx, func(tx *store.Tx) error {
				return tx.CreateInboundMail(ctx, &store.InboundMail{Mailbox: "m/INBOX", UIDValidity: 9, UID: uid,
					MessageID: msgID, Status: store.InboundIgnored, ReceivedAt: time.Now()})
			})
		}
		if err := rec(4, "a@x"); err != nil {
			t.Fatal(err)
		}
		if err := rec(4, "b@x"); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("same uid twice: %v", err)
		}
		if err := rec(2, ""); err != nil {
			t.Fatal(err)
		}
		if last, err := s.LastInboundUID(ctx, "m/INBOX", 9); last != 4 || err != nil {
			t.Errorf("last uid %d %v", last, err)
		}
		if last, _ := s.LastInboundUID(ctx, "m/INBOX", 10); last != 0 {
			t.Errorf("a new UIDVALIDITY starts over: %d", last)
		}
		s.Write(ctx, func(tx *store.Tx) error {
			if seen, _ := tx.InboundSeen(ctx, "a@x"); !seen {
				t.Error("message id not seen")
			}
			if seen, _ := tx.InboundSeen(ctx, ""); seen {
				t.Error("an empty message id is never seen")
			}
			return nil
		})
	})
}
