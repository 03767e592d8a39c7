-- New requests waiting for the search indexer (core/search_queue.go,
-- docs/search.md). A creation writes one tiny row here instead of indexing the
-- request on SQLite's one writer; the indexer reads the queue oldest first (by
-- id), indexes a batch in one transaction and deletes its rows there. kind is
-- what ref_id names ('request'); attempts counts the batches that failed on
-- this entry alone, so that one bad entry is dropped rather than retried forever.
-- AUTOINCREMENT: an id is never reused, so deleting "the entries read" by id can
-- never delete one queued after them.
CREATE TABLE search_queue (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL,
    ref_id   BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
