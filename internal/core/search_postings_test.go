package core_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestEngineMatchesBruteForce writes documents into the index, replaces some
// (terms lost and gained) and removes others, then checks the full-text engine
// of each store (FTS5; PostgreSQL's postings table) against a scan of the
// documents in Go: the same candidates, newest first, the same counts and the
// same last id counted, with and without filters. On PostgreSQL it also proves
// the postings follow a document's changes.
func TestEngineMatchesBruteForce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		words := []string{"rejet", "lot", "dce", "avance", "paiement", "retard", "zygomorph"}
		rng := rand.New(rand.NewPCG(7, 15))
		docs := map[int64][]string{} // by ref, the terms indexed now
		ids := map[int64]int64{}     // by ref, the document id
		doc := func(ref int64) []string {
			var terms []string
			for i, w := range words[:len(words)-1] {
				for range rng.IntN(3 + i) {
					if rng.IntN(2) == 0 {
						terms = append(terms, w)
					}
				}
			}
			if ref%97 == 0 {
				terms = append(terms, "zygomorph")
			}
			return append(terms, fmt.Sprintf("zzqtopic%d", ref%3))
		}
		write := func(ref int64, terms []string) {
			err := s.Write(ctx, func(tx *store.Tx) error {
				d := &store.SearchDoc{Kind: "request", RefID: ref, Title: "t", Body: "b", Terms: terms, UpdatedAt: time.Unix(ref, 0)}
				if err := tx.IndexDoc(ctx, d); err != nil {
					return err
				}
				ids[ref] = d.ID
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			docs[ref] = terms
		}
		for ref := int64(1); ref <= 300; ref++ {
			write(ref, doc(ref))
		}
		for ref := int64(5); ref <= 300; ref += 7 { // replaced: some terms go, others come
			write(ref, doc(ref+1000))
		}
		if err := s.Write(ctx, func(tx *store.Tx) error {
			for ref := int64(3); ref <= 300; ref += 11 {
				if err := tx.UnindexDoc(ctx, "request", ref); err != nil {
					return err
				}
				delete(docs, ref)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		byID := map[int64][]string{}
		for ref, terms := range docs {
			byID[ids[ref]] = terms
		}
		sorted := make([]int64, 0, len(byID))
		for id := range byID {
			sorted = append(sorted, id)
		}
		slices.Sort(sorted)
		matches := func(terms []string, m store.SearchMatch) bool {
			n := 0
			for _, w := range m.Any {
				if slices.Contains(terms, w) {
					n++
				}
			}
			if n == 0 || (m.All && n < len(m.Any)) {
				return false
			}
			for _, f := range m.Filters {
				if !slices.ContainsFunc(f, func(w string) bool { return slices.Contains(terms, w) }) {
					return false
				}
			}
			return true
		}
		topic0, topics01 := [][]string{{"zzqtopic0"}}, [][]string{{"zzqtopic0", "zzqtopic1"}}
		cases := []store.SearchMatch{
			{Any: []string{"rejet"}, Limit: 30},
			{Any: []string{"zygomorph"}, Limit: 30},
			{Any: []string{"zygomorph", "avance"}, Limit: 25},
			{Any: []string{"zygomorph", "avance"}, All: true, Limit: 25},
			{Any: []string{"retard", "lot", "dce"}, All: true, Limit: 10},
			{Any: []string{"retard", "lot"}, Limit: 1000},
			{Any: []string{"retard", "lot"}, All: true, Filters: topic0, Limit: 40},
			{Any: []string{"paiement", "zygomorph"}, Filters: topics01, Limit: 40},
			{Any: []string{"retard", "lot", "dce", "avance", "paiement"}, All: true, Limit: 10},
			{Any: []string{"rejet", "lot", "dce", "avance"}, All: true, Filters: topic0, Limit: 10},
			{Any: []string{"inconnu"}, Limit: 10},
		}
		for _, m := range cases {
			got, err := s.SearchCandidates(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, id := range slices.Backward(sorted) {
				if matches(byID[id], m) && len(want) < m.Limit {
					want = append(want, id)
				}
			}
			var gotIDs []int64
			for _, d := range got {
				gotIDs = append(gotIDs, d.ID)
				if d.Terms != strings.Join(byID[d.ID], " ") {
					t.Errorf("%+v: document %d terms %q, want %q", m, d.ID, d.Terms, strings.Join(byID[d.ID], " "))
				}
			}
			if len(want) == 0 && m.Any[0] != "inconnu" {
				t.Errorf("%+v: the corpus has no match, the case proves nothing", m)
			}
			if !slices.Equal(gotIDs, want) {
				t.Errorf("%+v: candidates %v, want %v", m, gotIDs, want)
			}
		}
		for _, filters := range [][][]string{nil, topic0, topics01} {
			counts, minID, maxID, err := s.SearchCounts(ctx, words, filters, 40)
			if err != nil {
				t.Fatal(err)
			}
			if minID != sorted[0] || maxID != sorted[len(sorted)-1] {
				t.Errorf("id range %d–%d, want %d–%d", minID, maxID, sorted[0], sorted[len(sorted)-1])
			}
			for i, w := range words {
				var want store.TermCount
				for _, id := range sorted {
					if want.N < 40 && matches(byID[id], store.SearchMatch{Any: []string{w}, Filters: filters}) {
						want.N, want.Last = want.N+1, id
					}
				}
				if counts[i] != want {
					t.Errorf("count of %s with %v: %+v, want %+v", w, filters, counts[i], want)
				}
			}
		}
	})
}
