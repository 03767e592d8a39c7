package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"time"
)

// maxBatch bounds how many writers share one commit, so that one commit stays short
// and a writer never waits behind an unbounded queue.
const maxBatch = 128

// batcher is SQLite's group commit. SQLite allows one writer at a time and each
// commit syncs the WAL, so N concurrent writers committing one by one pay N syncs.
// The batcher's single goroutine takes every write function waiting, runs each in
// its own SAVEPOINT inside one transaction, and commits once: a failing function
// rolls back only its savepoint, and every caller learns its own result after the
// shared commit (so nobody is told "done" before the data is durable).
type batcher struct {
	db      *sql.DB
	dialect Dialect
	reqs    chan *writeReq
	wg      sync.WaitGroup
	once    sync.Once
	stmts   *stmtCache
	// mu guards closed: senders hold it shared while they queue, close holds it
	// alone, so that nothing is sent on reqs once it is closed.
	mu     sync.RWMutex
	closed bool
	// Owned by the loop goroutine: the size of the last batch, and the timer of
	// the commit delay.
	last  int
	timer *time.Timer
}

type writeReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan error
}

func newBatcher(db *sql.DB, d Dialect) *batcher {
	b := &batcher{db: db, dialect: d, reqs: make(chan *writeReq, maxBatch), stmts: newStmtCache(db)}
	// Savepoints copy the pages they change to a sub-journal, a temporary file by
	// default: keep it in memory (the writer connection lives as long as the store).
	db.Exec("PRAGMA temp_store = MEMORY")
	b.wg.Add(1)
	go b.loop()
	return b
}

// do queues fn and waits for its transaction's commit.
func (b *batcher) do(ctx context.Context, fn func(*Tx) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return ErrClosed
	}
	select {
	case b.reqs <- r:
	case <-ctx.Done():
		b.mu.RUnlock()
		return ctx.Err()
	}
	b.mu.RUnlock()
	// Once queued, wait for the outcome even if ctx ends: the function may already
	// be running, and the caller must not believe it was not.
	return <-r.done
}

func (b *batcher) close() {
	b.once.Do(func() {
		b.mu.Lock()
		b.closed = true
		close(b.reqs)
		b.mu.Unlock()
	})
	b.wg.Wait()
}

func (b *batcher) loop() {
	defer b.wg.Done()
	batch := make([]*writeReq, 0, maxBatch)
	for r := range b.reqs {
		batch = b.run(append(batch[:0], r))
		b.stmts.prepareNew() // between batches: the one connection is free
	}
	b.stmts.close()
}

// commitDelay is how long, at most, a batch smaller than the previous one waits
// for more writes before it commits, as PostgreSQL's commit_delay. A commit writes
// every page the batch changed to the log, two write calls a page (about 25 pages
// for a creation: the last leaf of each of the tickets' indexes, the messages',
// the audit's, the search's), and a batch's writes mostly change the same pages,
// so a commit shared by more writes costs each one less. Under a steady load of
// concurrent writers the previous batch's size is a fair guess of how many are
// on their way; a lone writer (previous batch of one) never waits.
const commitDelay = 300 * time.Microsecond

// await waits for a request until deadline (commitDelay from now when zero) and
// returns it, or nil once the deadline passed, with the deadline.
func (b *batcher) await(deadline time.Time) (*writeReq, time.Time) {
	if deadline.IsZero() {
		deadline = time.Now().Add(commitDelay)
	}
	wait := time.Until(deadline)
	if wait <= 0 {
		return nil, deadline
	}
	if b.timer == nil {
		b.timer = time.NewTimer(wait)
	} else {
		b.timer.Reset(wait)
	}
	defer b.timer.Stop()
	select {
	case r, ok := <-b.reqs:
		if ok {
			return r, deadline
		}
	case <-b.timer.C:
	}
	return nil, deadline
}

// waiting returns a request already queued, or nil when none is.
func (b *batcher) waiting() *writeReq {
	select {
	case r, ok := <-b.reqs:
		if ok {
			return r
		}
	default:
	}
	return nil
}

