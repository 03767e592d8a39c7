package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// RetentionField is the audit field that marks a request anonymised by the
// retention job: its presence is what makes the job idempotent.
const RetentionField = "retention"

// RetentionCandidate is a finished request due for anonymisation.
type RetentionCandidate struct {
	ID       int64
	Number   string
	ClosedAt time.Time // closure, or resolution when never closed
}

// FindRetentionCandidates lists the requests finished (closed, or resolved and
// never closed) before cutoff and not yet anonymised, by id after after, at most
// limit. A resolved request counts from its resolution: closing is optional in
// the workflow, and a request left resolved must not keep its data forever.
func (s *Store) FindRetentionCandidates(ctx context.Context, cutoff time.Time, after int64, limit int) ([]RetentionCandidate, error) {
	rows, err := s.reader().query(ctx, fmt.Sprintf(`SELECT t.id, t.number, COALESCE(t.closed_at, t.resolved_at) FROM tickets t
		WHERE t.state IN ('closed', 'resolved') AND COALESCE(t.closed_at, t.resolved_at) < ? AND t.id > ?
		AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.ticket_id = t.id AND a.field = ?)
		ORDER BY t.id LIMIT %d`, limit), micros(cutoff), after, RetentionField)
	if err != nil {
		return nil, fmt.Errorf("store: retention candidates: %w", err)
	}
	defer rows.Close()
	var out []RetentionCandidate
	for rows.Next() {
		var c RetentionCandidate
		if err := rows.Scan(&c.ID, &c.Number, nullTime{&c.ClosedAt}); err != nil {
			return nil, fmt.Errorf("store: retention candidates: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Anonymised is what replaces personal data.
type Anonymised struct {
	Subject, Body, ContactName, AttachmentName string
	AuditValue                                 string // replaces an audit entry's personal old and new values
}

// AuditKeptFields are the audit fields whose values hold no personal data
// (codes, ids, times, counts, the request's number, a public consultation's
// reference) and which the figures or the lists read (team: "escalated", the
// team's past requests), so retention keeps them. Every other field's values
// are replaced: a subject, the sender of a mail, and any field added later
// until it is listed here. Adding a field here says it holds no personal data.
var AuditKeptFields = []string{"created", "team", "priority", "topic", "scope", "state", "outcome", "assignee",
	"consultation_ref", "first_response_at", "due_first_response", "due_next_response", "due_resolution",
	"sla_paused_at", "missed_calls", "access_denied", "qa_published", RetentionField}

// retentionStep erases one kind of personal data of a request: set on the rows
// of table matching where, which also selects only rows still holding some, so
// that the same condition counts what a run would erase (a dry run) and a
// second run erases nothing.
type retentionStep struct {
	kind, table, set, where string
	setArgs                 func(a Anonymised) []any
	whereArgs               func(id int64, a Anonymised, cutoff any) []any
}

func byTicket(id int64, _ Anonymised, _ any) []any { return []any{id} }

func retentionSteps() []retentionStep {
	kept := "'" + strings.Join(AuditKeptFields, "', '") + "'"
	none := func(Anonymised) []any { return nil }
	return []retentionStep{
		{"subject", "tickets", "subject = ?", "id = ? AND subject <> ?",
			func(a Anonymised) []any { return []any{a.Subject} },
			func(id int64, a Anonymised, _ any) []any { return []any{id, a.Subject} }},
		{"messages", "messages", "body = ?", "ticket_id = ? AND body <> ?",
			func(a Anonymised) []any { return []any{a.Body} },
			func(id int64, a Anonymised, _ any) []any { return []any{id, a.Body} }},
		// The content's key was queued before (attachment_purges): the row keeps
		// its type, size and date, loses its name and its hash.
		{"attachments", "attachments", "name = ?, sha256 = ''", "ticket_id = ? AND (sha256 <> '' OR name <> ?)",
			func(a Anonymised) []any { return []any{a.AttachmentName} },
			func(id int64, a Anonymised, _ any) []any { return []any{id, a.AttachmentName} }},
		{"audit_values", "audit",
			"old_value = CASE WHEN old_value = '' THEN '' ELSE ? END, new_value = CASE WHEN new_value = '' THEN '' ELSE ? END",
			"ticket_id = ? AND field NOT IN (" + kept + ") AND ((old_value <> '' AND old_value <> ?) OR (new_value <> '' AND new_value <> ?))",
			func(a Anonymised) []any { return []any{a.AuditValue, a.AuditValue} },
			func(id int64, a Anonymised, _ any) []any { return []any{id, a.AuditValue, a.AuditValue} }},
		// A pending mail is left to the sender: erasing it would send an empty mail.
		{"outbox", "outbox", "recipients = '', subject = ?, raw = '', last_error = ''",
			"ticket_id = ? AND state <> 'pending' AND (recipients <> '' OR raw <> '' OR last_error <> '' OR subject <> ?)",
			func(a Anonymised) []any { return []any{a.Subject} },
			func(id int64, a Anonymised, _ any) []any { return []any{id, a.Subject} }},
		// The sender's Message-ID often names its host or address; without it a
		// late reply quoting this mail starts a new request instead of joining
		// an anonymised one (our own mails' Message-IDs, in outbox, stay).
		{"inbound_mail", "inbound_mail", "from_addr = '', subject = ?, full_text = '', attachments = '', message_id = ''",
			"ticket_id = ? AND (from_addr <> '' OR full_text <> '' OR attachments <> '' OR message_id <> '' OR subject <> ?)",
			func(a Anonymised) []any { return []any{a.Subject} },
			func(id int64, a Anonymised, _ any) []any { return []any{id, a.Subject} }},
		{"surveys", "surveys", "email = '', comment = ''", "ticket_id = ? AND (email <> '' OR comment <> '')", none, byTicket},
		{"callbacks", "callbacks", "phone = '', open_phone = NULL", "ticket_id = ? AND (phone <> '' OR open_phone IS NOT NULL)", none, byTicket},
		{"calls", "calls", "from_number = '', to_number = ''", "ticket_id = ? AND (from_number <> '' OR to_number <> '')", none, byTicket},
		// What the public form's visitor typed while the FAQ suggested articles;
		// the session, the articles shown and the time stay for the deflection figure.
		{"suggestions", "kb_suggestions", "query = ''", "ticket_id = ? AND query <> ''", none, byTicket},
		// The contact only once none of its requests is still kept.
		{"contact", "contacts", "name = ?, email = '', phone = '', role = ''",
			`id = (SELECT contact_id FROM tickets WHERE id = ?) AND (name <> ? OR email <> '' OR phone <> '' OR role <> '')
			AND NOT EXISTS (SELECT 1 FROM tickets o WHERE o.contact_id = contacts.id
				AND (o.state NOT IN ('closed', 'resolved') OR COALESCE(o.closed_at, o.resolved_at, ?) >= ?))`,
			func(a Anonymised) []any { return []any{a.ContactName} },
			func(id int64, a Anonymised, cutoff any) []any { return []any{id, a.ContactName, cutoff, cutoff} }},
	}
}

// queueBlobPurges queues the contents of the request's attachments for
// deletion after the commit (attachment_purges, migration 0023), before the
// attachments step empties their hashes.
const queueBlobPurges = `INSERT INTO attachment_purges (key, queued_at)
	SELECT DISTINCT CASE WHEN quarantined <> 0 THEN 'quarantine/' || sha256 ELSE sha256 END, CAST(? AS BIGINT)
	FROM attachments WHERE ticket_id = ? AND sha256 <> '' ON CONFLICT (key) DO NOTHING`

// RetentionCounts counts, by kind, the personal data a retention run would
// erase for request id (what a dry run reports): the same conditions as the
// run's, so a second run counts nothing. "search_docs" counts its documents
// in the search index (the request's, rewritten; its messages', removed).
// contact is the contact that would be anonymised with it (0: none), so that a
// caller counting several requests counts a shared contact once, as the run
// erases it once.
func (s *Store) RetentionCounts(ctx context.Context, id int64, cutoff time.Time, a Anonymised) (counts map[string]int, contact int64, err error) {
	counts = map[string]int{}
	for _, st := range retentionSteps() {
		var n int
		q := "SELECT count(*) FROM " + st.table + " WHERE " + st.where
		if st.table == "contacts" {
			q = "SELECT count(*), COALESCE(MAX(id), 0) FROM contacts WHERE " + st.where
		}
		row := s.reader().queryRow(ctx, q, st.whereArgs(id, a, micros(cutoff))...)
		if st.table == "contacts" {
			err = row.Scan(&n, &contact)
		} else {
			err = row.Scan(&n)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("store: retention counts %d %s: %w", id, st.kind, err)
		}
		counts[st.kind] = n
	}
	var n int
	if err := s.reader().queryRow(ctx, "SELECT count(*) FROM search_docs WHERE ticket_id = ?", id).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("store: retention counts %d: %w", id, err)
	}
	counts["search_docs"] = n
	return counts, contact, nil
}

// Anonymisation is what AnonymiseTicket did to one request.
type Anonymisation struct {
	Done     bool           // false when another run got there first
	Messages []int64        // its messages' ids, to drop from the search index
	Erased   map[string]int // rows changed, by kind (RetentionCounts' kinds)
}

// AnonymiseTicket replaces the personal data of one finished request: its
// subject, message bodies, attachment names and contents (queued for deletion
// after the commit: attachment_purges), the personal values of its audit
// trail, the mails sent and received about it (addresses, subjects, texts,
// errors), the survey's address and comment, the callback and call numbers,
// what its sender typed in the public form, and its contact's name, e-mail,
// phone and role when no request of that contact is still within its
// retention period (cutoff). It keeps the figures: channel, topic, scope,
// outcome, team and its audit entries, dates, durations, the company and the
// rating. It writes the audit entry that marks the request done.
func (t *Tx) AnonymiseTicket(ctx context.Context, id int64, at, cutoff time.Time, rule string, a Anonymised) (Anonymisation, error) {
	res := Anonymisation{Erased: map[string]int{}}
	fail := func(err error) (Anonymisation, error) {
		return Anonymisation{}, fmt.Errorf("store: anonymise %d: %w", id, err)
	}
	// Lock the row first (PostgreSQL): a second instance waits here, then sees
	// the audit entry below and does nothing.
	if _, err := t.exec(ctx, "UPDATE tickets SET version = version + 1, updated_at = ? WHERE id = ?", micros(at), id); err != nil {
		return fail(err)
	}
	var already int
	if err := t.queryRow(ctx, "SELECT count(*) FROM audit WHERE ticket_id = ? AND field = ?", id, RetentionField).Scan(&already); err != nil {
		return fail(err)
	}
	if already > 0 {
		return res, nil
	}
	if err := t.queryRow(ctx, "SELECT count(*) FROM search_docs WHERE ticket_id = ?", id).Scan(&already); err != nil {
		return fail(err)
	}
	res.Erased["search_docs"] = already
	if _, err := t.exec(ctx, queueBlobPurges, micros(at), id); err != nil {
		return fail(err)
	}
	for _, st := range retentionSteps() {
		args := append(st.setArgs(a), st.whereArgs(id, a, micros(cutoff))...)
		r, err := t.exec(ctx, "UPDATE "+st.table+" SET "+st.set+" WHERE "+st.where, args...)
		if err != nil {
			return fail(fmt.Errorf("%s: %w", st.kind, err))
		}
		n, _ := r.RowsAffected()
		res.Erased[st.kind] = int(n)
	}
	if _, err := t.exec(ctx, "INSERT INTO audit (ticket_id, at, actor_id, field, old_value, new_value, rule) VALUES (?, ?, NULL, ?, '', 'anonymised', ?)",
		id, micros(at), RetentionField, rule); err != nil {
		return fail(err)
	}
	msgs, err := t.ids(ctx, "SELECT id FROM messages WHERE ticket_id = ? ORDER BY id", id)
	if err != nil {
		return fail(err)
	}
	res.Done, res.Messages = true, msgs
	return res, nil
}

func (t *Tx) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// BlobPurge is an attachment content queued for deletion by the retention job.
type BlobPurge struct {
	Key  string // the blob key (attach.Blobs)
	Used bool   // a kept attachment still uses this content: only the queue entry goes
}

// FindBlobPurges lists up to limit contents queued for deletion, oldest key
// first, each with whether a kept attachment still uses it (contents are
// stored once per SHA-256, and another request may hold the same file).
func (s *Store) FindBlobPurges(ctx context.Context, limit int) ([]BlobPurge, error) {
	rows, err := s.reader().query(ctx, fmt.Sprintf(`SELECT p.key, EXISTS (SELECT 1 FROM attachments a
		WHERE a.sha256 = (CASE WHEN p.key LIKE 'quarantine/%%' THEN substr(p.key, 12) ELSE p.key END)
		AND (a.quarantined <> 0) = (p.key LIKE 'quarantine/%%'))
		FROM attachment_purges p ORDER BY p.key LIMIT %d`, limit))
	if err != nil {
		return nil, fmt.Errorf("store: blob purges: %w", err)
	}
	defer rows.Close()
	var out []BlobPurge
	for rows.Next() {
		var p BlobPurge
		if err := rows.Scan(&p.Key, &p.Used); err != nil {
			return nil, fmt.Errorf("store: blob purges: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CountBlobPurges counts the contents still queued for deletion.
func (s *Store) CountBlobPurges(ctx context.Context) (int, error) {
	var n int
	err := s.reader().queryRow(ctx, "SELECT count(*) FROM attachment_purges").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count blob purges: %w", err)
	}
	return n, nil
}

// DeleteBlobPurge removes a key from the queue, once its content is deleted
// (or still used).
func (t *Tx) DeleteBlobPurge(ctx context.Context, key string) error {
	if _, err := t.exec(ctx, "DELETE FROM attachment_purges WHERE key = ?", key); err != nil {
		return fmt.Errorf("store: delete blob purge: %w", err)
	}
	return nil
}

// Delete removes the content stored under key; an absent key is no error, so
// that a deletion interrupted and run again ends the same.
func (b DBBlobs) Delete(ctx context.Context, key string) error {
	return b.s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM attachment_blobs WHERE key = ?", key); err != nil {
			return fmt.Errorf("store: delete blob: %w", err)
		}
		return nil
	})
}

// MergeErasedTerms rewrites SQLite's full-text indexes after a retention run:
// FTS5 keeps a deleted document's terms in its segments (search_fts_data)
// until they are merged, where anyone reading the file would find words of an
// anonymised request; 'optimize' merges every segment into one without them.
// It rewrites the whole index in one write (the daily job's cost, measured in
// docs/operations.md). contacts also does the contacts' name index. PostgreSQL
// deletes its postings rows, and this does nothing there.
func (s *Store) MergeErasedTerms(ctx context.Context, contacts bool) error {
	if s.dialect != SQLite {
		return nil
	}
	indexes := []string{"search_fts"}
	if contacts {
		indexes = append(indexes, "contacts_trigram")
	}
	return s.Write(ctx, func(tx *Tx) error {
		for _, ix := range indexes {
			if _, err := tx.exec(ctx, "INSERT INTO "+ix+" ("+ix+") VALUES ('optimize')"); err != nil {
				return fmt.Errorf("store: optimize %s: %w", ix, err)
			}
		}
		return nil
	})
}
