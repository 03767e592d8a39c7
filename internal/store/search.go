package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/search"
	"github.com/guichet/guichet/internal/ticket"
)

// SearchDoc is one row of the search index: a request, a message, an article or
// a consultation, with its analysed terms (internal/search) and the plain text
// that results show.
type SearchDoc struct {
	ID        int64
	Kind      string
	RefID     int64
	TicketID  int64
	Topic     string
	Audience  string
	State     string
	Ref       string
	Title     string
	Body      string
	Terms     []string
	UpdatedAt time.Time
}

// plainTerm is what an analysed term looks like; anything else never reaches the
// full-text engine, whatever a caller passes (defence in depth: the analyser
// already guarantees it).
var plainTerm = regexp.MustCompile(`^[a-z0-9]{1,64}$`)

// IndexDoc writes a document into the index, replacing the one with the same kind
// and reference, and keeps the collection statistics in step. On PostgreSQL it
// also writes the document's postings (search_postings): those of the terms it
// lost are deleted, those of its new terms inserted.
func (t *Tx) IndexDoc(ctx context.Context, d *SearchDoc) error {
	terms := cleanTerms(d.Terms)
	length := int64(search.Length(terms))
	text := strings.Join(terms, " ")
	var oldID, oldLen int64
	var oldText string
	err := t.queryRow(ctx, `SELECT id, length, `+t.postingTerms()+` FROM search_docs WHERE kind = ? AND ref_id = ?`,
		d.Kind, d.RefID).Scan(&oldID, &oldLen, &oldText)
	switch {
	case isNoRows(err):
		d.ID, err = t.insert(ctx, `INSERT INTO search_docs (kind, ref_id, ticket_id, topic, audience, state, ref, title,
			body, terms, length, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.Kind, d.RefID, nullID(d.TicketID), d.Topic, d.Audience, d.State, d.Ref, d.Title, d.Body, text, length,
			micros(d.UpdatedAt))
		if err == nil {
			err = t.addSearchStats(ctx, d.Kind, 1, length)
		}
		if err == nil {
			err = t.writePostings(ctx, d.ID, "", terms)
		}
	case err == nil:
		d.ID = oldID
		_, err = t.exec(ctx, `UPDATE search_docs SET ticket_id = ?, topic = ?, audience = ?, state = ?, ref = ?, title = ?,
			body = ?, terms = ?, length = ?, updated_at = ? WHERE id = ?`,
			nullID(d.TicketID), d.Topic, d.Audience, d.State, d.Ref, d.Title, d.Body, text, length, micros(d.UpdatedAt), oldID)
		if err == nil {
			err = t.addSearchStats(ctx, d.Kind, 0, length-oldLen)
		}
		if err == nil {
			err = t.writePostings(ctx, d.ID, oldText, terms)
		}
		if err == nil && t.d == SQLite {
			_, err = t.exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, oldID)
		}
	}
	if err == nil && t.d == SQLite {
		_, err = t.exec(ctx, `INSERT INTO search_fts (rowid, terms) VALUES (?, ?)`, d.ID, text)
	}
	if err != nil {
		return fmt.Errorf("store: index %s %d: %w", d.Kind, d.RefID, err)
	}
	return nil
}

// postingTerms is the column IndexDoc and UnindexDoc read of the document they
// replace: its terms on PostgreSQL, whose postings follow them; nothing on
// SQLite, whose FTS5 row is deleted by rowid.
func (t *Tx) postingTerms() string {
	if t.d == Postgres {
		return "terms"
	}
	return "''"
}

// writePostings keeps PostgreSQL's postings of a document in step with its terms:
// the postings of the old terms it no longer holds are deleted (by key: the
// table has no index on doc_id alone), those of its terms inserted when
// missing. SQLite's index is FTS5: nothing to do there.
func (t *Tx) writePostings(ctx context.Context, id int64, oldText string, terms []string) error {
	if t.d != Postgres {
		return nil
	}
	now := make(map[string]bool, len(terms))
	distinct := make([]string, 0, len(terms))
	for _, term := range terms {
		if !now[term] {
			now[term] = true
			distinct = append(distinct, term)
		}
	}
	var gone []string
	for _, term := range strings.Fields(oldText) {
		if !now[term] && !slices.Contains(gone, term) {
			gone = append(gone, term)
		}
	}
	if len(gone) > 0 {
		if _, err := t.exec(ctx, `DELETE FROM search_postings WHERE doc_id = ?
			AND term = ANY(string_to_array(CAST(? AS TEXT), ' '))`, id, strings.Join(gone, " ")); err != nil {
			return err
		}
	}
	if len(distinct) == 0 {
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO search_postings (term, doc_id)
		SELECT t, CAST(? AS BIGINT) FROM unnest(string_to_array(CAST(? AS TEXT), ' ')) t
		ON CONFLICT DO NOTHING`, id, strings.Join(distinct, " "))
	return err
}

// IndexNewDoc writes the document of something just created (a new request):
// it inserts without IndexDoc's lookup of a document to replace; should one
// exist all the same, the insert does nothing and IndexDoc replaces it.
func (t *Tx) IndexNewDoc(ctx context.Context, d *SearchDoc) error {
	return t.IndexNewDocs(ctx, []*SearchDoc{d})
}

// IndexNewDocs writes documents as IndexNewDoc does, with one update of the
// collection statistics for all those inserted (a batch of the search queue's
// indexer). On SQLite the FTS5 rows are inserted last, together: FTS5 keeps
// them in memory and writes them out as one segment when the next statement
// that may roll back alone (an upsert, an insert with ON CONFLICT) begins or the
// write ends. Interleaved with the documents' inserts, each document was
// written out as a segment of its own, then merged.
func (t *Tx) IndexNewDocs(ctx context.Context, docs []*SearchDoc) error {
	type added struct{ docs, length int64 }
	byKind := map[string]added{}
	var kinds []string
	fts := make([]*SearchDoc, 0, len(docs))
	texts := make([]string, 0, len(docs))
	for _, d := range docs {
		text, length, err := t.insertNewDoc(ctx, d)
		if err != nil {
			return fmt.Errorf("store: index %s %d: %w", d.Kind, d.RefID, err)
		}
		if length < 0 {
			continue // replaced by IndexDoc
		}
		a, seen := byKind[d.Kind]
		if !seen {
			kinds = append(kinds, d.Kind)
		}
		byKind[d.Kind] = added{a.docs + 1, a.length + length}
		fts, texts = append(fts, d), append(texts, text)
	}
	slices.Sort(kinds) // one order for every writer (PostgreSQL row locks)
	for _, k := range kinds {
		if err := t.addSearchStats(ctx, k, byKind[k].docs, byKind[k].length); err != nil {
			return fmt.Errorf("store: index %s: %w", k, err)
		}
	}
	if t.d != SQLite {
		return nil
	}
	for i, d := range fts {
		if _, err := t.exec(ctx, `INSERT INTO search_fts (rowid, terms) VALUES (?, ?)`, d.ID, texts[i]); err != nil {
			return fmt.Errorf("store: index %s %d: %w", d.Kind, d.RefID, err)
		}
	}
	return nil
}

// insertNewDoc inserts d's row (and its postings on PostgreSQL) and returns its
// terms as FTS5 takes them and their number; or it replaces the existing
// document with IndexDoc, which does all and keeps the statistics itself, and
// returns length -1.
func (t *Tx) insertNewDoc(ctx context.Context, d *SearchDoc) (text string, length int64, err error) {
	terms := cleanTerms(d.Terms)
	length = int64(search.Length(terms))
	text = strings.Join(terms, " ")
	err = t.queryRow(ctx, `INSERT INTO search_docs (kind, ref_id, ticket_id, topic, audience, state, ref, title,
		body, terms, length, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, ref_id) DO NOTHING RETURNING id`,
		d.Kind, d.RefID, nullID(d.TicketID), d.Topic, d.Audience, d.State, d.Ref, d.Title, d.Body, text, length,
		micros(d.UpdatedAt)).Scan(&d.ID)
	if isNoRows(err) {
		return "", -1, t.IndexDoc(ctx, d)
	}
	if err == nil {
		err = t.writePostings(ctx, d.ID, "", terms)
	}
	return text, length, err
}

// UnindexDoc removes a document from the index (an article unpublished and
// deleted, say); a missing one is not an error.
func (t *Tx) UnindexDoc(ctx context.Context, kind string, refID int64) error {
	var id, length int64
	var text string
	err := t.queryRow(ctx, `SELECT id, length, `+t.postingTerms()+` FROM search_docs WHERE kind = ? AND ref_id = ?`,
		kind, refID).Scan(&id, &length, &text)
	if isNoRows(err) {
		return nil
	}
	if err == nil && t.d == SQLite {
		_, err = t.exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, id)
	}
	if err == nil {
		err = t.writePostings(ctx, id, text, nil)
	}
	if err == nil {
		_, err = t.exec(ctx, `DELETE FROM search_docs WHERE id = ?`, id)
	}
	if err == nil {
		err = t.addSearchStats(ctx, kind, -1, -length)
	}
	if err != nil {
		return fmt.Errorf("store: unindex %s %d: %w", kind, refID, err)
	}
	return nil
}

