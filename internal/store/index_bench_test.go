package store_test

import (
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"modernc.org/sqlite"

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
//	go test -run '^$' -bench CreateTicketWrites -benchtime 5s ./internal/store/
func BenchmarkCreateTicketWrites(b *testing.B) {
	// serial: one creation per commit, so pages/commit is what one creation
	// writes; clients: benchClients writers, whose commits group creations.
	b.Run("serial", func(b *testing.B) { benchCreateWrites(b, false) })
	b.Run("clients", func(b *testing.B) { benchCreateWrites(b, true) })
}

func benchCreateWrites(b *testing.B, parallel bool) {
	dir := b.TempDir()
	w := watchWriter(dir)
	s, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	svc := core.New(core.Options{Store: s})
	actor := benchActor(b, svc, "agent.writes@region.example")
	sirets := bench.SIRETPool(1000, 1)
	var seq atomic.Int64
	create := func() bool {
		if _, _, err := svc.CreateTicket(ctx, actor, newTicket(sirets, seq.Add(1)), ""); err != nil {
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
