package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// SQLite write-ahead log checkpoints.
//
// A WAL commit appends pages to the -wal file; a checkpoint copies them back into
// the database file and syncs both. SQLite runs it by default inside the commit
// that crosses 1,000 pages, on the committing connection: here the one writer, so
// every write waited for the disk meanwhile. The writer therefore runs with
// wal_autocheckpoint(0), and a checkpointer goroutine on a connection of its own
// runs a PASSIVE checkpoint (it never blocks the writer or the readers) every
// checkpointEvery. When the log still grows past checkpointTruncate — readers kept
// old pages in use — it runs a TRUNCATE checkpoint, which waits (busy_timeout) for
// them, so that the -wal file cannot grow without bound. docs/perf.md has the
// measured effect (creation +15–25 %, p99 −30 %).
const (
	checkpointEvery    = 100 * time.Millisecond
	checkpointTruncate = 16384 // pages in the log (64 MB at 4 KiB pages)
)

// checkpointer runs the background checkpoints of a SQLite store.
type checkpointer struct {
	db   *sql.DB
	stop chan struct{}
	done chan struct{}
}

func startCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *checkpointer) run() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		pages, _, err := c.checkpoint(context.Background(), "PASSIVE")
		if err == nil && pages > checkpointTruncate {
			c.checkpoint(context.Background(), "TRUNCATE")
		}
	}
}

// checkpoint runs one checkpoint and returns the log's size and how much of it is
// now in the database file, in pages.
func (c *checkpointer) checkpoint(ctx context.Context, mode string) (logPages, done int, err error) {
	var busy int
	err = c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &logPages, &done)
	return logPages, done, err
}

// close stops the goroutine, checkpoints what is left and truncates the log.
func (c *checkpointer) close() error {
	close(c.stop)
	<-c.done
	_, _, err := c.checkpoint(context.Background(), "TRUNCATE")
	return err
}

// readCache runs the read pool's queries on prepared statements. Parsing a query
// costs SQLite (and modernc's translation) about as much as running a small one,
// and the same few dozen queries serve every request: prepared once, each runs on
// whichever pooled connection is free (database/sql prepares it there the first
// time). The bound only guards against query texts built from data.
type readCache struct {
	db    *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func newReadCache(db *sql.DB) *readCache {
	return &readCache{db: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the prepared statement for query, preparing it the first time; nil
// when it does not prepare (the caller runs it unprepared and gets the error) or
// when the cache is full.
func (c *readCache) stmt(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.stmts[query]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if len(c.stmts) >= maxStmts {
		return nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.stmts[query] = st
	return st
}

func (c *readCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.db.ExecContext(ctx, query, args...)
}

func (c *readCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.db.QueryContext(ctx, query, args...)
}

func (c *readCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.db.QueryRowContext(ctx, query, args...)
}

func (c *readCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	clear(c.stmts)
}