func (t *Tx) addSearchStats(ctx context.Context, kind string, docs, length int64) error {
	_, err := t.exec(ctx, `INSERT INTO search_stats (kind, docs, length) VALUES (?, ?, ?)
		ON CONFLICT (kind) DO UPDATE SET docs = search_stats.docs + excluded.docs,
		length = search_stats.length + excluded.length`, kind, docs, length)
	return err
}

func cleanTerms(in []string) []string {
	out := make([]string, 0, len(in))
	for _, t := range in {
		if plainTerm.MatchString(t) {
			out = append(out, t)
		}
	}
	return out
}

// SearchMatch says which documents are candidates: those holding any of Any (or
// all of them when All), and, for each group of Filters, at least one of its
// marker terms. Limit caps the candidates, newest first.
type SearchMatch struct {
	Any     []string
	All     bool
	Filters [][]string
	Limit   int
}

// SearchCandidates returns the newest documents matching m, with their terms,
// for internal/search to rank. Both stores return the same list: the full-text
// engine only intersects posting lists, the order is the id.
func (s *Store) SearchCandidates(ctx context.Context, m SearchMatch) ([]search.Doc, error) {
	var q string
	var args []any
	if s.dialect == Postgres {
		q, args = postingsCandidates(m)
	} else if expr := matchExpr(m, s.dialect); expr != "" {
		q = `SELECT d.id, d.terms FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ?
			ORDER BY rowid DESC LIMIT ?) f JOIN search_docs d ON d.id = f.id ORDER BY d.id DESC`
		args = []any{expr, max(1, m.Limit)}
	}
	if q == "" {
		return nil, nil
	}
	var out []search.Doc
	err := s.queryEngine(ctx, q, args, func(rows *sql.Rows) error {
		var d search.Doc
		if err := rows.Scan(&d.ID, &d.Terms); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return out, nil
}

// queryEngine runs a statement of the full-text engine and scans its rows. On
// PostgreSQL it runs in a read-only transaction that sets the planner for
// postings (docs/search.md, measured at 1,000,000 requests):
//
//   - no hash joins: the planner takes a query's terms for independent (three
//     words each in 10 % of the documents: 0.1 % hold all three) when they come
//     from one phrase (acte d'engagement, AE), and then hashed a million
//     documents (2.5 s) rather than merge the postings newest first until the
//     limit (2 ms);
//   - joins in the order written (the rarest term first): searching for every
//     word of a 12-word question took 37 ms to plan, 3 ms so;
//   - no parallel plan: starting workers costs more than such a query.
func (s *Store) queryEngine(ctx context.Context, q string, args []any, scan func(*sql.Rows) error) error {
	if s.dialect != Postgres {
		rows, err := s.read.QueryContext(ctx, s.dialect.rebind(q), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL enable_hashjoin = off; SET LOCAL join_collapse_limit = 1;
		SET LOCAL from_collapse_limit = 1; SET LOCAL max_parallel_workers_per_gather = 0`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	return tx.Commit()
}

// postingsCandidates writes SearchCandidates for PostgreSQL's postings table,
// whose key (term, doc_id) lists each term's documents in id order: every
// statement reads index ranges backwards and stops at the limit.
//
//   - every term (All, or a single term): the postings of the terms are
//     intersected newest first (PostgreSQL merges the backward index scans,
//     or looks a term up per document found), in the order given: the first
//     term drives the scan, so callers put the rarest first (core does, from
//     SearchCounts). queryEngine keeps the planner to that order.
//   - any term: the newest limit postings of each term, merged.
//
// Filters are semi-joins on the markers' postings. An empty query is "".
func postingsCandidates(m SearchMatch) (string, []any) {
	terms := slices.Compact(cleanTerms(m.Any))
	filter, fargs, ok := postingsFilters(m.Filters)
	if len(terms) == 0 || !ok {
		return "", nil
	}
	limit := max(1, m.Limit)
	if m.All || len(terms) == 1 {
		var b strings.Builder
		b.WriteString(`SELECT p.doc_id FROM search_postings p WHERE p.term = ?`)
		args := []any{terms[0]}
		for _, t := range terms[1:] {
			b.WriteString(` AND EXISTS (SELECT 1 FROM search_postings a WHERE a.term = ? AND a.doc_id = p.doc_id)`)
			args = append(args, t)
		}
		b.WriteString(filter + ` ORDER BY p.doc_id DESC LIMIT ?`)
		return `SELECT d.id, d.terms FROM (` + b.String() + `) c JOIN search_docs d ON d.id = c.doc_id ORDER BY d.id DESC`,
			append(append(args, fargs...), limit)
	}
	var args []any
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `(SELECT p.doc_id FROM search_postings p WHERE p.term = ?` + filter + ` ORDER BY p.doc_id DESC LIMIT ?)`
		args = append(append(append(args, t), fargs...), limit)
	}
	return `SELECT d.id, d.terms FROM (SELECT doc_id FROM (` + strings.Join(parts, " UNION ALL ") + `) u
		GROUP BY doc_id ORDER BY doc_id DESC LIMIT ?) c JOIN search_docs d ON d.id = c.doc_id ORDER BY d.id DESC`,
		append(args, limit)
}

// postingsFilters writes the filters of a SearchMatch as conditions on the
// posting p: for each group, the document holds one of its markers. ok is false
// when a group allows nothing.
func postingsFilters(filters [][]string) (cond string, args []any, ok bool) {
	var b strings.Builder
	for _, f := range filters {
		terms := cleanTerms(f)
		switch len(terms) {
		case 0:
			return "", nil, false
		case 1:
			b.WriteString(` AND EXISTS (SELECT 1 FROM search_postings f WHERE f.term = ? AND f.doc_id = p.doc_id)`)
			args = append(args, terms[0])
		default:
			b.WriteString(` AND EXISTS (SELECT 1 FROM search_postings f WHERE f.term = ANY(string_to_array(CAST(? AS TEXT), ' '))
				AND f.doc_id = p.doc_id)`)
			args = append(args, strings.Join(terms, " "))
		}
	}
	return b.String(), args, true
}

// SearchKindDocs returns every document of a small kind (the articles: a few
// hundred), newest first, for ranking without the full-text engine.
func (s *Store) SearchKindDocs(ctx context.Context, kind string) ([]search.Doc, error) {
	rows, err := s.reader().query(ctx, `SELECT id, terms FROM search_docs WHERE kind = ? ORDER BY id DESC`, kind)
	if err != nil {
		return nil, fmt.Errorf("store: search %s: %w", kind, err)
	}
	defer rows.Close()
	var out []search.Doc
	for rows.Next() {
		var d search.Doc
		if err := rows.Scan(&d.ID, &d.Terms); err != nil {
			return nil, fmt.Errorf("store: search %s: %w", kind, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// matchExpr writes m in the full-text engine's query language: FTS5's
// ("a" OR "b") AND ("m"), PostgreSQL's (a | b) & (m). Only plain terms are
// written, each quoted for FTS5, so no user text reaches the query syntax.
// PostgreSQL searches its postings table (postingsCandidates): there, an empty
// expression only says the match allows nothing.
func matchExpr(m SearchMatch, d Dialect) string {
	or, and, quote := " OR ", " AND ", `"`
	if d == Postgres {
		or, and, quote = " | ", " & ", ""
	}
	group := func(terms []string, sep string) string {
		var parts []string
		for _, t := range cleanTerms(terms) {
			parts = append(parts, quote+t+quote)
		}
		if len(parts) == 0 {
			return ""
		}
		return "(" + strings.Join(parts, sep) + ")"
	}
	sep := or
	if m.All {
		sep = and
	}
	first := group(m.Any, sep)
	if first == "" {
		return ""
	}
	groups := []string{first}
	for _, f := range m.Filters {
		g := group(f, or)
		if g == "" {
			return "" // a filter that allows nothing matches nothing
		}
		groups = append(groups, g)
	}
	return strings.Join(groups, and)
}

// FindSearchDocs reads the documents with the given ids (the ranked results),
// keyed by id.
func (s *Store) FindSearchDocs(ctx context.Context, ids []int64) (map[int64]SearchDoc, error) {
	out := map[int64]SearchDoc{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.reader().query(ctx, `SELECT id, kind, ref_id, ticket_id, topic, audience, state, ref, title, body,
		updated_at FROM search_docs WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search docs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d SearchDoc
		if err := rows.Scan(&d.ID, &d.Kind, &d.RefID, nullInt{&d.TicketID}, &d.Topic, &d.Audience, &d.State, &d.Ref,
			&d.Title, &d.Body, nullTime{&d.UpdatedAt}); err != nil {
			return nil, fmt.Errorf("store: search docs: %w", err)
		}
		out[d.ID] = d
	}
	return out, rows.Err()
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// SearchCollection returns the statistics of the documents of the given kinds.
func (s *Store) SearchCollection(ctx context.Context, kinds []string) (search.Collection, error) {
	var c search.Collection
	if len(kinds) == 0 {
		return c, nil
	}
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	var docs, length int64
	err := s.reader().queryRow(ctx, `SELECT COALESCE(SUM(docs), 0), COALESCE(SUM(length), 0) FROM search_stats
		WHERE kind IN (`+placeholders(len(kinds))+`)`, args...).Scan(&docs, &length)
	if err != nil {
		return c, fmt.Errorf("store: search stats: %w", err)
	}
	c.Docs = docs
	if docs > 0 {
		c.AvgLength = float64(length) / float64(docs)
	}
	return c, nil
}

// SearchWatermark is how far the indexer of a kind has read: the (updated_at, id)
// of the last source row indexed.
func (t *Tx) SearchWatermark(ctx context.Context, kind string) (at time.Time, id int64, err error) {
	err = t.queryRow(ctx, `SELECT watermark, watermark_id FROM search_stats WHERE kind = ?`, kind).Scan(nullTime{&at}, &id)
	if isNoRows(err) {
		return time.Time{}, 0, nil
	}
	return at, id, err
}

// SetSearchWatermark records how far the indexer of a kind has read.
func (t *Tx) SetSearchWatermark(ctx context.Context, kind string, at time.Time, id int64) error {
	_, err := t.exec(ctx, `INSERT INTO search_stats (kind, watermark, watermark_id) VALUES (?, ?, ?)
		ON CONFLICT (kind) DO UPDATE SET watermark = excluded.watermark, watermark_id = excluded.watermark_id`,
		kind, at.UnixMicro(), id)
	return err
}

// FindSearchDoc reads the indexed document of a kind and reference; nil when it
// is not indexed.
func (t *Tx) FindSearchDoc(ctx context.Context, kind string, refID int64) (*SearchDoc, error) {
	var d SearchDoc
	var terms string
	err := t.queryRow(ctx, `SELECT id, kind, ref_id, ticket_id, topic, audience, state, ref, title, body, terms, updated_at
		FROM search_docs WHERE kind = ? AND ref_id = ?`, kind, refID).Scan(&d.ID, &d.Kind, &d.RefID, nullInt{&d.TicketID},
		&d.Topic, &d.Audience, &d.State, &d.Ref, &d.Title, &d.Body, &terms, nullTime{&d.UpdatedAt})
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: search doc: %w", err)
	}
	d.Terms = strings.Fields(terms)
	return &d, nil
}

// ConsultationText is what the index reads of a consultation.
type ConsultationText struct {
	ID        int64
	Reference string
	Object    string
	Buyer     string
	CPV       string
	Lots      string
	UpdatedAt time.Time
}

// FindConsultationsToIndex returns the consultations changed after (updated_at,
// id) > (after, afterID), oldest change first, at most limit.
func (s *Store) FindConsultationsToIndex(ctx context.Context, after time.Time, afterID int64, limit int) ([]ConsultationText, error) {
	rows, err := s.reader().query(ctx, `SELECT c.id, c.reference, c.object, COALESCE(b.name, ''), c.cpv_all, c.updated_at
		FROM consultations c LEFT JOIN buyers b ON b.id = c.buyer_id
		WHERE (c.updated_at, c.id) > (?, ?) ORDER BY c.updated_at, c.id LIMIT ?`, after.UnixMicro(), afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: consultations to index: %w", err)
	}
	defer rows.Close()
	var out []ConsultationText
	for rows.Next() {
		var c ConsultationText
		if err := rows.Scan(&c.ID, &c.Reference, &c.Object, &c.Buyer, &c.CPV, nullTime{&c.UpdatedAt}); err != nil {
			return nil, fmt.Errorf("store: consultations to index: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TicketText is what the index reads of a request when it rebuilds: the request
// and the text of its first message.
type TicketText struct {
	Ticket *ticket.Ticket
	First  string
}

// FindTicketsToIndex returns the requests with an id above afterID, by id, with
// their first message, at most limit.
func (s *Store) FindTicketsToIndex(ctx context.Context, afterID int64, limit int) ([]TicketText, error) {
	return s.ticketTexts(ctx, `t.id > ? ORDER BY t.id LIMIT ?`, afterID, limit)
}

// ticketTexts reads the requests that cond (with args) selects, each with the
// text of its first message.
func (s *Store) ticketTexts(ctx context.Context, cond string, args ...any) ([]TicketText, error) {
	rows, err := s.reader().query(ctx, "SELECT "+ticketColumns+`, COALESCE((SELECT m.body FROM messages m
		WHERE m.ticket_id = t.id ORDER BY m.id LIMIT 1), '')`+ticketFrom+` WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tickets to index: %w", err)
	}
	defer rows.Close()
	var out []TicketText
	for rows.Next() {
		var first string
		tk, err := scanTicket(scanPlus{rows, &first})
		if err != nil {
			return nil, fmt.Errorf("store: tickets to index: %w", err)
		}
		out = append(out, TicketText{Ticket: tk, First: first})
	}
	return out, rows.Err()
}

// scanPlus scans a ticket row followed by extra columns.
type scanPlus struct {
	r     scanner
	extra *string
}

func (s scanPlus) Scan(dest ...any) error { return s.r.Scan(append(dest, s.extra)...) }

// MessageText is what the index reads of a message when it rebuilds.
type MessageText struct {
	Message ticket.Message
	Number  string
	Subject string
	Topic   string
}

// FindMessagesToIndex returns the messages with an id above afterID, by id,
// except each request's first message (indexed with the request), at most limit.
func (s *Store) FindMessagesToIndex(ctx context.Context, afterID int64, limit int) ([]MessageText, error) {
	rows, err := s.reader().query(ctx, `SELECT m.id, m.ticket_id, m.kind, m.body, m.created_at, t.number, t.subject, t.topic
		FROM messages m JOIN tickets t ON t.id = m.ticket_id
		WHERE m.id > ? AND m.id > (SELECT MIN(f.id) FROM messages f WHERE f.ticket_id = m.ticket_id)
		ORDER BY m.id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: messages to index: %w", err)
	}
	defer rows.Close()
	var out []MessageText
	for rows.Next() {
		var m MessageText
		if err := rows.Scan(&m.Message.ID, &m.Message.TicketID, &m.Message.Kind, &m.Message.Body,
			nullTime{&m.Message.CreatedAt}, &m.Number, &m.Subject, &m.Topic); err != nil {
			return nil, fmt.Errorf("store: messages to index: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// TermCount is how many documents hold a term and match the filters, counted
// in id order (oldest first) no further than a limit.
type TermCount struct {
	N    int   // documents counted: all of them when below the limit
	Last int64 // the id of the last one counted
}

// SearchCounts returns, for each term, how many documents hold it and match the
// filters, counting in id order no further than limit (a count of limit means
// "limit or more"), and the id range of the whole index, from which core
// estimates the frequency of a term counted to the limit. One statement for
// every term; each count reads at most limit postings, in the order FTS5 keeps
// them (reading them newest first costs FTS5 three times as much); on
// PostgreSQL, an index range scan of search_postings that stops at the limit.
// Core uses it to tell the rare terms of a query, whose documents are all
// ranked, from the common ones (docs/search.md). A term that is not a plain
// term counts 0.
func (s *Store) SearchCounts(ctx context.Context, terms []string, filters [][]string, limit int) (counts []TermCount, minID, maxID int64, err error) {
	counts = make([]TermCount, len(terms))
	one := `SELECT ? AS i, COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM (SELECT rowid AS id FROM search_fts
		WHERE search_fts MATCH ? ORDER BY rowid LIMIT ?) c`
	var fargs []any
	if s.dialect == Postgres {
		var filter string
		filter, fargs, _ = postingsFilters(filters) // a group allowing nothing: matchExpr is "" below
		one = `SELECT CAST(? AS INTEGER) AS i, COUNT(*) AS n, COALESCE(MAX(doc_id), 0) AS last FROM (SELECT p.doc_id
			FROM search_postings p WHERE p.term = ?` + filter + ` ORDER BY p.doc_id LIMIT ?) c`
	}
	// Two subqueries: SQLite answers a lone MIN or MAX from the index, both at
	// once with a scan.
	parts := []string{`SELECT -1, COALESCE((SELECT MAX(id) FROM search_docs), 0), COALESCE((SELECT MIN(id) FROM search_docs), 0)`}
	var args []any
	for i, t := range terms {
		expr := matchExpr(SearchMatch{Any: []string{t}, Filters: filters}, s.dialect)
		if expr == "" || !plainTerm.MatchString(t) {
			continue
		}
		parts = append(parts, one)
		if s.dialect == Postgres {
			args = append(append(append(args, i, t), fargs...), max(1, limit))
		} else {
			args = append(args, i, expr, max(1, limit))
		}
	}
	err = s.queryEngine(ctx, strings.Join(parts, " UNION ALL "), args, func(rows *sql.Rows) error {
		var i int
		var n, last int64
		if err := rows.Scan(&i, &n, &last); err != nil {
			return err
		}
		switch {
		case i == -1:
			maxID, minID = n, last
		case i >= 0 && i < len(counts):
			counts[i] = TermCount{N: int(n), Last: last}
		}
		return nil
	})
	if err != nil {
		return nil, 0, 0, fmt.Errorf("store: search counts: %w", err)
	}
	return counts, minID, maxID, nil
}