// run executes one batch in one transaction and answers every request. The batch
// grows while it runs: a request queued by the time the last one is done joins it
// (up to maxBatch), rather than wait for this commit and then pay its own. Each
// commit writes every page the batch changed to the log, two write calls a page,
// and a request mostly changes the same pages as its neighbours (the last leaf of
// each index), so a commit shared by more requests costs each one less.
func (b *batcher) run(batch []*writeReq) []*writeReq {
	tx, err := b.db.BeginTx(context.Background(), nil)
	if err != nil {
		answer(batch, make([]error, len(batch)), fmt.Errorf("store: begin: %w", err))
		return batch
	}
	q := &cachedTx{tx: tx, stmts: b.stmts}
	results := make([]error, 0, maxBatch)
	txs := make([]*Tx, 0, maxBatch) // one each: a rolled-back write's AfterCommit never runs
	var deadline time.Time          // of the commit delay, once started
	for i := 0; ; i++ {
		if i == len(batch) {
			if len(batch) == maxBatch {
				break
			}
			r := b.waiting()
			if r == nil && len(batch) < b.last {
				r, deadline = b.await(deadline)
			}
			if r == nil {
				break
			}
			batch = append(batch, r)
		}
		txs = append(txs, &Tx{q: q, d: b.dialect})
		results = append(results, b.runOne(q, txs[i], batch[i]))
	}
	b.last = len(batch)
	if err := tx.Commit(); err != nil {
		answer(batch, results, fmt.Errorf("store: commit: %w", err))
		return batch
	}
	for i := range batch {
		if results[i] == nil {
			txs[i].committed()
		}
	}
	answer(batch, results, nil)
	return batch
}

// runOne runs one request inside its savepoint; a panic is turned into an error
// and its savepoint rolled back, so it cannot take the batch down.
func (b *batcher) runOne(tx *cachedTx, t *Tx, r *writeReq) (err error) {
	ctx := context.Background()
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: write panicked: %v", p)
		}
		if err != nil {
			if _, rbErr := tx.ExecContext(ctx, "ROLLBACK TO w"); rbErr != nil {
				err = fmt.Errorf("%w (and rollback failed: %v)", err, rbErr)
			}
		}
		tx.ExecContext(ctx, "RELEASE w")
	}()
	return r.fn(t)
}

// answer sends each request its result; a failed commit fails them all.
func answer(batch []*writeReq, results []error, commitErr error) {
	for i, r := range batch {
		if commitErr != nil {
			r.done <- commitErr
			continue
		}
		r.done <- results[i]
	}
}

// maxStmts bounds the statement cache. The writes' queries are constants of the
// code, a few dozen; the bound only guards against a query built from data.
const maxStmts = 256

// stmtCache keeps the writer's statements prepared. Parsing a statement costs
// SQLite (and modernc's translation of it) about as much as running it, and the
// writer is the one goroutine every write waits for, so each write parsed again
// is throughput lost. A query seen for the first time runs unprepared and is
// prepared after the batch, when the one writer connection is free (preparing
// inside the batch would wait for the connection the batch holds). database/sql
// re-prepares a statement by itself if the connection is ever replaced.
type stmtCache struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	seen  []string // queries to prepare after the batch
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}}
}

// get returns the prepared statement of query, or nil (and notes the query).
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.stmts[query]
	if !ok && len(c.stmts)+len(c.seen) < maxStmts && !slices.Contains(c.seen, query) {
		c.seen = append(c.seen, query)
	}
	return st
}

// prepareNew prepares the queries noted since the last call. A query that does
// not prepare (it will fail when run, too) is not retried.
func (c *stmtCache) prepareNew() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, q := range c.seen {
		st, err := c.db.Prepare(q)
		if err != nil {
			st = nil
		}
		c.stmts[q] = st
	}
	c.seen = c.seen[:0]
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		if st != nil {
			st.Close()
		}
	}
	clear(c.stmts)
}

// cachedTx runs a batch's queries on the cache's prepared statements. Only the
// statements whose execution ends within the call are cached: an Exec, and a
// QueryRow (the store scans it at once). A multi-row query stays unprepared: the
// transaction's one connection has one copy of each prepared statement, and running
// the same statement again while its rows are still being read would reset them.
type cachedTx struct {
	tx    *sql.Tx
	stmts *stmtCache
}

func (c *cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := c.stmts.get(query); st != nil {
		return c.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return c.tx.ExecContext(ctx, query, args...)
}

func (c *cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.tx.QueryContext(ctx, query, args...)
}

func (c *cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.stmts.get(query); st != nil {
		return c.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return c.tx.QueryRowContext(ctx, query, args...)
}
