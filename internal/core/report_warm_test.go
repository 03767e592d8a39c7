package core_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/report/reporttest"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// The report warm-up fills the unfiltered aggregates of every closed day from
// 1 January 2024 (two years before the tests' now) to yesterday, equal to the
// figures computed live; a second run computes nothing; a day dirtied by an
// update is computed again by the next run (the job's, here); a cancelled
// context stops it.
func TestReportWarmFillsClosedDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, teams, topics := reportService(t, s)
		ctx := context.Background()
		randomDataset(t, s, teams, topics, 300) // companies, surveys, team changes: early 2024 mostly
		loc := svc.Location()
		spread := spreadTickets(t, s, teams, topics, 400)
		var days []string // 2024-01-01 … 2026-11-23: today (24 November) is not closed
		for d := time.Date(2024, 1, 1, 0, 0, 0, 0, loc); d.Before(time.Date(2026, 11, 24, 0, 0, 0, 0, loc)); d = d.AddDate(0, 0, 1) {
			days = append(days, d.Format(time.DateOnly))
		}
		cached := func() map[string]store.ReportDay {
			t.Helper()
			rows, err := s.ReportDays(ctx, "||", "2023-01-01", "2026-12-31")
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		warm := func(stage string, want int) {
			t.Helper()
			n, err := svc.WarmReports(ctx)
			if err != nil {
				t.Fatalf("%s: %v", stage, err)
			}
			if want >= 0 && n != want {
				t.Errorf("%s: %d days computed, want %d", stage, n, want)
			}
		}
		// The years the warm-up covers, as the dashboard compares them (2025 with 2024).
		periods := []report.Period{report.Year(2026, loc), report.Year(2025, loc), report.Month(2026, time.November, loc)}
		exact := func(stage string) {
			t.Helper()
			before := cached()
			cachedEqualsLive(t, ctx, svc, stage, periods)
			if after := cached(); !reflect.DeepEqual(before, after) {
				t.Errorf("%s: the figures changed the cache (%d → %d days): the warm-up left days to fill", stage, len(before), len(after))
			}
		}

		warm("cold", len(days))
		rows := cached()
		for _, d := range days {
			if _, ok := rows[d]; !ok {
				t.Errorf("%s not cached after the warm-up", d)
			}
		}
		if len(rows) != len(days) {
			t.Errorf("%d days cached, want %d (today and later never)", len(rows), len(days))
		}
		exact("after the warm-up")
		warm("second run", 0)

		// A request of 2025 moved to another topic: its days are dirty, and
		// only they are computed again.
		var moved ticket.Ticket
		for _, tk := range spread {
			if tk.CreatedAt.Year() == 2025 {
				moved = tk
				break
			}
		}
		if moved.ID == 0 {
			t.Fatalf("no request created in 2025 among %d", len(spread))
		}
		day := moved.CreatedAt.In(loc).Format(time.DateOnly)
		err := s.Write(ctx, func(tx *store.Tx) error {
			tk, err := tx.FindTicketByID(ctx, moved.ID)
			if err != nil {
				return err
			}
			v := tk.Version
			tk.Version++
			tk.UpdatedAt = reporttest.Now
			for _, tp := range topics {
				if tp.ID != tk.Topic {
					tk.Topic = tp.ID
					break
				}
			}
			return tx.UpdateTicket(ctx, tk, v)
		})
		if err != nil {
			t.Fatal(err)
		}
		if st, err := s.ReportCacheState(ctx); err != nil || st.Dirty == 0 {
			t.Fatalf("no dirty mark after a change to %s (%+v, %v)", day, st, err)
		}
		for _, j := range svc.Jobs() {
			if j.Name == "report_warm" {
				if err := j.Run(ctx); err != nil {
					t.Fatalf("job report_warm: %v", err)
				}
			}
		}
		if _, ok := cached()[day]; !ok {
			t.Errorf("%s, dirtied, not cached again by the job", day)
		}
		warm("after the job", 0)
		exact("after a change")

		// Shutdown: a cancelled context stops the warm-up at once, and the job
		// returns quietly.
		_ = s.Write(ctx, func(tx *store.Tx) error {
			tk, err := tx.FindTicketByID(ctx, moved.ID)
			if err != nil {
				return err
			}
			v := tk.Version
			tk.Version++
			tk.Topic = moved.Topic
			return tx.UpdateTicket(ctx, tk, v)
		})
		stopped, cancel := context.WithCancel(ctx)
		cancel()
		if n, err := svc.WarmReports(stopped); !errors.Is(err, context.Canceled) || n != 0 {
			t.Errorf("cancelled warm-up: %d days, %v; want 0, context.Canceled", n, err)
		}
		warm("after the cancelled run", -1)
		if _, ok := cached()[day]; !ok {
			t.Errorf("%s, dirtied again, not cached again", day)
		}
	})
}

