package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/tender"
)

const consultationColumns = `c.id, c.reference, COALESCE(c.buyer_id, 0), COALESCE(b.siret, ''), COALESCE(b.name, ''),
	c.object, c.procedure, c.contract_type, c.cpv_all, c.published_at, c.deadline, c.urgent, c.status, c.notice_url,
	c.amount_cents, c.winner_siret, c.winner_name, c.service_id, c.source, c.created_at, c.updated_at,
	(SELECT COUNT(*) FROM lots l WHERE l.consultation_id = c.id)`

const consultationFrom = ` FROM consultations c LEFT JOIN buyers b ON b.id = c.buyer_id`

func scanConsultation(r scanner) (*tender.Consultation, error) {
	var c tender.Consultation
	var cpv string
	var urgent int
	err := r.Scan(&c.ID, &c.Reference, &c.BuyerID, &c.BuyerSIRET, &c.BuyerName, &c.Object, &c.Procedure,
		&c.ContractType, &cpv, nullTime{&c.PublishedAt}, nullTime{&c.Deadline}, &urgent, &c.Status, &c.NoticeURL,
		&c.AmountCents, &c.WinnerSIRET, &c.WinnerName, &c.ServiceID, &c.Source, nullTime{&c.CreatedAt},
		nullTime{&c.UpdatedAt}, &c.LotsCount)
	c.CPV, c.Urgent = strings.Fields(cpv), urgent == 1
	return &c, err
}

// FindConsultationByRef reads a consultation with its lots.
func (s *Store) FindConsultationByRef(ctx context.Context, ref string) (*tender.Consultation, error) {
	return s.reader().FindConsultationByRef(ctx, ref)
}

// FindConsultationByRef reads a consultation with its lots inside the transaction.
func (t *Tx) FindConsultationByRef(ctx context.Context, ref string) (*tender.Consultation, error) {
	c, err := scanConsultation(t.queryRow(ctx, "SELECT "+consultationColumns+consultationFrom+" WHERE c.reference = ?", ref))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Consultation %s inconnue.", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find consultation: %w", err)
	}
	c.Lots, err = t.findLots(ctx, c.ID)
	return c, err
}

func (t *Tx) findLots(ctx context.Context, id int64) ([]tender.Lot, error) {
	rows, err := t.query(ctx, "SELECT number, title, cpv FROM lots WHERE consultation_id = ? ORDER BY number", id)
	if err != nil {
		return nil, fmt.Errorf("store: find lots: %w", err)
	}
	defer rows.Close()
	var lots []tender.Lot
	for rows.Next() {
		var l tender.Lot
		if err := rows.Scan(&l.Number, &l.Title, &l.CPV); err != nil {
			return nil, err
		}
		lots = append(lots, l)
	}
	return lots, rows.Err()
}

// consultationRowColumns are the columns of consultationColumns without the
// lots count (a subquery), which an upsert does not compare. The buyer's name
// stays: an update that names no buyer keeps it in the search key.
const consultationRowColumns = `c.id, c.reference, COALESCE(c.buyer_id, 0), COALESCE(b.siret, ''), COALESCE(b.name, ''),
	c.object, c.procedure, c.contract_type, c.cpv_all, c.published_at, c.deadline, c.urgent, c.status, c.notice_url,
	c.amount_cents, c.winner_siret, c.winner_name, c.service_id, c.source, c.created_at, c.updated_at, 0`

// findConsultationRow reads the stored row of a reference for an upsert, with
// its stored search key; found is false when there is none.
func (t *Tx) findConsultationRow(ctx context.Context, ref string) (c *tender.Consultation, key string, found bool, err error) {
	c, err = scanConsultation(scanAlso{t.queryRow(ctx, "SELECT "+consultationRowColumns+", c.search_key"+consultationFrom+
		" WHERE c.reference = ?", ref), []any{&key}})
	if isNoRows(err) {
		return nil, "", false, nil
	}
	if err != nil {
		return nil, "", false, fmt.Errorf("store: find consultation %s: %w", ref, err)
	}
	return c, key, true, nil
}

// scanAlso scans a row into the destinations its caller gives, then into more:
// a row scanner shared by several queries, read with extra columns.
type scanAlso struct {
	r    scanner
	more []any
}

func (s scanAlso) Scan(dest ...any) error { return s.r.Scan(append(dest, s.more...)...) }

