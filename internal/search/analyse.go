// Package search is Guichet's one French text analyser and its ranking: the same
// code turns an article, a request, a message or a consultation into index terms
// and a user's query into the terms to look for, so that SQLite FTS5 and
// PostgreSQL (which only store and intersect those terms) find the same things,
// and one BM25 implementation ranks the candidates on both stores.
//
// The analysis: split into words (letters and digits; hyphens and punctuation
// separate), lower-case, drop elisions (l', d', qu', j', n', s', c', m', t'…),
// drop French stop words, stem with Snowball French, fold accents, and add the
// key of every procurement acronym the text names, by its acronym or by its
// expansion (DCE ↔ dossier de consultation, DC4 ↔ sous-traitance, AE ↔ acte
// d'engagement).
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/french"
)

// MaxTermLen is the longest term kept; longer runs of letters are cut (a pasted
// hash or a URL is not a French word).
const MaxTermLen = 40

// Analyzer turns French text into index terms. Build it once with NewAnalyzer: it
// holds the thesaurus, and the index is only consistent with the analyser that
// built it.
type Analyzer struct {
	th *Thesaurus
}

// NewAnalyzer builds an analyser with the thesaurus th (DefaultThesaurus when nil).
func NewAnalyzer(th *Thesaurus) *Analyzer {
	if th == nil {
		th = DefaultThesaurus()
	}
	return &Analyzer{th: th}
}

// Thesaurus is the analyser's acronym thesaurus.
func (a *Analyzer) Thesaurus() *Thesaurus { return a.th }

// Terms returns the index terms of text, in order, repeated as often as they
// occur, followed by the acronym keys the text names.
func (a *Analyzer) Terms(text string) []string {
	var stems []string
	for _, w := range Words(text) {
		if t, ok := a.term(w); ok {
			stems = append(stems, t)
		}
	}
	return append(stems, a.th.concepts(stems)...)
}

// term analyses one word from Words: an acronym of the thesaurus stays itself,
// a stop word is dropped, anything else is stemmed, then folded.
func (a *Analyzer) term(w string) (string, bool) {
	folded := Fold(w)
	if a.th.isKey(folded) {
		return folded, true
	}
	if stopWords[folded] || folded == "" {
		return "", false
	}
	return Stem(w), true
}

// Stem is the Snowball French stem of a lower-case word, accent-folded, with a
// trailing e removed: Snowball keeps "rejete" (typed without its accent) apart
// from "rejet" (the stem of rejeté), and companies often type without accents.
// The stems of words already seen come from a bounded memo (stemcache.go).
func Stem(w string) string { return stems.stem(w, stem) }

// stem is Stem computed.
func stem(w string) string {
	s := Fold(french.Stem(w, true))
	for len(s) > 3 && strings.HasSuffix(s, "e") {
		s = s[:len(s)-1]
	}
	return s
}

// Words splits text into lower-case words: runs of letters and digits. An
// apostrophe after an elided article or pronoun (l', d', qu', jusqu'…) drops it;
// any other character separates words. Words longer than MaxTermLen are cut.
func Words(text string) []string {
	var out []string
	// One buffer for every word, each word then copied once at its exact size.
	b := make([]byte, 0, MaxTermLen*utf8.UTFMax)
	n := 0
	flush := func() {
		if len(b) > 0 {
			out = append(out, string(b))
		}
		b = b[:0]
		n = 0
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if n < MaxTermLen {
				b = utf8.AppendRune(b, unicode.ToLower(r))
			}
			n++
		case isApostrophe(r) && elisions[string(b)]:
			b = b[:0]
			n = 0
		default:
			flush()
		}
	}
	flush()
	return out
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '`' }

// elisions are the words French writes elided before a vowel.
var elisions = map[string]bool{"l": true, "d": true, "qu": true, "j": true, "n": true, "s": true,
	"c": true, "m": true, "t": true, "jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true}

// Fold lower-cases s and removes its accents (é → e, ç → c, œ → oe); other
// characters are kept.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || ('A' <= c && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := folds[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var folds = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'í': "i", 'ì': "i", 'ñ': "n",
	'ô': "o", 'ö': "o", 'ó': "o", 'ò': "o", 'õ': "o", 'œ': "oe",
	'ù': "u", 'û': "u", 'ü': "u", 'ú': "u", 'ÿ': "y",
}
