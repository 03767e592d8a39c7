package store

// The consultation picker's and the catalog lists' reads (docs/perf-catalog.md):
// words anywhere in a reference, an object or a buyer's name, through the
// trigram index of 0011.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/tender"
)

// ConsultationFilter selects consultations for the picker and the lists.
type ConsultationFilter struct {
	Text     string          // words of the reference, object, buyer or CPV, in any order
	Statuses []tender.Status // empty: every status
	OpenAt   time.Time       // when set: only consultations still open at that time (status open, deadline after)
	BuyerID  int64
	Limit    int
}

// FindConsultations lists consultations matching every word of the text, the
// nearest deadline first.
//
// A text of two words or more that names buyers — every word in the names of
// at most maxNamedBuyers buyers, as when a buyer's name is typed whole — lists
// those buyers' consultations: the buyers are a small table, and their
// consultations a range of the consultations_buyer index, where the words'
// trigrams ("communaute", "communes": a seventh of the catalog) would make the
// index lookups cost more than the picker's budget (docs/perf-catalog.md). A
// consultation of another buyer whose object holds the name is then not
// listed; when the named buyers have none to show, the text is searched
// everywhere as usual.
func (s *Store) FindConsultations(ctx context.Context, f ConsultationFilter) ([]*tender.Consultation, error) {
	words := strings.Fields(tender.Fold(f.Text))
	if len(words) >= 2 && f.BuyerID == 0 {
		buyers, err := s.findNamedBuyers(ctx, words)
		if err != nil {
			return nil, err
		}
		if len(buyers) > 0 && len(buyers) <= maxNamedBuyers {
			list, err := s.findConsultations(ctx, f, words, buyers)
			if err != nil || len(list) > 0 {
				return list, err
			}
		}
	}
	return s.findConsultations(ctx, f, words, nil)
}

// maxNamedBuyers bounds the buyers a typed name may stand for: past it, the
// words are common to many names ("commune de") and the search is the usual one.
const maxNamedBuyers = 20

// findNamedBuyers lists up to maxNamedBuyers+1 buyers whose name holds every
// word (folded, as name_key is).
func (s *Store) findNamedBuyers(ctx context.Context, words []string) ([]int64, error) {
	var w where
	for _, word := range words {
		w.add(`name_key LIKE ? ESCAPE '\'`, like(word))
	}
	rows, err := s.reader().query(ctx, fmt.Sprintf("SELECT id FROM buyers%s LIMIT %d", w.String(), maxNamedBuyers+1),
		s.planEachTime(w.args)...)
	if err != nil {
		return nil, fmt.Errorf("store: find consultations: buyers: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// findConsultations runs the picker's query: the consultations of buyers when
// the list is not empty, else all of them, through the trigram index on SQLite.
func (s *Store) findConsultations(ctx context.Context, f ConsultationFilter, words []string, buyers []int64) ([]*tender.Consultation, error) {
	var w where
	in(&w, "c.status", f.Statuses)
	for _, word := range words {
		w.add(`c.search_key LIKE ? ESCAPE '\'`, like(word))
	}
	if len(buyers) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(buyers)), ", ")
		for _, id := range buyers {
			w.args = append(w.args, id)
		}
		w.conds = append(w.conds, "c.buyer_id IN ("+marks+")")
	} else if err := s.addTrigramCandidates(ctx, &w, consultationsTrigram, "c.id", words); err != nil {
		return nil, err
	}
	if f.BuyerID != 0 {
		w.add("c.buyer_id = ?", f.BuyerID)
	}
	if !f.OpenAt.IsZero() {
		// In the terms of the consultations_picker index, so that it is one range of it.
		w.add(pickerRank+" = 0 AND "+pickerDeadline+" > ?", f.OpenAt.UnixMicro())
	}
	// The order is the expression of the consultations_picker index (0011): the
	// index is read in order and the scan stops at the limit. When the status rank
	// is fixed (open only), it is left out of the ORDER BY: SQLite does not see that
	// an expression held equal to a constant orders nothing, and would sort.
	order := pickerRank + ", "
	if !f.OpenAt.IsZero() {
		order = ""
	}
	q := "SELECT " + consultationColumns + consultationFrom + w.String() +
		fmt.Sprintf(" ORDER BY "+order+pickerDeadline+", c.id LIMIT %d", clampLimit(f.Limit))
	rows, err := s.reader().query(ctx, q, s.planEachTime(w.args)...)
	if err != nil {
		return nil, fmt.Errorf("store: find consultations: %w", err)
	}
	defer rows.Close()
	var out []*tender.Consultation
	for rows.Next() {
		c, err := scanConsultation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// pickerRank is the picker's order of statuses, written as the expression of the
// consultations_picker index (migration 0011) so that the planner recognises it.
const pickerRank = "(CASE c.status WHEN 'open' THEN 0 WHEN 'closed' THEN 1 WHEN 'awarded' THEN 2 ELSE 3 END)"

// pickerDeadline is the deadline as the index orders it: none sorts last.
const pickerDeadline = "COALESCE(c.deadline, 9223372036854775807)"