// spreadTickets writes n requests created at random from 1 January 2024 to the
// tests' now, answered and resolved on other days.
func spreadTickets(t *testing.T, s *store.Store, teams, topics []report.Label, n int) []ticket.Ticket {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(11, 2026))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	span := reporttest.Now.Sub(start)
	var spread []ticket.Ticket
	err := s.Write(ctx, func(tx *store.Tx) error {
		for i := range n {
			created := start.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Second)
			tk := ticket.Ticket{Channel: []ticket.Channel{ticket.Phone, ticket.Email, ticket.Web}[i%3],
				Subject: fmt.Sprintf("Étalée %d", i), State: ticket.Open, Priority: ticket.Normal,
				Topic: topics[r.IntN(len(topics))].ID, Scope: ticket.General, TeamID: teams[r.IntN(len(teams))].ID,
				CreatedAt: created, UpdatedAt: created, Version: 1,
				Due: ticket.Due{FirstResponse: created.Add(time.Duration(r.Int64N(int64(96 * time.Hour)))),
					Resolution: created.Add(time.Duration(r.Int64N(int64(30 * 24 * time.Hour))))}}
			if at := created.Add(time.Duration(r.Int64N(int64(120 * time.Hour)))); at.Before(reporttest.Now) {
				tk.FirstResponseAt = at
			}
			if at := created.Add(time.Duration(r.Int64N(int64(40 * 24 * time.Hour)))); at.Before(reporttest.Now) && i%4 > 0 {
				tk.ResolvedAt, tk.State, tk.Outcome = at, ticket.Resolved, "answered_by_cell"
			}
			if err := tx.CreateTicket(ctx, &tk); err != nil {
				return err
			}
			spread = append(spread, tk)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return spread
}

// The first view of a period stores every closed day it computed: on SQLite the
// requests found early once the horizon is raised are applied before the days
// are computed, not left pending (which kept their days out of the cache until
// the next view).
func TestReportFirstViewStoresItsDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, teams, topics := reportService(t, s)
		ctx := context.Background()
		spreadTickets(t, s, teams, topics, 300)
		loc := svc.Location()
		if _, err := svc.Figures(ctx, access.System(), report.Month(2026, time.October, loc), report.Filter{}); err != nil {
			t.Fatal(err)
		}
		rows, err := s.ReportDays(ctx, "||", "2026-10-01", "2026-10-31")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 31 {
			t.Errorf("%d days of October 2026 cached by its first view, want 31", len(rows))
		}
	})
}

// On a database whose requests are all recent, the warm-up stores the days before
// the first one as empty without computing them; a request and a survey written
// later with dates in those days (an import) dirty them, and the figures read
// from the cache stay those computed live.
func TestReportWarmEmptyDaysStayExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, teams, topics := reportService(t, s)
		ctx := context.Background()
		loc := svc.Location()
		recentTickets(t, s, teams, topics, 60, time.Date(2026, 9, 1, 0, 0, 0, 0, loc))
		n, err := svc.WarmReports(ctx)
		if err != nil {
			t.Fatal(err)
		}
		first, last := time.Date(2024, 1, 1, 0, 0, 0, 0, loc), time.Date(2026, 11, 24, 0, 0, 0, 0, loc)
		all := int(last.Sub(first).Hours()/24 + 0.5)
		rows, err := s.ReportDays(ctx, "||", "2023-01-01", "2026-12-31")
		if err != nil {
			t.Fatal(err)
		}
		if n != all || len(rows) != all {
			t.Errorf("%d days filled, %d cached; want %d", n, len(rows), all)
		}
		periods := []report.Period{report.Year(2025, loc), report.Year(2026, loc), report.Month(2024, time.March, loc),
			report.Month(2026, time.September, loc)}
		exact := func(stage string) {
			t.Helper()
			cachedEqualsLive(t, ctx, svc, stage, periods)
		}
		exact("after the warm-up")
		if n, err := svc.WarmReports(ctx); err != nil || n != 0 {
			t.Errorf("second run: %d days, %v; want none", n, err)
		}

		// An import: a request of March 2024, answered, resolved, surveyed in 2025.
		created := time.Date(2024, 3, 5, 10, 0, 0, 0, loc)
		err = s.Write(ctx, func(tx *store.Tx) error {
			tk := ticket.Ticket{Channel: ticket.Phone, Subject: "Importée", State: ticket.Resolved, Priority: ticket.Normal,
				Topic: topics[0].ID, Scope: ticket.General, TeamID: ticket.CellTeamID, Outcome: ticket.AnsweredByCell,
				CreatedAt: created, UpdatedAt: created, FirstResponseAt: created.AddDate(0, 0, 1),
				ResolvedAt: created.AddDate(0, 0, 7), Version: 1,
				Due: ticket.Due{FirstResponse: created.AddDate(0, 0, 2), Resolution: created.AddDate(0, 0, 10)}}
			if err := tx.CreateTicket(ctx, &tk); err != nil {
				return err
			}
			sent := time.Date(2025, 2, 3, 9, 0, 0, 0, loc)
			_, err := tx.CreateSurvey(ctx, store.Survey{TicketID: tk.ID, Email: "anne@dupont.example", SentAt: sent,
				ExpiresAt: sent.AddDate(0, 0, 30), CreatedAt: sent})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if st, err := s.ReportCacheState(ctx); err != nil || st.Dirty == 0 {
			t.Fatalf("no dirty mark after an import into cached empty days (%+v, %v)", st, err)
		}
		if n, err := svc.WarmReports(ctx); err != nil || n == 0 {
			t.Errorf("after the import: %d days computed again, %v", n, err)
		}
		march, err := svc.Figures(ctx, access.System(), report.Month(2024, time.March, loc), report.Filter{})
		if err != nil || march.Volume != 1 || march.Resolved != 1 {
			t.Errorf("March 2024 from the cache: volume %d, resolved %d (%v); want the imported request", march.Volume,
				march.Resolved, err)
		}
		exact("after an import")
	})
}

