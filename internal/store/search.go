package store

import (
	"context"
	"fmt"
	"regexp"
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
// and reference, and keeps the collection statistics in step.
func (t *Tx) IndexDoc(ctx context.Context, d *SearchDoc) error {
	terms := cleanTerms(d.Terms)
	length := int64(search.Length(terms))
	text := strings.Join(terms, " ")
	var oldID, oldLen int64
	err := t.queryRow(ctx, `SELECT id, length FROM search_docs WHERE kind = ? AND ref_id = ?`, d.Kind, d.RefID).
		Scan(&oldID, &oldLen)
	switch {
	case isNoRows(err):
		d.ID, err = t.insert(ctx, `INSERT INTO search_docs (kind, ref_id, ticket_id, topic, audience, state, ref, title,
			body, terms, length, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.Kind, d.RefID, nullID(d.TicketID), d.Topic, d.Audience, d.State, d.Ref, d.Title, d.Body, text, length,
			micros(d.UpdatedAt))
		if err == nil {
			err = t.addSearchStats(ctx, d.Kind, 1, length)
		}
	case err == nil:
		d.ID = oldID
		_, err = t.exec(ctx, `UPDATE search_docs SET ticket_id = ?, topic = ?, audience = ?, state = ?, ref = ?, title = ?,
			body = ?, terms = ?, length = ?, updated_at = ? WHERE id = ?`,
			nullID(d.TicketID), d.Topic, d.Audience, d.State, d.Ref, d.Title, d.Body, text, length, micros(d.UpdatedAt), oldID)
		if err == nil {
			err = t.addSearchStats(ctx, d.Kind, 0, length-oldLen)
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

// IndexNewDoc writes the document of something just created (a new request):
// it inserts without IndexDoc's lookup of a document to replace; should one
// exist all the same, the insert does nothing and IndexDoc replaces it.
func (t *Tx) IndexNewDoc(ctx context.Context, d *SearchDoc) error {
	terms := cleanTerms(d.Terms)
	length := int64(search.Length(terms))
	text := strings.Join(terms, " ")
	err := t.queryRow(ctx, `INSERT INTO search_docs (kind, ref_id, ticket_id, topic, audience, state, ref, title,
		body, terms, length, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, ref_id) DO NOTHING RETURNING id`,
		d.Kind, d.RefID, nullID(d.TicketID), d.Topic, d.Audience, d.State, d.Ref, d.Title, d.Body, text, length,
		micros(d.UpdatedAt)).Scan(&d.ID)
	if isNoRows(err) {
		return t.IndexDoc(ctx, d)
	}
	if err == nil {
		err = t.addSearchStats(ctx, d.Kind, 1, length)
	}
	if err == nil && t.d == SQLite {
		_, err = t.exec(ctx, `INSERT INTO search_fts (rowid, terms) VALUES (?, ?)`, d.ID, text)
	}
	if err != nil {
		return fmt.Errorf("store: index %s %d: %w", d.Kind, d.RefID, err)
	}
	return nil
}

// UnindexDoc removes a document from the index (an article unpublished and
// deleted, say); a missing one is not an error.
func (t *Tx) UnindexDoc(ctx context.Context, kind string, refID int64) error {
	var id, length int64
	err := t.queryRow(ctx, `SELECT id, length FROM search_docs WHERE kind = ? AND ref_id = ?`, kind, refID).Scan(&id, &length)
	if isNoRows(err) {
		return nil
	}
	if err == nil && t.d == SQLite {
		_, err = t.exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, id)
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
	expr := matchExpr(m, s.dialect)
	if expr == "" {
		return nil, nil
	}
	q := `SELECT d.id, d.terms FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ?
		ORDER BY rowid DESC LIMIT ?) f JOIN search_docs d ON d.id = f.id ORDER BY d.id DESC`
	if s.dialect == Postgres {
		q = `SELECT id, terms FROM search_docs WHERE to_tsvector('simple', terms) @@ to_tsquery('simple', ?)
			ORDER BY id DESC LIMIT ?`
	}
	rows, err := s.read.QueryContext(ctx, s.dialect.rebind(q), expr, max(1, m.Limit))
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	var out []search.Doc
	for rows.Next() {
		var d search.Doc
		if err := rows.Scan(&d.ID, &d.Terms); err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
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
	rows, err := s.reader().query(ctx, "SELECT "+ticketColumns+`, COALESCE((SELECT m.body FROM messages m
		WHERE m.ticket_id = t.id ORDER BY m.id LIMIT 1), '')`+ticketFrom+` WHERE t.id > ? ORDER BY t.id LIMIT ?`, afterID, limit)
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
// them (reading them newest first costs FTS5 three times as much); PostgreSQL
// reads the GIN bitmap whole. Core uses it to tell the rare terms of a query, whose
// documents are all ranked, from the common ones (docs/search.md). A term that
// is not a plain term counts 0.
func (s *Store) SearchCounts(ctx context.Context, terms []string, filters [][]string, limit int) (counts []TermCount, minID, maxID int64, err error) {
	counts = make([]TermCount, len(terms))
	one := `SELECT ? AS i, COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM (SELECT rowid AS id FROM search_fts
		WHERE search_fts MATCH ? ORDER BY rowid LIMIT ?) c`
	if s.dialect == Postgres {
		one = `SELECT CAST(? AS INTEGER) AS i, COUNT(*) AS n, COALESCE(MAX(id), 0) AS last FROM (SELECT id FROM search_docs
			WHERE to_tsvector('simple', terms) @@ to_tsquery('simple', ?) ORDER BY id LIMIT ?) c`
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
		args = append(args, i, expr, max(1, limit))
	}
	rows, err := s.read.QueryContext(ctx, s.dialect.rebind(strings.Join(parts, " UNION ALL ")), args...)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("store: search counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var n, last int64
		if err := rows.Scan(&i, &n, &last); err != nil {
			return nil, 0, 0, fmt.Errorf("store: search counts: %w", err)
		}
		switch {
		case i == -1:
			maxID, minID = n, last
		case i >= 0 && i < len(counts):
			counts[i] = TermCount{N: int(n), Last: last}
		}
	}
	return counts, minID, maxID, rows.Err()
}
