package sirene

import (
	"reflect"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/company"
)

func TestLegalUnits(t *testing.T) {
	r := openFixture(t, "unites_legales.csv", Options{})
	if r.Kind() != LegalUnitFile {
		t.Fatalf("Kind = %v", r.Kind())
	}
	bySIREN := map[string]Record{}
	for _, res := range readAll(t, r) {
		if res.err != nil || res.rec.SIRET != "" || res.rec.SIRETValid || len(res.rec.Warnings) > 0 {
			t.Errorf("unexpected %+v", res)
		}
		bySIREN[res.rec.SIREN] = res.rec
	}
	tests := []struct {
		siren, name string
		size        company.Size
	}{
		{"356000000", "LA POSTE", company.GE},
		{"872757588", "CONSEIL ET STRATEGIE PUBLIQUE SAS", company.ETI},
		{"680625449", "MENUISERIE DU VERCORS SAS", company.TPE}, // PME with 6–9 staff
		{"898146634", "FROMAGERIE DU CANTAL SAS", company.PME},
		{"975592817", "CAMILLE FAVRE", company.TPE}, // entrepreneur individuel
	}
	for _, tt := range tests {
		if got := bySIREN[tt.siren]; got.Name != tt.name || got.Size != tt.size || !got.Active {
			t.Errorf("SIREN %s: %+v; want %s, %s", tt.siren, got, tt.name, tt.size)
		}
	}
	if r.Stats() != (Stats{Read: 21, Kept: 21}) {
		t.Errorf("stats %+v", r.Stats())
	}
	active := openFixture(t, "unites_legales.csv", Options{ActiveOnly: true})
	readAll(t, active)
	if active.Stats().Filtered != 1 {
		t.Errorf("ActiveOnly: stats %+v", active.Stats())
	}
}

// The two-pass import the package documentation describes.
func TestCombineEstablishmentsWithUnits(t *testing.T) {
	etabs, _ := records(t, "etablissements.csv", Options{Departements: ara})
	var set SIRENSet
	for _, e := range etabs {
		set.Add(e.SIREN)
	}
	units := map[string]Record{}
	all, _ := records(t, "unites_legales.csv", Options{})
	for _, u := range all {
		if set.Contains(u.SIREN) {
			units[u.SIREN] = u
		}
	}
	if len(units) != set.Len() || set.Len() != 15 {
		t.Fatalf("%d units for %d SIRENs", len(units), set.Len())
	}
	for _, e := range etabs {
		got := e.WithUnit(units[e.SIREN])
		if got.SIREN == "356000000" && (got.Name != "LA POSTE" || got.Size != company.GE) {
			t.Errorf("La Poste office: %+v", got)
		}
		if got.SIRET == "68062544900029" && (got.Name != "MENUISERIE DU VERCORS SAS" || got.Size != company.TPE) {
			t.Errorf("secondary establishment: %+v", got)
		}
	}
	e := etabs[0]
	if !reflect.DeepEqual(e.WithUnit(Record{SIREN: "999999999", Name: "AUTRE"}), e) {
		t.Error("WithUnit applied another SIREN's unit")
	}
}

func TestLegalUnitRowErrors(t *testing.T) {
	head := "siren,denominationUniteLegale,categorieEntreprise,trancheEffectifsUniteLegale,activitePrincipaleUniteLegale\n"
	r, err := NewReader(strings.NewReader(head+"443061841,ACME,PME\n,SANS SIREN,PME,01,62.01Z\n443061842,CLE FAUSSE,,,\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, r)
	want := []string{
		"ligne 2 (SIREN 443061841) : 3 champs au lieu des 5 de l'en-tête",
		"ligne 3 : colonne siren : SIREN absent",
	}
	for i, w := range want {
		if got[i].err == nil || got[i].err.Error() != w {
			t.Errorf("got %+v; want %q", got[i], w)
		}
	}
	if rec := got[2].rec; got[2].err != nil || rec.SIREN != "443061842" || len(rec.Warnings) != 1 ||
		!strings.Contains(rec.Warnings[0], "colonne siren : SIREN invalide") || rec.Size != company.SizeUnknown {
		t.Errorf("bad key kept with a warning: %+v", got[2])
	}
}
