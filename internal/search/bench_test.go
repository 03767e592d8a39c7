package search

import "testing"

// BenchmarkTerms analyses requests as a creation does (subject and body), over
// and over: the words repeat, as they do in a help desk (docs/perf.md).
func BenchmarkTerms(b *testing.B) {
	a := NewAnalyzer(nil)
	texts := requestTexts(b)
	for _, t := range texts { // as in a running server: the words were seen before
		a.Terms(t)
	}
	b.ReportAllocs()
	b.ResetTimer()
	words := 0
	for i := 0; b.Loop(); i++ {
		words += len(a.Terms(texts[i%len(texts)]))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(max(words, 1)), "ns/term")
}