// UpsertConsultation creates the consultation or updates the stored one with the
// same reference, lots included. c.BuyerID must be set (UpsertBuyer first); c gets
// the stored id. A field c leaves empty keeps its stored value.
//
// It is the import's inner loop (docs/perf-catalog.md), where most notices are
// new: a new consultation costs two statements (the row, inserted unless its
// reference exists, then its lots in one statement); an existing one, the
// refused insert, then its row and lots read, compared and, when they differ,
// written.
func (t *Tx) UpsertConsultation(ctx context.Context, c *tender.Consultation) (Upserted, error) {
	created, err := t.insertConsultation(ctx, c)
	if err != nil || created {
		return Created, err
	}
	old, oldKey, found, err := t.findConsultationRow(ctx, c.Reference)
	if err != nil {
		return 0, err
	}
	if !found { // cannot happen: the single writer saw the reference a statement ago
		return 0, fmt.Errorf("store: consultation %s neither inserted nor found", c.Reference)
	}
	if old.Lots, err = t.findLots(ctx, old.ID); err != nil {
		return 0, err
	}
	merged := mergeConsultation(*old, *c)
	c.ID = old.ID
	if sameConsultation(merged, *old) {
		return Unchanged, nil
	}
	if err := t.updateConsultation(ctx, &merged, oldKey, c.UpdatedAt, old.ID); err != nil {
		return 0, fmt.Errorf("store: update consultation %s: %w", c.Reference, err)
	}
	if !slices.Equal(merged.Lots, old.Lots) {
		if err := t.replaceLots(ctx, old.ID, merged.Lots); err != nil {
			return 0, err
		}
	}
	return Updated, nil
}

// updateConsultation writes a changed consultation. The search key is written
// only when it changes: on SQLite, writing it fires the trigram index's trigger
// (a delete and an insert in consultations_trigram) even for the same value, and
// an award or a cancellation changes the status, not the words.
func (t *Tx) updateConsultation(ctx context.Context, c *tender.Consultation, oldKey string, at time.Time, id int64) error {
	args := consultationArgs(c, at, id)
	set := "search_key = ?, "
	if key := args[keyArg]; key == oldKey {
		set = ""
		args = slices.Delete(args, keyArg, keyArg+1)
	}
	_, err := t.exec(ctx, `UPDATE consultations SET buyer_id = ?, object = ?, procedure = ?, contract_type = ?, cpv = ?,
		cpv_all = ?, published_at = ?, deadline = ?, urgent = ?, status = ?, notice_url = ?, amount_cents = ?,
		winner_siret = ?, winner_name = ?, service_id = ?, source = ?, `+set+`updated_at = ? WHERE id = ?`, args...)
	return err
}

// insertConsultation inserts c with its lots unless its reference is stored;
// created is false, and nothing written, when it is.
func (t *Tx) insertConsultation(ctx context.Context, c *tender.Consultation) (created bool, err error) {
	args := consultationArgs(c, c.UpdatedAt, 0)
	args = append([]any{c.Reference}, args[:len(args)-1]...)
	id, err := t.insert(ctx, `INSERT INTO consultations (reference, buyer_id, object, procedure, contract_type, cpv,
		cpv_all, published_at, deadline, urgent, status, notice_url, amount_cents, winner_siret, winner_name, service_id,
		source, search_key, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (reference) DO NOTHING`,
		append(args, micros(c.UpdatedAt))...)
	if isNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: create consultation %s: %w", c.Reference, err)
	}
	c.ID = id
	return true, t.insertLots(ctx, c.ID, c.Lots) // a new consultation has no lots to replace
}

// keyArg is the position of the search key in consultationArgs.
const keyArg = 16

// consultationArgs lists the columns of an UPDATE, in order, ending with the id.
func consultationArgs(c *tender.Consultation, at time.Time, id int64) []any {
	main := ""
	if len(c.CPV) > 0 {
		main = c.CPV[0]
	}
	return []any{nullID(c.BuyerID), c.Object, c.Procedure, c.ContractType, main, strings.Join(c.CPV, " "),
		micros(c.PublishedAt), micros(c.Deadline), boolInt(c.Urgent), c.Status, c.NoticeURL, c.AmountCents,
		c.WinnerSIRET, c.WinnerName, c.ServiceID, c.Source, c.SearchKey(), micros(at), id}
}

