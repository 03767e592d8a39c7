package core

// New requests are indexed by a batched indexer, not in the transaction that
// creates them (docs/search.md, "New requests are indexed by a batched
// indexer"). On SQLite every write waits for the one writer, and indexing a
// request there (the FTS5 row, the document, the statistics, FTS5's flush at
// the end of each write) was a quarter of a creation's time on it. A creation
// now writes one row to search_queue; the indexer reads a batch of entries with
// their requests through the read pool, analyses the text outside any
// transaction, and writes every document and deletes the entries in one
// transaction: one FTS5 flush and one commit for the whole batch.
//
// Searchable within one second, by construction: a creation committed on this
// instance wakes the indexer, which waits queueGather for more and runs; one
// committed on another instance is seen at the next tick (queueTick). A search
// on this instance first runs the indexer itself when entries it queued are
// pending (flushQueue), so an agent finds the request they just created.

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guichet/guichet/internal/store"
)

const (
	// queueBatch is how many entries one run reads and writes per transaction.
	queueBatch = 128
	// queueGather is how long the indexer, woken by a creation, waits for more
	// before it runs, so that a burst of creations is indexed in one write.
	queueGather = 150 * time.Millisecond
	// queueTick is how often the indexer looks at the queue anyway: entries
	// queued by another instance, or left by a failed or stopped run.
	queueTick = 500 * time.Millisecond
	// queueMaxAttempts is how many times an entry may fail on its own before
	// it is dropped (logged; ReindexSearch restores its document).
	queueMaxAttempts = 5
)

// requestQueue is this instance's side of the search queue.
type requestQueue struct {
	mu      sync.Mutex   // one run at a time: the background loop's or a search's flush
	pending atomic.Int64 // entries this instance queued (committed) that no run has finished since
	once    sync.Once
	wakeC   chan struct{}
}

func (q *requestQueue) wake() chan struct{} {
	q.once.Do(func() { q.wakeC = make(chan struct{}, 1) })
	return q.wakeC
}

// queueRequest queues request id for the indexer, in the transaction that
// creates or changes it; once that transaction is committed, the instance
// counts it pending and wakes the indexer.
func (s *Service) queueRequest(ctx context.Context, tx *store.Tx, id int64) error {
	if err := tx.QueueIndex(ctx, KindRequest, id); err != nil {
		return err
	}
	q := &s.kb.queue
	tx.AfterCommit(func() {
		q.pending.Add(1)
		select {
		case q.wake() <- struct{}{}:
		default: // already woken
		}
	})
	return nil
}

// flushQueue indexes what this instance queued before a search reads the
// index, so that a search sees every request created before it on this
// instance. With nothing pending it costs an atomic load. An error is logged:
// the search then answers from the index as it is.
func (s *Service) flushQueue(ctx context.Context) {
	q := &s.kb.queue
	if q.pending.Load() <= 0 {
		return
	}
	if err := s.drainQueue(ctx, true); err != nil {
		s.log.ErrorContext(ctx, "search queue: indexing before a search failed", "err", err)
	}
}

// drainQueue indexes the queue until it is empty. onlyPending (a search's
// flush) returns at once when a run finished meanwhile left nothing pending.
func (s *Service) drainQueue(ctx context.Context, onlyPending bool) error {
	q := &s.kb.queue
	q.mu.Lock()
	defer q.mu.Unlock()
	seen := q.pending.Load()
	if onlyPending && seen <= 0 {
		return nil
	}
	for round := 0; ; round++ {
		n, kept, err := s.indexQueueBatch(ctx)
		if err != nil {
			return err
		}
		// A full batch means more may wait. Entries kept because their request
		// changed after it was read are read again at once, a few times (a
		// request changed again and again waits for the next tick).
		more := n == queueBatch && kept < n
		if !more && (kept == 0 || round >= 2) {
			break
		}
	}
	q.pending.Add(-seen) // those queued since the start may be indexed too: one more run, which finds nothing
	return nil
}

// runRequestQueue is the indexer's background loop (a long-lived job): at
// start (entries left by a stop), when woken by a creation after queueGather,
// and every queueTick. Errors are logged and the next tick tries again: the
// entries stay queued until their documents are committed.
func (s *Service) runRequestQueue(ctx context.Context) error {
	tick := time.NewTicker(queueTick)
	defer tick.Stop()
	wake := s.kb.queue.wake()
	for {
		if err := s.drainQueue(ctx, false); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "search queue: indexing failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		case <-wake:
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(queueGather):
			}
		}
	}
}

// queuedDoc is a request's document as analysed outside the transaction, with
// the version of the request it was read from.
type queuedDoc struct {
	doc     *store.SearchDoc
	version int
}

