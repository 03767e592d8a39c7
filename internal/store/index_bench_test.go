package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"modernc.org/sqlite"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/bench"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store"
)

// BenchmarkCreateTicketWrites is BenchmarkCreateTicket on SQLite with what the
// writer's commits write to the WAL: pages/commit and pages/ticket (the writer
// connection's SQLITE_DBSTATUS_CACHE_WRITE). Every index of tickets adds at least
// a page to a commit, so these counts say what an index change saves, whatever
// else runs on the machine, where tickets/s depends on the load (docs/perf.md,
// "Fewer indexes on tickets").
//
// Where a new entry lands in an index depends on the clock: during business
// hours each request's due times are later than the previous one's, outside
// them every request gets the same ones (the next opening plus the target), so
// the due times' indexes order those entries by their next columns (docs/perf.md,
// "Due times' indexes in creation order"). Each variant runs on a clock of its
// own that starts at a fixed instant and goes at the wall clock's pace: day, a
// Tuesday at 10:00 in Paris; night, a Saturday at 21:00.
//
//	go test -run '^$' -bench CreateTicketWrites -benchtime 5s ./internal/store/
func BenchmarkCreateTicketWrites(b *testing.B) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		start time.Time
	}{
		{"day", time.Date(2026, 11, 24, 10, 0, 0, 0, paris)},
		{"night", time.Date(2026, 11, 28, 21, 0, 0, 0, paris)},
	} {
		// serial: one creation per commit, so pages/commit is what one creation
		// writes; clients: benchClients writers, whose commits group creations.
		b.Run(c.name+"/serial", func(b *testing.B) { benchCreateWrites(b, c.start, false) })
		b.Run(c.name+"/clients", func(b *testing.B) { benchCreateWrites(b, c.start, true) })
	}
}

// writeChannels are the channels of `guichet bench --scenario create`
// (internal/bench): a phone request is answered by the call and owes no first
// response, the others owe one, and their due time is in tickets_report_due_first.
var writeChannels = []string{"phone", "phone", "phone", "email", "email", "web", "api"}

// mixedTicket is newTicket on one of writeChannels.
func mixedTicket(sirets []string, i int64) core.NewTicket {
	in := newTicket(sirets, i)
	in.Channel = writeChannels[i%int64(len(writeChannels))]
	return in
}

// clockFrom is a clock that reads start when it is made and then runs with the
// wall clock.
func clockFrom(start time.Time) func() time.Time {
	t0 := time.Now()
	return func() time.Time { return start.Add(time.Since(t0)) }
}

func benchCreateWrites(b *testing.B, clockStart time.Time, parallel bool) {
	dir := b.TempDir()
	w := watchWriter(dir)
	s, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	svc := core.New(core.Options{Store: s, Now: clockFrom(clockStart)})
	actor := benchActor(b, svc, "agent.writes@region.example")
	sirets := bench.SIRETPool(1000, 1)
	var seq atomic.Int64
	create := func() bool {
		if _, _, err := svc.CreateTicket(ctx, actor, mixedTicket(sirets, seq.Add(1)), ""); err != nil {
			b.Error(err)
			return false
		}
		return true
	}
	commits, pages, cpu0 := w.commits.Load(), w.pagesWritten(), cpuTime()
	start := time.Now()
	b.ResetTimer()
	if parallel {
		b.SetParallelism(max(1, (benchClients+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0)))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() && create() {
			}
		})
	} else {
		for i := 0; i < b.N && create(); i++ {
		}
	}
	b.StopTimer()
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	commits, pages = w.commits.Load()-commits, w.pagesWritten()-pages
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "tickets/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/ticket")
	if commits > 0 {
		b.ReportMetric(float64(b.N)/float64(commits), "tickets/commit")
		b.ReportMetric(float64(pages)/float64(commits), "pages/commit")
	}
	b.ReportMetric(float64(pages)/float64(b.N), "pages/ticket")
	b.ReportMetric(dueTimesPerTicket(b, dir), "due-times/ticket")
}

