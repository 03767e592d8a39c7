package search

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits on a query: whatever a user pastes (a whole mail, 10,000 characters of
// SQL), only its start is read and only its first distinct terms are looked for.
const (
	MaxQueryRunes = 1000
	MaxQueryTerms = 24
)

// Query is a user's search, analysed. There is no syntax: quotes, operators,
// `*`, parentheses and SQL are text, and text that has no term (lone punctuation)
// is an empty query that finds nothing.
type Query struct {
	Text  string   // what the user typed, cut to MaxQueryRunes
	Terms []string // distinct analysed terms, in the order they first appear, then their synonyms
	// Own is how many of Terms come from the text itself; the others are the
	// synonyms' terms, which widen the search but are never all required.
	Own int
}

// OwnTerms are the terms of the text itself, without the synonyms.
func (q Query) OwnTerms() []string { return q.Terms[:q.Own] }

// Empty reports whether the query has nothing to look for.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// ParseQuery analyses a user's query.
func (a *Analyzer) ParseQuery(text string) Query {
	text = strings.ToValidUTF8(text, " ")
	if utf8.RuneCountInString(text) > MaxQueryRunes {
		text = string([]rune(text)[:MaxQueryRunes])
	}
	q := Query{Text: strings.TrimSpace(text)}
	terms := a.Terms(text)
	add := func(list []string) {
		for _, t := range list {
			if len(q.Terms) == MaxQueryTerms {
				return
			}
			if !IsMarker(t) && !slices.Contains(q.Terms, t) {
				q.Terms = append(q.Terms, t)
			}
		}
	}
	add(terms)
	q.Own = len(q.Terms)
	add(a.th.expand(q.Terms))
	return q
}

// Markers are terms the index adds to a document so that a search can be limited
// by kind, audience or topic inside the full-text engine itself (one posting-list
// intersection instead of a join per match). A query never contains one.
const markerPrefix = "zzq"

// Marker returns the marker term for a facet value, e.g. Marker("kind", "article").
func Marker(facet, value string) string {
	var b strings.Builder
	b.WriteString(markerPrefix + facet)
	for _, r := range Fold(value) {
		if isAlnum(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsMarker reports whether the term is a facet marker.
func IsMarker(t string) bool { return strings.HasPrefix(t, markerPrefix) }