// indexQueueBatch indexes the oldest entries of the queue: it reads them and
// their requests (with the first message and the company) through the read
// pool, analyses the text, then writes the documents and deletes the entries in
// one transaction. n is the number of entries read, kept those left queued
// because their request changed after it was read.
func (s *Service) indexQueueBatch(ctx context.Context) (n, kept int, err error) {
	entries, err := s.store.FindSearchQueue(ctx, queueBatch)
	if err != nil || len(entries) == 0 {
		return 0, 0, err
	}
	docs, err := s.queuedDocs(ctx, entries)
	if err != nil {
		return len(entries), 0, err
	}
	err = s.store.Write(ctx, func(tx *store.Tx) (err error) {
		kept, err = s.writeQueued(ctx, tx, entries, docs)
		return err
	})
	if err == nil || ctx.Err() != nil {
		return len(entries), kept, err
	}
	// One bad entry must not hold the others back: each alone, and one that
	// fails alone counts an attempt.
	s.log.WarnContext(ctx, "search queue: a batch failed, indexing its entries one by one", "err", err)
	kept, err = s.writeQueuedOneByOne(ctx, entries, docs)
	return len(entries), kept, err
}

// queuedDocs reads and analyses the requests of entries, keyed by request id;
// a request that does not exist has none.
func (s *Service) queuedDocs(ctx context.Context, entries []store.QueuedIndex) (map[int64]queuedDoc, error) {
	var ids []int64
	for _, e := range entries {
		if e.Kind == KindRequest {
			ids = append(ids, e.RefID)
		}
	}
	slices.Sort(ids)
	list, err := s.store.FindTicketsToIndexByID(ctx, slices.Compact(ids))
	if err != nil {
		return nil, err
	}
	out := make(map[int64]queuedDoc, len(list))
	for _, t := range list {
		out[t.Ticket.ID] = queuedDoc{doc: s.requestDoc(t.Ticket, t.First), version: t.Ticket.Version}
	}
	return out, nil
}

// writeQueued writes, in tx, the documents of the entries still queued and
// deletes those entries. A document is written only if its request is still at
// the version it was read from: the index never takes content older than the
// committed request (an update or an anonymisation committed since the read
// keeps the entry, which the next run reads again). An entry whose request no
// longer exists, or of an unknown kind, is dropped.
func (s *Service) writeQueued(ctx context.Context, tx *store.Tx, entries []store.QueuedIndex, docs map[int64]queuedDoc) (kept int, err error) {
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	present, err := tx.LockSearchQueue(ctx, ids)
	if err != nil {
		return 0, err
	}
	var refs []int64 // the requests to index, by id (the order rows are locked in)
	for _, e := range entries {
		if present[e.ID] && e.Kind == KindRequest {
			refs = append(refs, e.RefID)
		}
	}
	slices.Sort(refs)
	refs = slices.Compact(refs)
	versions, err := tx.TicketVersions(ctx, refs)
	if err != nil {
		return 0, err
	}
	stale := map[int64]bool{}
	write := make([]*store.SearchDoc, 0, len(refs))
	for _, ref := range refs {
		d, read := docs[ref]
		v, exists := versions[ref]
		switch {
		case !read || !exists:
			s.log.WarnContext(ctx, "search queue: request not found, entry dropped", "ticket_id", ref)
		case v != d.version:
			stale[ref] = true
		default:
			write = append(write, d.doc)
		}
	}
	if err := tx.IndexNewDocs(ctx, write); err != nil {
		return 0, err
	}
	done := ids[:0:0]
	for _, e := range entries {
		switch {
		case !present[e.ID]: // taken by another run
		case e.Kind == KindRequest && stale[e.RefID]:
			kept++
		default:
			if e.Kind != KindRequest {
				s.log.WarnContext(ctx, "search queue: unknown kind, entry dropped", "kind", e.Kind, "ref_id", e.RefID)
			}
			done = append(done, e.ID)
		}
	}
	return kept, tx.DeleteSearchQueue(ctx, done)
}

// writeQueuedOneByOne writes each entry in its own transaction, after a batch
// failed; an entry that fails alone counts an attempt, and is dropped at
// queueMaxAttempts. It returns the first error, once every entry was tried.
func (s *Service) writeQueuedOneByOne(ctx context.Context, entries []store.QueuedIndex, docs map[int64]queuedDoc) (kept int, first error) {
	for _, e := range entries {
		k := 0
		err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
			k, err = s.writeQueued(ctx, tx, []store.QueuedIndex{e}, docs)
			return err
		})
		if err == nil {
			kept += k
			continue
		}
		if ctx.Err() != nil {
			return kept, ctx.Err()
		}
		var dropped bool
		ferr := s.store.Write(ctx, func(tx *store.Tx) (err error) {
			dropped, err = tx.FailSearchQueue(ctx, e.ID, queueMaxAttempts)
			return err
		})
		if dropped {
			s.log.ErrorContext(ctx, "search queue: entry dropped after repeated failures (ReindexSearch restores it)",
				"kind", e.Kind, "ref_id", e.RefID, "err", err)
		}
		if first == nil {
			first = errors.Join(err, ferr)
		}
	}
	return kept, first
}
