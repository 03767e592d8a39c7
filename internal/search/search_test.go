package search

import (
	"slices"
	"strings"
	"testing"
)

// meet reports whether two texts share an analysed term.
func meet(a *Analyzer, x, y string) bool {
	tx := a.Terms(x)
	for _, t := range a.Terms(y) {
		if slices.Contains(tx, t) {
			return true
		}
	}
	return false
}

func TestFamiliesMeet(t *testing.T) {
	a := NewAnalyzer(nil)
	for _, group := range [][]string{
		{"rejet", "rejeté", "rejetée", "rejets", "rejete", "REJETEE", "rejetés"},
		{"consultation", "consultations", "Consultation"},
		{"paiement", "paiements"},
		{"candidature", "candidatures"},
		{"électronique", "electronique", "ÉLECTRONIQUE"},
		{"dépôt", "depot", "Dépot"},
		{"attribué", "attribuée", "attribution", "attribue"},
	} {
		want := a.Terms(group[0])
		if len(want) != 1 {
			t.Fatalf("%q: terms %v", group[0], want)
		}
		for _, w := range group[1:] {
			if got := a.Terms(w); !slices.Equal(got, want) {
				t.Errorf("%q → %v, want %v (as %q)", w, got, want, group[0])
			}
		}
	}
}

func TestAcronymsMeetTheirExpansion(t *testing.T) {
	a := NewAnalyzer(nil)
	for _, c := range []struct{ acronym, text string }{
		{"DCE", "Où trouver le dossier de consultation ?"},
		{"dce", "les documents de la consultation"},
		{"DC4", "Puis-je déclarer un sous-traitant en cours de marché ?"},
		{"dc4", "la sous-traitance est-elle possible"},
		{"AE", "Faut-il signer l'acte d'engagement ?"},
		{"DUME", "le document unique de marché européen"},
		{"MAPA", "un marché à procédure adaptée"},
		{"AO", "répondre à un appel d'offres"},
		{"DLRO", "la date limite de remise des offres est passée"},
	} {
		if !meet(a, c.acronym, c.text) {
			t.Errorf("%q and %q do not meet: %v / %v", c.acronym, c.text, a.Terms(c.acronym), a.Terms(c.text))
		}
	}
	if meet(a, "DC4", "le dossier de consultation") {
		t.Error("DC4 meets the DCE's expansion")
	}
}

