package search

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// BM25 parameters: b is the usual 0.75; k1 = 1.5 (rather than 1.2) lets a term
// repeated in an article (its title and tags count twice) weigh a little more,
// which the evaluation set (docs/search.md) measured as better.
const (
	k1 = 1.5
	b  = 0.75
)

// Doc is a candidate document as the store returns it: its terms as indexed,
// space-separated (not split: ranking thousands of candidates reads them once,
// without allocating).
type Doc struct {
	ID    int64
	Terms string
}

// Join writes terms the way Doc holds them.
func Join(terms []string) string { return strings.Join(terms, " ") }

// eachTerm calls fn with every space-separated term of s, without allocating.
func eachTerm(s string, fn func(string)) {
	for len(s) > 0 {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			fn(s)
			return
		}
		if i > 0 {
			fn(s[:i])
		}
		s = s[i+1:]
	}
}

// HasAll reports whether the document holds, for each group, at least one of its
// terms (the facet filters, checked on documents the store did not filter).
func HasAll(terms string, groups [][]string) bool {
	for _, g := range groups {
		found := false
		eachTerm(terms, func(t string) {
			if !found && slices.Contains(g, t) {
				found = true
			}
		})
		if !found {
			return false
		}
	}
	return true
}

// Markers returns the document's markers of a facet, e.g. its kind. Markers
// come last in a document's terms (see IndexDoc's callers), so only the tail is
// read.
func Markers(terms, facet string) []string {
	prefix := Marker(facet, "")
	var out []string
	for len(terms) > 0 {
		i := strings.LastIndexByte(terms, ' ')
		t := terms[i+1:]
		if !IsMarker(t) {
			break
		}
		if v, ok := strings.CutPrefix(t, prefix); ok {
			out = append(out, v)
		}
		if i < 0 {
			break
		}
		terms = terms[:i]
	}
	return out
}

// Collection is what BM25 needs to know of the whole index: how many documents
// it holds and their mean length in terms.
type Collection struct {
	Docs      int64
	AvgLength float64
}

// Scored is a document with its score.
type Scored struct {
	ID    int64
	Score float64
}

// Rank scores the candidates for the query terms with BM25 and returns them best
// first; equal scores go newest (highest id) first, so the order is the same on
// every store. A term's document frequency is counted among the candidates: the
// store returns every document holding any query term (up to its cap, see
// docs/search.md), which makes that count exact below the cap.
func Rank(terms []string, docs []Doc, c Collection) []Scored {
	out, _ := RankIDF(terms, docs, c)
	return out
}

// RankIDF is Rank that also returns the idf each term was weighed with.
func RankIDF(terms []string, docs []Doc, c Collection) ([]Scored, []float64) {
	return RankKnown(terms, docs, c, nil)
}

// RankKnown is RankIDF with document frequencies known beyond the candidates:
// df[j], when larger than the count among the candidates, is term j's (a
// common term's estimated frequency in the whole index, say). A nil df counts
// among the candidates only.
func RankKnown(terms []string, docs []Doc, c Collection, known []float64) ([]Scored, []float64) {
	want := map[string]int{}
	for i, t := range terms {
		want[t] = i
	}
	df := make([]int, len(terms))
	tfs := make([][]int, len(docs))
	lengths := make([]int, len(docs))
	for i, d := range docs {
		tf := make([]int, len(terms))
		eachTerm(d.Terms, func(t string) {
			if IsMarker(t) {
				return
			}
			lengths[i]++
			if j, ok := want[t]; ok {
				tf[j]++
			}
		})
		for j, n := range tf {
			if n > 0 {
				df[j]++
			}
		}
		tfs[i] = tf
	}
	n := float64(max(c.Docs, int64(len(docs))))
	avg := c.AvgLength
	if avg <= 0 {
		avg = 1
	}
	idfs := make([]float64, len(terms))
	for j := range terms {
		d := float64(df[j])
		if j < len(known) && known[j] > d {
			d = min(known[j], n)
		}
		idfs[j] = math.Log(1 + (n-d+0.5)/(d+0.5))
	}
	out := make([]Scored, 0, len(docs))
	for i, d := range docs {
		score := 0.0
		for j, f := range tfs[i] {
			if f == 0 {
				continue
			}
			tf := float64(f)
			score += idfs[j] * tf * (k1 + 1) / (tf + k1*(1-b+b*float64(lengths[i])/avg))
		}
		if score > 0 {
			out = append(out, Scored{ID: d.ID, Score: score})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID > out[j].ID
	})
	return out, idfs
}

// Ceiling is the highest BM25 score a document can reach with a term of this
// idf, however often it holds it and however short it is: idf·(k1+1). A
// document holding only terms whose ceilings sum below a score cannot reach it
// (the bound that lets a search prove a page exact, docs/search.md).
func Ceiling(idf float64) float64 { return idf * (k1 + 1) }

// Length is the number of terms of a document that count for BM25 (markers do not).
func Length(terms []string) int {
	n := 0
	for _, t := range terms {
		if !IsMarker(t) {
			n++
		}
	}
	return n
}
