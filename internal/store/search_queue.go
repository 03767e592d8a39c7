package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// The search queue: things to index later, outside the transaction that wrote
// them (a new request: core/search_queue.go, docs/search.md). Entries are read
// oldest first through the read pool, and taken (locked, then deleted) in the
// transaction that writes their documents, so that an entry leaves the queue
// exactly when its document is committed.

// QueuedIndex is an entry of the search queue.
type QueuedIndex struct {
	ID       int64
	Kind     string
	RefID    int64
	Attempts int // batches that failed on this entry alone
}

// QueueIndex queues the document of kind and refID for the indexer.
func (t *Tx) QueueIndex(ctx context.Context, kind string, refID int64) error {
	if _, err := t.exec(ctx, `INSERT INTO search_queue (kind, ref_id) VALUES (?, ?)`, kind, refID); err != nil {
		return fmt.Errorf("store: queue %s %d for indexing: %w", kind, refID, err)
	}
	return nil
}

// FindSearchQueue returns the oldest entries of the search queue, at most limit.
func (s *Store) FindSearchQueue(ctx context.Context, limit int) ([]QueuedIndex, error) {
	rows, err := s.reader().query(ctx, `SELECT id, kind, ref_id, attempts FROM search_queue ORDER BY id LIMIT ?`, max(1, limit))
	if err != nil {
		return nil, fmt.Errorf("store: search queue: %w", err)
	}
	defer rows.Close()
	var out []QueuedIndex
	for rows.Next() {
		var q QueuedIndex
		if err := rows.Scan(&q.ID, &q.Kind, &q.RefID, &q.Attempts); err != nil {
			return nil, fmt.Errorf("store: search queue: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// LockSearchQueue returns which of the entries ids are still queued. On
// PostgreSQL it locks them until the transaction ends, in id order (so that two
// instances taking overlapping entries never deadlock): an instance whose
// transaction took them first is waited for, and the entries it deleted are
// then not returned. SQLite's one writer needs no lock.
func (t *Tx) LockSearchQueue(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	lock := ""
	if t.d == Postgres {
		lock = " ORDER BY id FOR UPDATE"
	}
	rows, err := t.query(ctx, `SELECT id FROM search_queue WHERE id`+t.d.inList()+lock, t.d.idList(ids))
	if err != nil {
		return nil, fmt.Errorf("store: lock search queue: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: lock search queue: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// DeleteSearchQueue removes entries of the search queue (indexed, or dropped).
func (t *Tx) DeleteSearchQueue(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := t.exec(ctx, `DELETE FROM search_queue WHERE id`+t.d.inList(), t.d.idList(ids))
	if err != nil {
		return fmt.Errorf("store: delete from search queue: %w", err)
	}
	return nil
}

// FailSearchQueue counts a failed attempt at an entry, and removes it once it
// has failed maxAttempts times; dropped says it was removed.
func (t *Tx) FailSearchQueue(ctx context.Context, id int64, maxAttempts int) (dropped bool, err error) {
	var n int
	err = t.queryRow(ctx, `UPDATE search_queue SET attempts = attempts + 1 WHERE id = ? RETURNING attempts`, id).Scan(&n)
	if isNoRows(err) {
		return false, nil // taken meanwhile
	}
	if err == nil && n >= maxAttempts {
		dropped, err = true, t.DeleteSearchQueue(ctx, []int64{id})
	}
	if err != nil {
		return false, fmt.Errorf("store: search queue entry %d: %w", id, err)
	}
	return dropped, nil
}

// TicketVersions returns the current version of each request of ids that
// exists. On PostgreSQL the rows are locked for share until the transaction
// ends: an update of one of them, which changes its document too, waits for the
// indexer's commit (and then finds its document), or the indexer waits for the
// update's commit and sees its new version.
func (t *Tx) TicketVersions(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := make(map[int64]int, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	lock := ""
	if t.d == Postgres {
		lock = " ORDER BY id FOR SHARE"
	}
	rows, err := t.query(ctx, `SELECT id, version FROM tickets WHERE id`+t.d.inList()+lock, t.d.idList(ids))
	if err != nil {
		return nil, fmt.Errorf("store: ticket versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			return nil, fmt.Errorf("store: ticket versions: %w", err)
		}
		out[id] = v
	}
	return out, rows.Err()
}

// FindTicketsToIndexByID returns the requests of ids that exist, with the text
// of their first message, as FindTicketsToIndex does, by id.
func (s *Store) FindTicketsToIndexByID(ctx context.Context, ids []int64) ([]TicketText, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.ticketTexts(ctx, "t.id"+s.dialect.inList()+" ORDER BY t.id", s.dialect.idList(ids))
}

// inList and idList write "column is one of these ids" with one statement
// text whatever the number of ids (a JSON array on SQLite, an array on
// PostgreSQL), so that the statement caches of the writer and the read pool
// keep one entry for it rather than one for each batch size.
func (d Dialect) inList() string {
	if d == Postgres {
		return " = ANY(CAST(? AS BIGINT[]))"
	}
	return " IN (SELECT value FROM json_each(?))"
}

func (d Dialect) idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	if d == Postgres {
		return "{" + strings.Join(parts, ",") + "}"
	}
	return "[" + strings.Join(parts, ",") + "]"
}
