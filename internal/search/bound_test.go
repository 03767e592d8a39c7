package search

import (
	"strings"
	"testing"
)

// TestCeilingBoundsEveryScore: a document holding a term, however often and
// however short, never scores above the term's ceiling; this is what lets a
// search prove a page exact without reading documents of common words only.
func TestCeilingBoundsEveryScore(t *testing.T) {
	var docs []Doc
	for i := 1; i <= 50; i++ {
		docs = append(docs, Doc{ID: int64(i), Terms: strings.TrimSpace(strings.Repeat("marche ", i) + strings.Repeat("autre ", 50-i))})
	}
	docs = append(docs, Doc{ID: 99, Terms: "marche"}, Doc{ID: 100, Terms: strings.Repeat("marche ", 1000)})
	ranked, idf := RankIDF([]string{"marche", "absent"}, docs, Collection{Docs: 10_000, AvgLength: 40})
	if len(ranked) != len(docs) || idf[0] <= 0 {
		t.Fatalf("ranked %d, idf %v", len(ranked), idf)
	}
	for _, r := range ranked {
		if r.Score > Ceiling(idf[0]) {
			t.Errorf("doc %d scores %.4f above the ceiling %.4f", r.ID, r.Score, Ceiling(idf[0]))
		}
	}
	if ranked[0].Score < 0.9*Ceiling(idf[0]) {
		t.Errorf("the ceiling is loose: best %.4f, ceiling %.4f", ranked[0].Score, Ceiling(idf[0]))
	}
	if same := Rank([]string{"marche", "absent"}, docs, Collection{Docs: 10_000, AvgLength: 40}); len(same) != len(ranked) || same[0] != ranked[0] {
		t.Error("Rank and RankIDF disagree")
	}
}