// TestReportWarmFreshDatabase: on a database without requests every day of the
// span is stored, empty, equal to what the figures compute live; the log gives
// the pass's CPU time (docs/perf.md).
func TestReportWarmFreshDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, _, _ := reportService(t, s)
		ctx := context.Background()
		loc := svc.Location()
		cpu := processCPU()
		start := time.Now()
		n, err := svc.WarmReports(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("warm-up of a fresh database: %d days, %v elapsed, %v of CPU", n, time.Since(start).Round(time.Millisecond),
			(processCPU() - cpu).Round(time.Millisecond))
		if want := int(time.Date(2026, 11, 24, 0, 0, 0, 0, loc).Sub(time.Date(2024, 1, 1, 0, 0, 0, 0, loc)).Hours()/24 + 0.5); n != want {
			t.Errorf("%d days filled, want %d", n, want)
		}
		for _, p := range []report.Period{report.Year(2025, loc), report.Month(2026, time.October, loc)} {
			got, err := svc.CompareFigures(ctx, access.System(), p, report.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := svc.CompareFigures(core.WithoutReportCache(ctx), access.System(), p, report.Filter{})
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: cached %+v, live %+v (%v)", p.Label(), got, want, err)
			}
		}
	})
}

// BenchmarkReportWarmFresh is the warm-up's start-up pass on a new SQLite
// database (as `guichet bench` makes one); cpu-ms/op is the process's CPU time,
// the figure that counts against a load (ns/op includes the pauses between
// batches).
func BenchmarkReportWarmFresh(b *testing.B) {
	ctx := context.Background()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		s := storetest.OpenSQLite(b)
		svc := core.New(core.Options{Store: s, Now: func() time.Time { return reporttest.Now }})
		if err := svc.Seed(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := processCPU()
		if _, err := svc.WarmReports(ctx); err != nil {
			b.Fatal(err)
		}
		cpu += processCPU() - start
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// processCPU is the CPU time the process used so far, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// recentTickets writes n requests created at random from since to the tests'
// now, some answered and resolved.
func recentTickets(t *testing.T, s *store.Store, teams, topics []report.Label, n int, since time.Time) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 2026))
	span := reporttest.Now.Sub(since)
	err := s.Write(ctx, func(tx *store.Tx) error {
		for i := range n {
			created := since.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Second)
			tk := ticket.Ticket{Channel: []ticket.Channel{ticket.Phone, ticket.Email, ticket.Web}[i%3],
				Subject: fmt.Sprintf("Récente %d", i), State: ticket.Open, Priority: ticket.Normal,
				Topic: topics[r.IntN(len(topics))].ID, Scope: ticket.General, TeamID: teams[r.IntN(len(teams))].ID,
				CreatedAt: created, UpdatedAt: created, Version: 1,
				Due: ticket.Due{FirstResponse: created.Add(24 * time.Hour), Resolution: created.Add(10 * 24 * time.Hour)}}
			if at := created.Add(time.Duration(r.Int64N(int64(48 * time.Hour)))); at.Before(reporttest.Now) {
				tk.FirstResponseAt = at
			}
			if at := created.Add(time.Duration(r.Int64N(int64(20 * 24 * time.Hour)))); at.Before(reporttest.Now) && i%3 > 0 {
				tk.ResolvedAt, tk.State, tk.Outcome = at, ticket.Resolved, "answered_by_cell"
			}
			if err := tx.CreateTicket(ctx, &tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// cachedEqualsLive checks that each period's figures, with their comparisons,
// are the same read from the daily cache and computed live.
func cachedEqualsLive(t *testing.T, ctx context.Context, svc *core.Service, stage string, periods []report.Period) {
	t.Helper()
	for _, p := range periods {
		got, err := svc.CompareFigures(ctx, access.System(), p, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := svc.CompareFigures(core.WithoutReportCache(ctx), access.System(), p, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s, %s:\n cached %+v\n   live %+v", stage, p.Label(), got, want)
		}
	}
}
