package demo

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/tender"
)

// TestKindsUseOfficialCPV checks every CPV code the demo may draw against the
// CPV 2008 list, and that some trade of the demo wins each kind of tender or
// at least the service it routes to has companies.
func TestKindsUseOfficialCPV(t *testing.T) {
	f, err := os.Open("../tender/testdata/cpv2008.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	official := map[string]bool{}
	for sc := bufio.NewScanner(f); sc.Scan(); {
		official[strings.TrimSpace(sc.Text())] = true
	}
	kinds := append([]tenderKind(nil), ownKinds...)
	for _, ks := range otherKinds {
		kinds = append(kinds, ks...)
	}
	routes := tender.DefaultServiceTable()
	for _, k := range kinds {
		codes := []string{k.cpv}
		for _, l := range k.lots {
			codes = append(codes, l.cpv)
		}
		for _, c := range codes {
			if len(c) != 8 || !official[cpvCode(c)] {
				t.Errorf("%q: CPV %s is not in the official list", k.object, c)
			}
		}
		fits, team := false, false
		for i := range trades {
			fits = fits || trades[i].fits(k.cpv)
			team = team || trades[i].team == routes.ServiceFor(k.cpv)
		}
		if !fits && !team {
			t.Errorf("%q: no trade wins it", k.object)
		}
	}
	for _, b := range buyerEntries {
		if _, ok := otherKinds[b.family]; !ok && b.family != "region" {
			t.Errorf("buyer %q: no tenders for family %q", b.name, b.family)
		}
	}
}

func TestTownElision(t *testing.T) {
	for _, c := range []struct{ tpl, town, want string }{
		{"Rénovation du collège de {ville}", "Lyon", "Rénovation du collège de Lyon"},
		{"Rénovation du collège de {ville}", "Annecy", "Rénovation du collège d'Annecy"},
		{"Rénovation du collège de {ville}", "Échirolles", "Rénovation du collège d'Échirolles"},
		{"Rénovation du collège de {ville}", "Le Puy-en-Velay", "Rénovation du collège du Puy-en-Velay"},
		{"Construction d'un gymnase à {ville}", "Le Puy-en-Velay", "Construction d'un gymnase au Puy-en-Velay"},
		{"Construction d'un gymnase à {ville}", "Aubenas", "Construction d'un gymnase à Aubenas"},
	} {
		if got := withTown(c.tpl, c.town); got != c.want {
			t.Errorf("withTown(%q, %q) = %q, want %q", c.tpl, c.town, got, c.want)
		}
	}
}
