package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// TestRetentionJobRunsAtNight: the daily job anonymises only while the cell is
// closed at night (its full-text rewrite holds SQLite's one writer), however
// often it is run in the day.
func TestRetentionJobRunsAtNight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s) // 24 November 2026, 9:00 UTC
		agent := f.actors["agent"]
		tk, _, err := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		if err != nil {
			t.Fatal(err)
		}
		resolved, closed, outcome := ticket.Resolved, ticket.Closed, ticket.AnsweredByCell
		cur, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &resolved, Outcome: &outcome}, tk.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &closed}, cur.Version); err != nil {
			t.Fatal(err)
		}
		var job core.Job
		for _, j := range f.svc.Jobs() {
			if j.Name == "retention" {
				job = j
			}
		}
		if job.Run == nil || job.Every > time.Hour {
			t.Fatalf("retention job %+v: want one that looks at least every hour", job)
		}
		subject := func() string {
			got, err := f.svc.Ticket(ctx, agent, tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.Subject
		}
		// Three years and a week later, at 14:00 in Paris (13:00 UTC, winter).
		f.advance(3*365*24*time.Hour + 7*24*time.Hour + 4*time.Hour)
		for range 3 {
			if err := job.Run(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if got := subject(); got == "Demande anonymisée" {
			t.Fatal("the job anonymised in the afternoon")
		}
		f.advance(14 * time.Hour) // 4:00 in Paris the next night
		if err := job.Run(ctx); err != nil {
			t.Fatal(err)
		}
		if got := subject(); got != "Demande anonymisée" {
			t.Fatalf("subject %q after the night's run: want it anonymised", got)
		}
	})
}
