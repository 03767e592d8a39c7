package kb

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/guichet/guichet/internal/errs"
)

// Term is one glossary entry.
type Term struct {
	Acronym    string `json:"acronym"`
	Expansion  string `json:"expansion"`
	Definition string `json:"definition"`
}

// Glossary is the list of procurement acronyms, sorted by acronym.
type Glossary struct {
	Terms     []Term
	byAcronym map[string]Term
	re        *regexp.Regexp // any of the entries, as a whole word
}

// NewGlossary indexes terms.
func NewGlossary(terms []Term) *Glossary {
	g := &Glossary{Terms: slices.Clone(terms), byAcronym: map[string]Term{}}
	slices.SortFunc(g.Terms, func(a, b Term) int { return strings.Compare(a.Acronym, b.Acronym) })
	var alts []string
	for _, t := range g.Terms {
		g.byAcronym[t.Acronym] = t
		alts = append(alts, regexp.QuoteMeta(t.Acronym))
	}
	// Longest first, so that "DC4" is not read as "DC" followed by "4".
	slices.SortFunc(alts, func(a, b string) int { return len(b) - len(a) })
	if len(alts) > 0 {
		g.re = regexp.MustCompile(`\b(?:` + strings.Join(alts, "|") + `)\b`)
	}
	return g
}

// Expansions maps each acronym to its expansion (the search thesaurus reads it).
func (g *Glossary) Expansions() map[string]string {
	m := map[string]string{}
	for _, t := range g.Terms {
		m[t.Acronym] = t.Expansion
	}
	return m
}

// ParseGlossary reads "acronym<TAB>expansion<TAB>definition" lines; blank lines
// and lines starting with # are skipped. An error names the line.
func ParseGlossary(data string) (*Glossary, error) {
	var terms []Term
	seen := map[string]int{}
	for i, line := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		n := i + 1
		if len(f) != 3 {
			return nil, errs.E(errs.Invalid, "glossaire, ligne %d : 3 colonnes séparées par des tabulations attendues, %d trouvées", n, len(f))
		}
		t := Term{Acronym: strings.TrimSpace(f[0]), Expansion: strings.TrimSpace(f[1]), Definition: strings.TrimSpace(f[2])}
		if !validAcronym(t.Acronym) {
			return nil, errs.E(errs.Invalid, "glossaire, ligne %d : sigle %q invalide (2 à 30 lettres, chiffres, espaces ou tirets)", n, t.Acronym)
		}
		if t.Expansion == "" || t.Definition == "" {
			return nil, errs.E(errs.Invalid, "glossaire, ligne %d : développé ou définition vide", n)
		}
		if prev, ok := seen[t.Acronym]; ok {
			return nil, errs.E(errs.Invalid, "glossaire, ligne %d : sigle %s déjà défini ligne %d", n, t.Acronym, prev)
		}
		seen[t.Acronym] = n
		terms = append(terms, t)
	}
	return NewGlossary(terms), nil
}

// String is for logs.
func (t Term) String() string { return fmt.Sprintf("%s (%s)", t.Acronym, t.Expansion) }

// termRE is what a glossary entry may be: an acronym (DCE, DC4, DGFiP, Kbis) or
// a short name (Chorus Pro), 2 to 30 characters.
var termRE = regexp.MustCompile(`^[\p{L}0-9][\p{L}0-9 '’-]{1,29}$`)

func validAcronym(s string) bool { return termRE.MatchString(s) }
