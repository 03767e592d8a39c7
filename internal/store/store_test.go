package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestSchemasMatch is the guard between the two migration sets: both databases
// must end with the same tables and the same columns.
func TestSchemasMatch(t *testing.T) {
	ctx := context.Background()
	lite, err := storetest.OpenSQLite(t).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := storetest.OpenPostgres(t).Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) < 10 {
		t.Fatalf("only %d tables in SQLite: the query is broken", len(lite))
	}
	for table, cols := range lite {
		if !slices.Equal(cols, pg[table]) {
			t.Errorf("table %s: sqlite %v, postgres %v", table, cols, pg[table])
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s only in postgres", table)
		}
	}
}

func TestMigrateTwiceChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		before, err := s.Migrations(ctx)
		if err != nil || len(before) == 0 || before[0].AppliedAt.IsZero() {
			t.Fatalf("migrations %v, %v", before, err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		after, _ := s.Migrations(ctx)
		if !slices.Equal(before, after) {
			t.Fatalf("second migrate changed %v into %v", before, after)
		}
	})
}

func seedTicket(t *testing.T, s *store.Store, created time.Time, state ticket.State) *ticket.Ticket {
	t.Helper()
	tk := &ticket.Ticket{Channel: ticket.Phone, Subject: "Question", State: state, Priority: ticket.Normal,
		Topic: "dce", Scope: ticket.General, TeamID: ticket.CellTeamID, CreatedAt: created, UpdatedAt: created}
	if err := s.Write(context.Background(), func(tx *store.Tx) error { return tx.CreateTicket(context.Background(), tk) }); err != nil {
		t.Fatal(err)
	}
	return tk
}

// seedConfig inserts the default topics and teams the tickets refer to.
func seedConfig(t *testing.T, s *store.Store) {
	t.Helper()
	err := s.Write(context.Background(), func(tx *store.Tx) error {
		for i, tm := range ticket.DefaultTeams() {
			if err := tx.UpsertTeam(context.Background(), tm, i); err != nil {
				return err
			}
		}
		for _, tp := range ticket.DefaultTopics() {
			if err := tx.UpsertTopic(context.Background(), tp); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestKeysetPagination walks every page, including rows sharing a creation time,
// and checks that each row comes exactly once, in order.
func TestKeysetPagination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedConfig(t, s)
		base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var want []int64
		for i := range 23 {
			state := ticket.New
			if i%3 == 0 {
				state = ticket.Open
			}
			tk := seedTicket(t, s, base.Add(time.Duration(i/2)*time.Minute), state) // pairs share a time
			if state == ticket.New {
				want = append(want, tk.ID)
			}
		}
		slices.Reverse(want)
		f := ticket.Filter{States: []ticket.State{ticket.New}, Limit: 4}
		var got []int64
		for range 20 {
			page, more, err := s.FindTickets(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			for _, tk := range page {
				got = append(got, tk.ID)
			}
			if !more {
				break
			}
			last := page[len(page)-1]
			f.After = &ticket.Cursor{Key: last.CreatedAt, ID: last.ID}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("pages gave %v, want %v", got, want)
		}
	})
}

// TestTicketNumbersAreUniqueUnderConcurrency creates tickets from many goroutines;
// numbers must be unique and consecutive within the year.
func TestTicketNumbersAreUniqueUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedConfig(t, s)
		at := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
		var mu sync.Mutex
		seen := map[string]bool{}
		var wg sync.WaitGroup
		for range 40 {
			wg.Go(func() {
				tk := seedTicket(t, s, at, ticket.New)
				mu.Lock()
				seen[tk.Number] = true
				mu.Unlock()
			})
		}
		wg.Wait()
		for i := 1; i <= 40; i++ {
			if n := fmt.Sprintf("2026-%06d", i); !seen[n] {
				t.Fatalf("number %s missing; got %d distinct numbers", n, len(seen))
			}
		}
	})
}

// TestFailedWriteUndoesOnlyItself runs good and failing writes at once: with
// SQLite they share commits, yet each failing one must leave nothing behind and
// each good one must be kept.
func TestFailedWriteUndoesOnlyItself(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seedConfig(t, s)
		ctx := context.Background()
		at := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
		boom := errors.New("boom")
		var wg sync.WaitGroup
		for i := range 30 {
			wg.Go(func() {
				err := s.Write(ctx, func(tx *store.Tx) error {
					tk := &ticket.Ticket{Channel: ticket.Web, Subject: fmt.Sprintf("n%d", i), State: ticket.New,
						Priority: ticket.Normal, Topic: "dce", Scope: ticket.General, TeamID: ticket.CellTeamID,
						CreatedAt: at, UpdatedAt: at}
					if err := tx.CreateTicket(ctx, tk); err != nil {
						return err
					}
					if i%3 == 0 {
						return boom
					}
					if i%5 == 1 {
						panic("a bug in a write")
					}
					return nil
				})
				if (i%3 == 0 || i%5 == 1) == (err == nil) {
					t.Errorf("write %d: err %v", i, err)
				}
			})
		}
		wg.Wait()
		page, _, err := s.FindTickets(ctx, ticket.Filter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		kept := map[string]bool{}
		for _, tk := range page {
			kept[tk.Subject] = true
		}
		for i := range 30 {
			failed := i%3 == 0 || i%5 == 1
			if kept[fmt.Sprintf("n%d", i)] == failed {
				t.Errorf("write %d (failed %v) kept %v", i, failed, !failed)
			}
		}
	})
}