func (t *Tx) replaceLots(ctx context.Context, id int64, lots []tender.Lot) error {
	if _, err := t.exec(ctx, "DELETE FROM lots WHERE consultation_id = ?", id); err != nil {
		return fmt.Errorf("store: lots: %w", err)
	}
	return t.insertLots(ctx, id, lots)
}

// lotsPerInsert bounds the rows of one multi-row INSERT of lots (4 parameters
// each, far below both databases' limits). A notice rarely has more than a few
// dozen lots: nearly always one statement per consultation.
const lotsPerInsert = 100

// insertLots writes lots with multi-row INSERTs: one statement, hence one round
// trip on PostgreSQL, for a consultation's lots. The texts differ only by the
// number of rows, so the writer's statement cache holds a handful of them.
func (t *Tx) insertLots(ctx context.Context, id int64, lots []tender.Lot) error {
	for len(lots) > 0 {
		n := min(len(lots), lotsPerInsert)
		var q strings.Builder
		q.WriteString("INSERT INTO lots (consultation_id, number, title, cpv) VALUES ")
		args := make([]any, 0, 4*n)
		for i, l := range lots[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?)")
			args = append(args, id, l.Number, l.Title, l.CPV)
		}
		if _, err := t.exec(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("store: lots %d to %d: %w", lots[0].Number, lots[n-1].Number, err)
		}
		lots = lots[n:]
	}
	return nil
}

// mergeConsultation lays the non-empty fields of c over old.
func mergeConsultation(old, c tender.Consultation) tender.Consultation {
	m := old
	over := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	over(&m.Object, c.Object)
	over(&m.Procedure, c.Procedure)
	over((*string)(&m.ContractType), string(c.ContractType))
	m.Status = tender.LaterStatus(old.Status, c.Status)
	over(&m.NoticeURL, c.NoticeURL)
	over(&m.WinnerSIRET, c.WinnerSIRET)
	over(&m.WinnerName, c.WinnerName)
	over(&m.ServiceID, c.ServiceID)
	over(&m.Source, c.Source)
	if c.BuyerID != 0 {
		m.BuyerID, m.BuyerName, m.BuyerSIRET = c.BuyerID, c.BuyerName, c.BuyerSIRET
	}
	if len(c.CPV) > 0 {
		m.CPV = c.CPV
	}
	if len(c.Lots) > 0 {
		m.Lots = c.Lots
	}
	if !c.PublishedAt.IsZero() {
		m.PublishedAt = c.PublishedAt
	}
	if !c.Deadline.IsZero() {
		m.Deadline = c.Deadline
	}
	if c.AmountCents != 0 {
		m.AmountCents = c.AmountCents
	}
	m.Urgent = old.Urgent || c.Urgent
	return m
}

func sameConsultation(a, b tender.Consultation) bool {
	a.CreatedAt, a.UpdatedAt, b.CreatedAt, b.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	a.BuyerName, a.BuyerSIRET, b.BuyerName, b.BuyerSIRET = "", "", "", ""
	return a.Reference == b.Reference && slices.Equal(a.CPV, b.CPV) && slices.Equal(a.Lots, b.Lots) &&
		a.Object == b.Object && a.Procedure == b.Procedure && a.ContractType == b.ContractType &&
		a.PublishedAt.Equal(b.PublishedAt) && a.Deadline.Equal(b.Deadline) && a.Urgent == b.Urgent &&
		a.Status == b.Status && a.NoticeURL == b.NoticeURL && a.AmountCents == b.AmountCents &&
		a.WinnerSIRET == b.WinnerSIRET && a.WinnerName == b.WinnerName && a.ServiceID == b.ServiceID &&
		a.Source == b.Source && a.BuyerID == b.BuyerID
}

// Checkpoint returns how many records of an import source are committed.
func (s *Store) Checkpoint(ctx context.Context, source string) (int64, error) {
	var n int64
	err := s.reader().queryRow(ctx, "SELECT position FROM import_checkpoints WHERE source = ?", source).Scan(&n)
	if isNoRows(err) {
		return 0, nil
	}
	return n, err
}

// SetCheckpoint records, in the batch's transaction, that position records of an
// import source are committed.
func (t *Tx) SetCheckpoint(ctx context.Context, source string, position int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO import_checkpoints (source, position, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (source) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
		source, position, micros(at))
	return err
}
