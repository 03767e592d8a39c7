package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/demo"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// now is the end of the demo year: Wednesday 17 June 2026, 15:30 in Paris, in
// the middle of a working day so that the latest requests are still new.
var now = time.Date(2026, 6, 17, 13, 30, 0, 0, time.UTC)

// generated is a demo database and what Generate said about it.
type generated struct {
	store *store.Store
	svc   *core.Service
	res   *demo.Result
}

// generate fills s with n requests drawn from seed.
func generate(t *testing.T, s *store.Store, seed int64, n int) generated {
	t.Helper()
	svc := core.New(core.Options{Store: s})
	res, err := demo.Generate(context.Background(), demo.Options{Store: s, Core: svc, Seed: seed, Tickets: n, Now: now})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return generated{store: s, svc: svc, res: res}
}

// allTickets reads every request, oldest first, page by page.
func allTickets(t *testing.T, s *store.Store) []*ticket.Ticket {
	t.Helper()
	var out []*ticket.Ticket
	f := ticket.Filter{Sort: ticket.OldestFirst, Limit: ticket.MaxLimit}
	for {
		page, more, err := s.FindTickets(context.Background(), f)
		if err != nil {
			t.Fatalf("find tickets: %v", err)
		}
		out = append(out, page...)
		if !more {
			return out
		}
		last := page[len(page)-1]
		f.After = &ticket.Cursor{Key: last.CreatedAt, ID: last.ID}
	}
}

// allCompanies reads every company, page by page.
func allCompanies(t *testing.T, s *store.Store) []*company.Company {
	t.Helper()
	var out []*company.Company
	f := store.CompanyFilter{Limit: 200}
	for {
		page, more, err := s.FindCompanies(context.Background(), f)
		if err != nil {
			t.Fatalf("find companies: %v", err)
		}
		out = append(out, page...)
		if !more {
			return out
		}
		f.AfterID = page[len(page)-1].ID
	}
}

// share is a count over a total, as a percentage.
func share(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}

// within reports a percentage outside its bounds.
func within(t *testing.T, what string, got, lo, hi float64) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %.1f %%, want %g–%g %%", what, got, lo, hi)
	} else {
		t.Logf("%s = %.1f %%", what, got)
	}
}

// generateErr runs Generate and returns its error.
func generateErr(s *store.Store, seed int64, n int) (*demo.Result, error) {
	svc := core.New(core.Options{Store: s})
	return demo.Generate(context.Background(), demo.Options{Store: s, Core: svc, Seed: seed, Tickets: n, Now: now})
}
