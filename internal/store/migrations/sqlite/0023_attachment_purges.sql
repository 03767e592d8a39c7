-- Attachment contents waiting to be deleted by the retention job
-- (core/retention.go, docs/operations.md "Retention"). The transaction that
-- anonymises a request empties its attachments' hashes and queues their blob
-- keys here; after the commit, the job deletes each content no kept attachment
-- still uses (contents are stored once per SHA-256) and then the row. A crash
-- in between leaves the row, and the next run finishes the deletion: no
-- attachment row ever names a deleted content, and no content is forgotten.
CREATE TABLE attachment_purges (
    key       TEXT PRIMARY KEY, -- a blob key: the SHA-256, or quarantine/ and the SHA-256
    queued_at BIGINT NOT NULL
);
-- Whether another attachment still uses a content is read on attachments_sha256 (0007).

