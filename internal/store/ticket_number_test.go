package store_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// TestTicketNumbersConsecutive: a request's number is its year in Paris and
// the next number of that year. The counter row of a year is created by the
// year's first request (nextCounter's fallback) and incremented in place after;
// the numbers of a year follow each other, restart at 1 when the year changes
// at midnight in Paris (23:00 UTC), and stay unique when several transactions
// create a year's first requests at once (on PostgreSQL they run concurrently:
// both may find no row, and neither may fail on the unique name).
func TestTicketNumbersConsecutive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seedConfig(t, s)
		paris, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			t.Fatal(err)
		}
		create := func(at time.Time) (string, error) {
			tk := &ticket.Ticket{Channel: ticket.Web, Subject: "Numérotation", State: ticket.New, Priority: ticket.Normal,
				Topic: "dce", Scope: ticket.General, TeamID: ticket.CellTeamID, CreatedAt: at, UpdatedAt: at}
			err := s.Write(ctx, func(tx *store.Tx) error { return tx.CreateTicket(ctx, tk) })
			return tk.Number, err
		}
		// Across the change of year, in the order of creation.
		lastOf2026 := time.Date(2026, 12, 31, 23, 59, 0, 0, paris)
		firstOf2027 := time.Date(2027, 1, 1, 0, 0, 30, 0, paris) // still 2026 in UTC
		steps := []struct {
			at   time.Time
			want string
		}{
			{lastOf2026.Add(-time.Hour), "2026-000001"}, {lastOf2026, "2026-000002"}, {firstOf2027, "2027-000001"},
			{firstOf2027.Add(time.Minute), "2027-000002"}, {lastOf2026.Add(30 * time.Second), "2026-000003"},
			{firstOf2027.Add(time.Hour), "2027-000003"},
		}
		for _, st := range steps {
			got, err := create(st.at)
			if err != nil {
				t.Fatalf("create at %s: %v", st.at, err)
			}
			if got != st.want {
				t.Errorf("created at %s: number %s, want %s", st.at.Format(time.RFC3339), got, st.want)
			}
		}
		// A year's first requests created at once, for several new years.
		const writers, each = 6, 4
		for year := 2030; year < 2033; year++ {
			at := time.Date(year, 3, 1, 10, 0, 0, 0, paris)
			var mu sync.Mutex
			var numbers []string
			var wg sync.WaitGroup
			start := make(chan struct{})
			for range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					for range each {
						n, err := create(at)
						if err != nil {
							t.Errorf("concurrent create in %d: %v", year, err)
							return
						}
						mu.Lock()
						numbers = append(numbers, n)
						mu.Unlock()
					}
				}()
			}
			close(start)
			wg.Wait()
			sort.Strings(numbers)
			for i, n := range numbers {
				if want := fmt.Sprintf("%d-%06d", year, i+1); n != want {
					t.Fatalf("numbers of %d: %v, want %d-000001 to %d-%06d, each once", year, numbers, year, year, writers*each)
				}
			}
			if len(numbers) != writers*each {
				t.Fatalf("%d: %d numbers, want %d", year, len(numbers), writers*each)
			}
		}
	})
}
