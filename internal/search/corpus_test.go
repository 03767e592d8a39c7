package search

import (
	"os"
	"path/filepath"
	"testing"
)

// frenchTexts are French texts of the repository: the demo's requests and
// answers (as Go source: the words of the code come along, harmless), the mail
// fixtures and the starter articles.
func frenchTexts(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, pattern := range []string{"../demo/text*.go", "../mail/testdata/*.eml", "../kb/testdata/starter/*.md"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, string(b))
		}
	}
	if len(out) < 5 {
		tb.Fatalf("only %d French texts found", len(out))
	}
	return out
}

// frenchWords are the distinct words of frenchTexts, in order of appearance.
func frenchWords(tb testing.TB) []string {
	tb.Helper()
	seen := map[string]bool{}
	var out []string
	for _, text := range frenchTexts(tb) {
		for _, w := range Words(text) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// requestTexts are what a creation analyses: a subject and a body, as the
// demo's and the load test's requests say them.
func requestTexts(tb testing.TB) []string {
	tb.Helper()
	out := []string{
		"Question sur le lot 12 Bonjour, pouvez-vous nous indiquer la marche à suivre ? Merci d'avance.",
		"Dépôt de l'offre sur la plateforme (37) Bonjour, pouvez-vous nous indiquer la marche à suivre ? Merci d'avance.",
		"Motifs du rejet de notre offre n° 201 Bonjour, pouvez-vous nous indiquer la marche à suivre ? Merci d'avance.",
		"Retard de paiement, facture 88 Bonjour, pouvez-vous nous indiquer la marche à suivre ? Merci d'avance.",
	}
	for _, text := range frenchTexts(tb) {
		// Paragraph-sized pieces, as a request's body is.
		for len(text) > 600 {
			out = append(out, text[:600])
			text = text[600:]
		}
	}
	return out
}
