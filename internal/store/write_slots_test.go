package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// Writes that read through the store's pool while their transaction is open
// (a Store method called inside Write) all finish, however many run at once:
// on PostgreSQL, where writes and reads share one pool, writes holding every
// connection would otherwise each wait for one more connection forever. Seen
// with eight concurrent events of one call, each creating a callback request.
func TestConcurrentWritesThatReadThroughThePool(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		const writers = 24 // three times PostgreSQL's pool on 2 cores
		errc := make(chan error, writers)
		var wg sync.WaitGroup
		for range writers {
			wg.Go(func() {
				errc <- s.Write(ctx, func(tx *store.Tx) error {
					if _, err := tx.FindContactsByPhone(ctx, "+33472000000", 1); err != nil {
						return err
					}
					time.Sleep(20 * time.Millisecond)                       // every writer holds its transaction…
					_, err := s.FindContactsByPhone(ctx, "+33472000000", 1) // …and then reads through the pool
					return err
				})
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatalf("a write reading through the pool did not finish: %v", err)
			}
		}
	})
}
