package store

import (
	"context"
	"fmt"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/tender"
)

// Upserted says what an upsert did, for the import summaries.
type Upserted int

// The outcomes of an upsert.
const (
	Unchanged Upserted = iota
	Created
	Updated
)

const buyerColumns = `id, siret, name, kind, email, phone, profile_url, qa_url, own, created_at, updated_at`

func scanBuyer(r scanner) (*tender.Buyer, error) {
	var b tender.Buyer
	var own int
	err := r.Scan(&b.ID, &b.SIRET, &b.Name, &b.Kind, &b.Email, &b.Phone, &b.ProfileURL, &b.QAURL, &own,
		nullTime{&b.CreatedAt}, nullTime{&b.UpdatedAt})
	b.Own = own == 1
	return &b, err
}

// findBuyerKey reads the buyer with b's SIRET, or, for a buyer known only by name,
// the one with the same folded name and no SIRET; found is false when none.
func (t *Tx) findBuyerKey(ctx context.Context, b *tender.Buyer) (*tender.Buyer, bool, error) {
	// "siret <> ''" lets the query use the partial unique index buyers_siret.
	q, arg := "SELECT "+buyerColumns+" FROM buyers WHERE siret = ? AND siret <> ''", b.SIRET
	if b.SIRET == "" {
		q, arg = "SELECT "+buyerColumns+" FROM buyers WHERE name_key = ? ORDER BY siret DESC, id LIMIT 1", tender.Fold(b.Name)
	}
	got, err := scanBuyer(t.queryRow(ctx, q, arg))
	if isNoRows(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: find buyer: %w", err)
	}
	return got, true, nil
}

// UpsertBuyer creates the buyer or brings the stored one up to date; empty fields
// of b never erase what is stored (a BOAMP notice rarely gives the Q&A URL that a
// buyers file gave). b gets the stored id.
func (t *Tx) UpsertBuyer(ctx context.Context, b *tender.Buyer) (Upserted, error) {
	old, found, err := t.findBuyerKey(ctx, b)
	if err != nil {
		return 0, err
	}
	if !found {
		b.ID, err = t.insert(ctx, `INSERT INTO buyers (siret, name, name_key, kind, email, phone, profile_url, qa_url,
			own, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			b.SIRET, b.Name, tender.Fold(b.Name), orKind(b.Kind), b.Email, b.Phone, b.ProfileURL, b.QAURL, boolInt(b.Own),
			micros(b.UpdatedAt), micros(b.UpdatedAt))
		if err != nil {
			return 0, fmt.Errorf("store: create buyer: %w", err)
		}
		return Created, nil
	}
	merged := mergeBuyer(*old, *b)
	b.ID = old.ID
	if merged == *old {
		return Unchanged, nil
	}
	_, err = t.exec(ctx, `UPDATE buyers SET siret = ?, name = ?, name_key = ?, kind = ?, email = ?, phone = ?,
		profile_url = ?, qa_url = ?, own = ?, updated_at = ? WHERE id = ?`,
		merged.SIRET, merged.Name, tender.Fold(merged.Name), merged.Kind, merged.Email, merged.Phone, merged.ProfileURL,
		merged.QAURL, boolInt(merged.Own), micros(b.UpdatedAt), old.ID)
	if err != nil {
		return 0, fmt.Errorf("store: update buyer: %w", err)
	}
	return Updated, nil
}

// mergeBuyer lays the non-empty fields of b over old.
func mergeBuyer(old, b tender.Buyer) tender.Buyer {
	m := old
	over := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	over(&m.SIRET, b.SIRET)
	if tender.Fold(b.Name) != tender.Fold(old.Name) {
		over(&m.Name, b.Name) // the same name typed otherwise is not a change
	}
	over(&m.Email, b.Email)
	over(&m.Phone, b.Phone)
	over(&m.ProfileURL, b.ProfileURL)
	over(&m.QAURL, b.QAURL)
	if b.Kind != "" && b.Kind != tender.OtherBuyer {
		m.Kind = b.Kind
	}
	m.Own = old.Own || b.Own
	return m
}

func orKind(k tender.BuyerKind) tender.BuyerKind {
	if k == "" {
		return tender.OtherBuyer
	}
	return k
}

// FindBuyerByID reads a buyer.
func (s *Store) FindBuyerByID(ctx context.Context, id int64) (*tender.Buyer, error) {
	b, err := scanBuyer(s.reader().queryRow(ctx, "SELECT "+buyerColumns+" FROM buyers WHERE id = ?", id))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Acheteur n° %d inconnu.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find buyer: %w", err)
	}
	return b, nil
}

// FindBuyers lists buyers whose folded name contains text (all when empty), by id.
func (s *Store) FindBuyers(ctx context.Context, text string, afterID int64, limit int) ([]*tender.Buyer, bool, error) {
	var w where
	if text != "" {
		w.add(`(name_key LIKE ? ESCAPE '\' OR siret LIKE ? ESCAPE '\')`, like(tender.Fold(text)), prefix(text))
	}
	if afterID != 0 {
		w.add("id > ?", afterID)
	}
	limit = clampLimit(limit)
	rows, err := s.reader().query(ctx, "SELECT "+buyerColumns+" FROM buyers"+w.String()+
		fmt.Sprintf(" ORDER BY id LIMIT %d", limit+1), w.args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: find buyers: %w", err)
	}
	defer rows.Close()
	var out []*tender.Buyer
	for rows.Next() {
		b, err := scanBuyer(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, b)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, rows.Err()
}

// clampLimit bounds a page size; callers validate what users typed before.
func clampLimit(limit int) int {
	if limit <= 0 || limit > 200 {
		return 50
	}
	return limit
}
