package search

import (
	"strings"
	"unicode"
)

// Segment is a piece of a snippet; Match marks a word the query looked for.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match"`
}

// SnippetWords is the length of a snippet, in words.
const SnippetWords = 30

// Snippet returns the window of text, about SnippetWords words long, that holds
// the most words matching the query, as segments to show with the matches
// highlighted. A word matches when its term is one of the query's, or when the
// query names an acronym whose expansion the word belongs to.
func (a *Analyzer) Snippet(text string, q Query) []Segment {
	words := splitKeep(text)
	if len(words) == 0 {
		return nil
	}
	want := map[string]bool{}
	for _, t := range q.Terms {
		want[t] = true
		for _, s := range a.th.phraseStems(t) {
			want[s] = true
		}
	}
	heads := map[string]bool{}
	for t := range want {
		heads[head(t)] = true
	}
	hit := make([]bool, len(words))
	for i, w := range words {
		for _, part := range Words(w) {
			// Stemming is the costly step: only a word that starts like a
			// wanted term (a stem keeps its word's first letters) is stemmed.
			if heads[head(Fold(part))] {
				if t, ok := a.term(part); ok && want[t] {
					hit[i] = true
				}
			}
		}
	}
	start := bestWindow(hit, SnippetWords)
	end := min(start+SnippetWords, len(words))
	var out []Segment
	if start > 0 {
		out = append(out, Segment{Text: "… "})
	}
	for i := start; i < end; i++ {
		sep := " "
		if i == end-1 {
			sep = ""
		}
		if hit[i] {
			out = append(out, Segment{Text: words[i], Match: true}, Segment{Text: sep})
			continue
		}
		if n := len(out); n > 0 && !out[n-1].Match {
			out[n-1].Text += words[i] + sep
		} else {
			out = append(out, Segment{Text: words[i] + sep})
		}
	}
	if end < len(words) {
		out = append(out, Segment{Text: " …"})
	}
	return merge(out)
}

// bestWindow returns the start of the window of n words with the most hits
// (the first one on a tie, so the beginning of the text when nothing matches).
func bestWindow(hit []bool, n int) int {
	best, bestAt, cur := -1, 0, 0
	for i := range hit {
		if hit[i] {
			cur++
		}
		if i >= n && hit[i-n] {
			cur--
		}
		if start := max(0, i-n+1); cur > best {
			best, bestAt = cur, start
		}
	}
	// Start a little before the first hit so it reads in context.
	return max(0, firstHit(hit, bestAt)-3)
}

func firstHit(hit []bool, from int) int {
	for i := from; i < len(hit); i++ {
		if hit[i] {
			return i
		}
	}
	return from
}

// splitKeep splits text on white space, keeping punctuation with its word.
func splitKeep(text string) []string { return strings.FieldsFunc(text, unicode.IsSpace) }

// merge joins neighbouring segments of the same kind and drops empty ones.
func merge(in []Segment) []Segment {
	var out []Segment
	for _, s := range in {
		if s.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Match == s.Match && !s.Match {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

// Plain returns the snippet as plain text.
func Plain(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

// head is the first two bytes of a term or folded word.
func head(s string) string { return s[:min(2, len(s))] }