func TestElisionsAndStopWords(t *testing.T) {
	a := NewAnalyzer(nil)
	for in, want := range map[string][]string{
		"l'offre":                          {"offr"},
		"d’attribution":                    {"attribu"},
		"qu'il":                            nil,
		"jusqu'à la date":                  {"dat"},
		"Bonjour, merci de votre aide":     {"aid"},
		"L'entreprise n'a pas été retenue": {"entrepris", "retenu"},
		"aujourd'hui":                      {"aujourd", "hui"},
	} {
		if got := a.Terms(in); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestGlossaryAddsConcepts(t *testing.T) {
	concepts := MergeGlossary(DefaultConcepts(), map[string]string{
		"OAB": "offre anormalement basse", "SAD": "système d'acquisition dynamique"})
	a := NewAnalyzer(NewThesaurus(concepts))
	if !meet(a, "SAD", "un système d'acquisition dynamique") {
		t.Errorf("glossary acronym SAD: %v", a.Terms("un système d'acquisition dynamique"))
	}
	if !meet(a, "DC4", "sous-traitance") {
		t.Error("merging the glossary lost the built-in phrases")
	}
}

func TestQueryIsAlwaysText(t *testing.T) {
	a := NewAnalyzer(nil)
	for _, in := range []string{
		`"rejet" OR 1=1; DROP TABLE tickets; --`, `rejet*`, `NEAR(rejet offre)`, `?`, `'`, `"`, `*`, `-`, `(`,
		`rejet AND NOT offre`, `title:rejet`, `\x00\xff`, strings.Repeat("é", 10000), strings.Repeat("rejet ", 2000),
		"\xff\xfe", `%_`, `' OR ''='`,
	} {
		q := a.ParseQuery(in)
		if len(q.Terms) > MaxQueryTerms {
			t.Errorf("%.30q: %d terms", in, len(q.Terms))
		}
		for _, term := range q.Terms {
			if term == "" || strings.IndexFunc(term, func(r rune) bool { return !isAlnum(r) }) >= 0 {
				t.Errorf("%.30q: term %q is not plain lower-case ASCII", in, term)
			}
		}
	}
	if q := a.ParseQuery("?!… -- *"); !q.Empty() {
		t.Errorf("lone punctuation: %v", q.Terms)
	}
	if q := a.ParseQuery(Marker("audience", "public") + " rejet"); slices.ContainsFunc(q.Terms, IsMarker) {
		t.Errorf("a typed marker became a marker: %v", q.Terms)
	}
}

func TestRankPrefersRareTermsAndShortDocs(t *testing.T) {
	a := NewAnalyzer(nil)
	docs := []Doc{
		{1, Join(a.Terms("marché marché marché offre"))},
		{2, Join(a.Terms("rejet de mon offre pour offre anormalement basse"))},
		{3, Join(a.Terms("offre"))},
		{4, Join(a.Terms("rien à voir"))},
	}
	q := a.ParseQuery("rejet offre")
	got := Rank(q.Terms, docs, Collection{Docs: 4, AvgLength: 3})
	if len(got) != 3 || got[0].ID != 2 {
		t.Fatalf("ranking %v, want doc 2 first and doc 4 out", got)
	}
	// Ties go to the newest document, whatever the order the store returned.
	tie := Rank([]string{"offr"}, []Doc{{5, "offr"}, {9, "offr"}}, Collection{Docs: 2, AvgLength: 1})
	if tie[0].ID != 9 {
		t.Errorf("tie order %v", tie)
	}
}

func TestSnippetHighlights(t *testing.T) {
	a := NewAnalyzer(nil)
	text := strings.Repeat("texte sans intérêt ", 30) + "Votre offre a été rejetée car la sous-traitance n'était pas déclarée. " +
		strings.Repeat("suite du texte ", 30)
	segs := a.Snippet(text, a.ParseQuery("rejet DC4"))
	var hits []string
	for _, s := range segs {
		if s.Match {
			hits = append(hits, s.Text)
		}
	}
	if !slices.Equal(hits, []string{"rejetée", "sous-traitance", "déclarée."}) {
		t.Errorf("highlighted %q in %q", hits, Plain(segs))
	}
	if p := Plain(segs); !strings.HasPrefix(p, "… ") || !strings.HasSuffix(p, " …") {
		t.Errorf("snippet not cut on both sides: %q", p)
	}
	if segs := a.Snippet("", a.ParseQuery("rejet")); segs != nil {
		t.Errorf("empty text: %v", segs)
	}
}

func FuzzParseQuery(f *testing.F) {
	a := NewAnalyzer(nil)
	for _, s := range []string{"rejet", `"a" OR b*`, "l'acte d'engagement", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, term := range a.ParseQuery(s).Terms {
			if strings.IndexFunc(term, func(r rune) bool { return !isAlnum(r) }) >= 0 {
				t.Fatalf("term %q", term)
			}
		}
		_ = a.Snippet(s, a.ParseQuery(s))
	})
}

func TestMarkersAndFilters(t *testing.T) {
	terms := Join([]string{"rejet", "offr", Marker("kind", "article"), Marker("topic", "rejet")})
	if got := Markers(terms, "kind"); len(got) != 1 || got[0] != "article" {
		t.Errorf("markers %v", got)
	}
	if !HasAll(terms, [][]string{{Marker("kind", "request"), Marker("kind", "article")}, {Marker("topic", "rejet")}}) {
		t.Error("filters not met")
	}
	if HasAll(terms, [][]string{{Marker("audience", "public")}}) {
		t.Error("a missing marker passed")
	}
}
