package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
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
}

type writeReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan error
}

func newBatcher(db *sql.DB, d Dialect) *batcher {
	b := &batcher{db: db, dialect: d, reqs: make(chan *writeReq, maxBatch)}
	b.wg.Add(1)
	go b.loop()
	return b
}

// do queues fn and waits for its transaction's commit.
func (b *batcher) do(ctx context.Context, fn func(*Tx) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case b.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, wait for the outcome even if ctx ends: the function may already
	// be running, and the caller must not believe it was not.
	return <-r.done
}

func (b *batcher) close() {
	b.once.Do(func() { close(b.reqs) })
	b.wg.Wait()
}

func (b *batcher) loop() {
	defer b.wg.Done()
	batch := make([]*writeReq, 0, maxBatch)
	for r := range b.reqs {
		batch = append(batch[:0], r)
	fill:
		for len(batch) < maxBatch {
			select {
			case more, ok := <-b.reqs:
				if !ok {
					break fill
				}
				batch = append(batch, more)
			default:
				break fill
			}
		}
		b.run(batch)
	}
}

// run executes one batch in one transaction and answers every request.
func (b *batcher) run(batch []*writeReq) {
	results := make([]error, len(batch))
	tx, err := b.db.BeginTx(context.Background(), nil)
	if err != nil {
		answer(batch, results, fmt.Errorf("store: begin: %w", err))
		return
	}
	t := &Tx{q: tx, d: b.dialect}
	for i, r := range batch {
		results[i] = b.runOne(tx, t, r)
	}
	if err := tx.Commit(); err != nil {
		answer(batch, results, fmt.Errorf("store: commit: %w", err))
		return
	}
	answer(batch, results, nil)
}

// runOne runs one request inside its savepoint; a panic is turned into an error
// and its savepoint rolled back, so it cannot take the batch down.
func (b *batcher) runOne(tx *sql.Tx, t *Tx, r *writeReq) (err error) {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if _, err := tx.Exec("SAVEPOINT w"); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: write panicked: %v", p)
		}
		if err != nil {
			if _, rbErr := tx.Exec("ROLLBACK TO w"); rbErr != nil {
				err = fmt.Errorf("%w (and rollback failed: %v)", err, rbErr)
			}
		}
		tx.Exec("RELEASE w")
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
