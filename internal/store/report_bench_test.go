package store_test

// Benchmarks of the weekly figures over a large table (docs/perf.md, "Reports"):
//
//	go test -run '^$' -bench Report -benchtime 20x ./internal/store/
//	GUICHET_BENCH_TICKETS=100000 go test -run '^$' -bench Report ./internal/store/
//	GUICHET_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/test go test -run '^$' -bench Report ./internal/store/
//
// The database is the inbox benchmark's seed (seedTickets: GUICHET_BENCH_TICKETS
// requests over three years, default 1,000,000) plus what the figures read beyond
// the tickets: a "team" audit entry for every request a service holds, a "state"
// entry for every request, and a survey for half of the resolved requests (two in
// three rated, one in seventeen by phone). ns/op is one computation of every
// figure (the dashboard: three, the period and its two comparisons); cpu-ms/op
// the CPU time it took; "requests" is the volume of the period, "tickets" the
// table's size.

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/store"
)

func BenchmarkReport(b *testing.B) {
	n := benchTickets(b)
	b.Run("sqlite", func(b *testing.B) {
		dir := cachedReportSQLite(b, n)
		s, err := store.Open(context.Background(), store.Options{DataDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "guichet.db")+"?_pragma=busy_timeout(10000)")
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		benchReport(b, s, raw, n)
	})
	b.Run("postgres", func(b *testing.B) {
		s, raw := cachedPostgres(b, n)
		addReportRows(b, store.Postgres, raw)
		benchReport(b, s, raw, n)
	})
}

func benchReport(b *testing.B, s *store.Store, raw *sql.DB, n int) {
	ctx := context.Background()
	svc := core.New(core.Options{Store: s})
	loc := svc.Location()
	now := svc.Now().In(loc)
	week := report.WeekOf(now, loc).Previous()
	month := report.Month(now.Year(), now.Month(), loc).Previous()
	year := report.Year(now.Year()-1, loc)
	// The cases read the daily aggregates (migration 0014) after one untimed
	// computation has stored them, except "-live" (without them: every figure from
	// the tickets) and "-fill" (the aggregates dropped before each computation, which
	// computes and stores them: the first view of a period).
	cases := []struct {
		name    string
		period  report.Period
		compare bool
		mode    string
	}{
		{"weekly-report", week, false, ""},
		{"dashboard-week", week, true, ""},
		{"dashboard-month", month, true, ""},
		{"dashboard-year", year, true, ""},
		{"dashboard-current-year", report.Year(now.Year(), loc), true, ""},
		{"weekly-report-live", week, false, "live"},
		{"dashboard-year-live", year, true, "live"},
		{"dashboard-year-fill", year, true, "fill"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var f report.Figures
			var err error
			ctx := ctx
			if c.mode == "live" {
				ctx = core.WithoutReportCache(ctx)
			} else if _, err := svc.CompareFigures(ctx, access.System(), c.period, report.Filter{}); err != nil {
				b.Fatal(err)
			}
			cpu0 := cpuTime()
			for b.Loop() {
				if c.mode == "fill" {
					b.StopTimer()
					if _, err := raw.Exec("DELETE FROM report_days"); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if c.compare {
					var cmp core.Comparison
					cmp, err = svc.CompareFigures(ctx, access.System(), c.period, report.Filter{})
					f = cmp.Current
				} else {
					f, err = svc.Figures(ctx, access.System(), c.period, report.Filter{})
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			// CPU time per computation: unlike ns/op, it does not grow when other
			// processes share the machine.
			b.ReportMetric(float64((cpuTime()-cpu0)/time.Millisecond)/float64(b.N), "cpu-ms/op")
			if f.Volume == 0 || f.Resolved == 0 {
				b.Fatalf("%s: the seed has no request in %s", c.name, c.period.Label())
			}
			b.ReportMetric(float64(f.Volume), "requests")
			b.ReportMetric(float64(n), "tickets")
		})
	}
}

// cpuTime is the CPU time (user and system) the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cachedReportSQLite is cachedSQLite's seed plus the report rows, cached apart.
func cachedReportSQLite(b *testing.B, n int) string {
	dir := filepath.Join(os.TempDir(), "guichet-bench-report-"+cacheKey(b, store.SQLite, n)+"-r1")
	if _, err := os.Stat(filepath.Join(dir, "seeded")); err == nil {
		return dir
	}
	b.Logf("seeding %d tickets and their audit and surveys into %s (once)", n, dir)
	tmp := fmt.Sprintf("%s.tmp-%d", dir, os.Getpid())
	os.RemoveAll(tmp)
	s, err := store.Open(context.Background(), store.Options{DataDir: tmp})
	if err != nil {
		b.Fatal(err)
	}
	agents := seedAgents(b, s)
	s.Close()
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(tmp, "guichet.db")+"?_pragma=foreign_keys(0)"+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=cache_size(-262144)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	seedTickets(b, store.SQLite, raw, n, agents)
	addReportRows(b, store.SQLite, raw)
	if _, err := raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	raw.Close()
	if err := os.WriteFile(filepath.Join(tmp, "seeded"), []byte(time.Now().Format(time.RFC3339)), 0o640); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
	}
	return dir
}

// addReportRows adds the audit entries and surveys, once.
func addReportRows(b *testing.B, d store.Dialect, raw *sql.DB) {
	var have int
	if err := raw.QueryRow("SELECT COUNT(*) FROM (SELECT 1 FROM audit LIMIT 1) x").Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have > 0 {
		return
	}
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	mustExec(b, tx, `INSERT INTO audit (ticket_id, at, field, old_value, new_value, rule)
		SELECT id, created_at, 'state', 'new', state, '' FROM tickets`)
	mustExec(b, tx, `INSERT INTO audit (ticket_id, at, field, old_value, new_value, rule)
		SELECT id, created_at + 1800000000, 'team', 'cellule', team_id, '' FROM tickets WHERE team_id <> 'cellule'`)
	mustExec(b, tx, `INSERT INTO surveys (ticket_id, email, sent_at, expires_at, rating, rated_at, by_phone, created_at)
		SELECT id, 'contact@example.org', resolved_at + 86400000000, resolved_at + 2419200000000,
			CASE WHEN id % 3 = 0 THEN NULL ELSE 1 + id % 5 END,
			CASE WHEN id % 3 = 0 THEN NULL ELSE resolved_at + 172800000000 END,
			CASE WHEN id % 17 = 0 THEN 1 ELSE 0 END, resolved_at
		FROM tickets WHERE resolved_at IS NOT NULL AND id % 2 = 0`)
	if d == store.Postgres {
		mustExec(b, tx, "ANALYZE")
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}
