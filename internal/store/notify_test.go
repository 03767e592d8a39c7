package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestNotifyReachesListeners: what one instance notifies, every listener of the
// same database (and schema) receives, in order; SQLite only waits.
func TestNotifyReachesListeners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		got := make(chan string, 10)
		ready := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			if err := s.Listen(ctx, func() { close(ready) }, func(p string) { got <- p }); err != nil {
				t.Errorf("listen: %v", err)
			}
		})
		defer func() { cancel(); wg.Wait() }()
		<-ready
		for _, p := range []string{"un", "deux"} {
			if err := s.Notify(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if s.Dialect() == store.SQLite {
			return
		}
		for _, want := range []string{"un", "deux"} {
			select {
			case p := <-got:
				if p != want {
					t.Fatalf("got %q, want %q", p, want)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("no notification %q", want)
			}
		}
	})
}

// TestAfterCommit: a write's AfterCommit functions run once it is committed,
// never when it is rolled back, even when it shares a SQLite group commit with
// a write that succeeds.
func TestAfterCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var mu sync.Mutex
		ran := map[string]bool{}
		mark := func(k string) func() {
			return func() { mu.Lock(); ran[k] = true; mu.Unlock() }
		}
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				ok := i%2 == 0
				key := map[bool]string{true: "ok", false: "ko"}[ok]
				err := s.Write(ctx, func(tx *store.Tx) error {
					tx.AfterCommit(mark(key))
					if !ok {
						return context.Canceled
					}
					return nil
				})
				if ok != (err == nil) {
					t.Errorf("write %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		if !ran["ok"] || ran["ko"] {
			t.Fatalf("after commit ran: %v", ran)
		}
	})
}
