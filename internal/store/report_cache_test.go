package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// Daily aggregates are stored only when no change was applied since they were
// computed, and never for a day a pending change names; a change to a request
// created before the horizon leaves a mark, one created after it does not.
func TestReportDaysStoredUnlessChanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seedConfig(t, s)
		utcDay := func(at time.Time) string { return at.UTC().Format(time.DateOnly) }
		day := func(d string) store.ReportDay {
			return store.ReportDay{Day: d, Filter: "||", Config: "c", Counts: "{}", Delays: []byte{0, 0}}
		}
		horizon := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		if err := s.RaiseReportHorizon(ctx, horizon); err != nil {
			t.Fatal(err)
		}
		st, err := s.ReportCacheState(ctx)
		if err != nil || !st.Horizon.Equal(horizon) || st.Dirty != 0 {
			t.Fatalf("state %+v %v", st, err)
		}
		if err := s.RaiseReportHorizon(ctx, horizon.AddDate(0, 0, -5)); err != nil { // never lowered
			t.Fatal(err)
		}
		var old, recent ticket.Ticket
		err = s.Write(ctx, func(tx *store.Tx) error {
			for tk, at := range map[*ticket.Ticket]time.Time{&old: time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC),
				&recent: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)} {
				*tk = ticket.Ticket{Channel: ticket.Web, Subject: "s", State: ticket.Open, Priority: ticket.Normal,
					Topic: "dce", Scope: ticket.General, TeamID: ticket.CellTeamID, CreatedAt: at, UpdatedAt: at, Version: 1}
				if err := tx.CreateTicket(ctx, tk); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The old request, written after the horizon was raised, counts as a change.
		if st, _ = s.ReportCacheState(ctx); st.Dirty != 1 {
			t.Fatalf("%d changes after writing a request of 10 November, want 1", st.Dirty)
		}
		stored, err := s.PutReportDays(ctx, st.Generation, []store.ReportDay{day("2026-11-09"), day("2026-11-10")}, utcDay, time.Now())
		if err != nil || !stored {
			t.Fatalf("put: %v %v", stored, err)
		}
		rows, _ := s.ReportDays(ctx, "||", "2026-11-01", "2026-11-30")
		if _, ok := rows["2026-11-10"]; ok || len(rows) != 1 {
			t.Errorf("days stored with a pending mark for 10 November: %v", rows)
		}
		m, err := s.ReportDirty(ctx)
		if err != nil || len(m.Times) == 0 || utcDay(m.Times[0]) != "2026-11-10" {
			t.Fatalf("marks %+v %v", m, err)
		}
		if err := s.ApplyReportDirty(ctx, m, []string{"2026-11-09"}); err != nil {
			t.Fatal(err)
		}
		if rows, _ = s.ReportDays(ctx, "||", "2026-11-01", "2026-11-30"); len(rows) != 0 {
			t.Errorf("a dropped day is still there: %v", rows)
		}
		// Computed before marks were applied: not stored.
		if stored, err = s.PutReportDays(ctx, st.Generation, []store.ReportDay{day("2026-11-09")}, utcDay, time.Now()); err != nil || stored {
			t.Errorf("put at an older generation: stored %v, %v", stored, err)
		}
		// Working on the request created after the horizon leaves no mark; on the old one, one.
		err = s.Write(ctx, func(tx *store.Tx) error {
			recent.TeamID, recent.Version = "travaux", 2
			if err := tx.UpdateTicket(ctx, &recent, 1); err != nil {
				return err
			}
			old.TeamID, old.Version = "travaux", 2
			return tx.UpdateTicket(ctx, &old, 1)
		})
		if err != nil {
			t.Fatal(err)
		}
		if st, _ = s.ReportCacheState(ctx); st.Dirty != 1 {
			t.Errorf("%d changes after changing a recent and an old request, want 1", st.Dirty)
		}
		// Applied, nothing is left: the imported request is looked at once.
		m, err = s.ReportDirty(ctx)
		if err != nil || len(m.Seqs) != 1 {
			t.Fatalf("marks %+v %v", m, err)
		}
		if err := s.ApplyReportDirty(ctx, m, nil); err != nil {
			t.Fatal(err)
		}
		if st, _ = s.ReportCacheState(ctx); st.Dirty != 0 {
			t.Errorf("%d changes left after applying them", st.Dirty)
		}
	})
}