// dueTimesPerTicket is the number of distinct resolution due times over the
// number of requests: close to 1 by day, close to 0 at night, where the
// variant is about requests that share their due times.
func dueTimesPerTicket(tb testing.TB, dir string) float64 {
	db := openReadOnly(tb, dir)
	defer db.Close()
	var due, n float64
	if err := db.QueryRow("SELECT COUNT(DISTINCT due_resolution), COUNT(*) FROM tickets").Scan(&due, &n); err != nil {
		tb.Fatal(err)
	}
	return due / max(n, 1)
}

// openReadOnly opens the SQLite database of a data directory beside the store,
// for reads the store has no method for.
func openReadOnly(tb testing.TB, dir string) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "guichet.db")+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

// writerProbe counts the commits and the pages written by the store's writer
// connection in one data directory.
type writerProbe struct {
	dir     string
	commits atomic.Int64
	mu      sync.Mutex
	writers []sqlite.DBStatus
}

var writerProbes sync.Map // data directory → *writerProbe

var writerHookOnce sync.Once

func watchWriter(dir string) *writerProbe {
	writerHookOnce.Do(func() {
		sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
			writerProbes.Range(func(_, v any) bool {
				p := v.(*writerProbe)
				if !strings.Contains(dsn, p.dir+string(filepath.Separator)) || !strings.Contains(dsn, "_txlock=immediate") {
					return true
				}
				if h, ok := conn.(sqlite.HookRegisterer); ok {
					h.RegisterCommitHook(func() int32 { p.commits.Add(1); return 0 })
				}
				if st, ok := conn.(sqlite.DBStatus); ok {
					p.mu.Lock()
					p.writers = append(p.writers, st)
					p.mu.Unlock()
				}
				return false
			})
			return nil
		})
	})
	p := &writerProbe{dir: dir}
	writerProbes.Store(dir, p)
	return p
}

// pagesWritten is the number of pages the writer has written so far. Call it
// only while no write runs.
func (p *writerProbe) pagesWritten() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	total := 0
	for _, st := range p.writers {
		n, _, _ := st.Status(sqlite.DBStatusCacheWrite, false)
		total += n
	}
	return total
}

// TestNightRequestsAppendToDueIndexes creates requests outside business hours,
// all with the same due times, and checks that the due times' indexes hold them
// in creation order (migration 0021): each new entry then goes at the end of
// the index, next to the previous one, and a commit of several creations
// writes one leaf page of each index, not one per request (a few dozen places
// in the index when the entries of one due time were ordered by channel, topic
// and team; BenchmarkCreateTicketWrites/night measures the pages).
func TestNightRequestsAppendToDueIndexes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	svc := core.New(core.Options{Store: s, Now: clockFrom(time.Date(2026, 11, 28, 21, 0, 0, 0, paris))})
	if err := svc.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	u, err := svc.AddUser(ctx, access.System(), core.NewUser{Email: "agent.night@region.example", Role: "agent"})
	if err != nil {
		t.Fatal(err)
	}
	sirets := bench.SIRETPool(100, 1)
	for i := range int64(200) {
		if _, _, err := svc.CreateTicket(ctx, u.Actor(), mixedTicket(sirets, i), ""); err != nil {
			t.Fatal(err)
		}
	}
	if due := dueTimesPerTicket(t, dir); due > 0.01 {
		t.Fatalf("%.3f resolution due times per request: the clock is not outside business hours", due)
	}
	db := openReadOnly(t, dir)
	defer db.Close()
	for _, ix := range []struct{ name, col string }{
		{"tickets_report_due_first", "due_first_response"},
		{"tickets_report_due_resolution", "due_resolution"},
	} {
		// The index alone answers: its entries in their order.
		rows, err := db.QueryContext(ctx, "SELECT id FROM tickets INDEXED BY "+ix.name+" WHERE "+ix.col+" IS NOT NULL")
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) < 100 { // every request owes its resolution, 4 in 7 their first response
			t.Fatalf("%s: %d entries of 200 requests", ix.name, len(ids))
		}
		if !slices.IsSorted(ids) {
			t.Errorf("%s: the entries of one due time are not in creation order: new requests go inside the index (ids %v…)",
				ix.name, ids[:12])
		}
	}
}
