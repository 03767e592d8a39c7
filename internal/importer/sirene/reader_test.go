package sirene

import (
	"errors"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/company"
)

var ara = company.DefaultTerritory().Departements

// result is what one call to Next gave.
type result struct {
	rec Record
	err *RowError
}

// readAll drains a reader, failing on anything but records, row errors and EOF.
func readAll(t *testing.T, r *Reader) []result {
	t.Helper()
	var out []result
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return out
		}
		var rowErr *RowError
		if err != nil && !errors.As(err, &rowErr) {
			t.Fatalf("Next: %v", err)
		}
		out = append(out, result{rec, rowErr})
	}
}

func openFixture(t *testing.T, name string, o Options) *Reader {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := NewReader(f, o)
	if err != nil {
		t.Fatalf("NewReader(%s): %v", name, err)
	}
	return r
}

func records(t *testing.T, name string, o Options) ([]Record, Stats) {
	t.Helper()
	r := openFixture(t, name, o)
	var out []Record
	for _, res := range readAll(t, r) {
		if res.err != nil {
			t.Fatalf("%s: unexpected %v", name, res.err)
		}
		out = append(out, res.rec)
	}
	return out, r.Stats()
}

func TestReadEstablishments(t *testing.T) {
	recs, stats := records(t, "etablissements.csv", Options{})
	if len(recs) != 21 || stats != (Stats{Read: 21, Kept: 21}) {
		t.Fatalf("got %d records, %+v", len(recs), stats)
	}
	bySIRET := map[string]Record{}
	for i, r := range recs {
		if r.Line != i+2 {
			t.Errorf("record %d: Line = %d; want %d", i, r.Line, i+2)
		}
		if !r.SIRETValid || r.SIREN != r.SIRET[:9] {
			t.Errorf("line %d: SIRET %q valid=%v SIREN %q", r.Line, r.SIRET, r.SIRETValid, r.SIREN)
		}
		bySIRET[r.SIRET] = r
	}
	want := []Record{
		{Line: 3, SIRET: "74318705600010", SIREN: "743187056", Name: "BOULANGERIE MARTIN, PERE ET FILS",
			Size: company.TPE, NAF: "10.71C", CommuneCode: "69383", Departement: "69", PostalCode: "69003",
			Active: true, SIRETValid: true},
		{Line: 6, SIRET: "32247210100011", SIREN: "322472101", Name: "LE BISTROT SAVOYARD", // enseigne1
			Size: company.TPE, NAF: "56.10A", CommuneCode: "73065", Departement: "73", PostalCode: "73000",
			Active: true, SIRETValid: true},
		{Line: 11, SIRET: "67600542400012", SIREN: "676005424", Name: "ATELIER ARDECHOIS DE CERAMIQUE",
			Size: company.TPE, NAF: "23.41Z", CommuneCode: "07186", Departement: "07", PostalCode: "07000",
			Active: false, SIRETValid: true},
		{Line: 17, SIRET: "49140294700015", SIREN: "491402947", Name: "CORSE MAINTENANCE INDUSTRIELLE",
			Size: company.TPE, NAF: "33.12Z", CommuneCode: "2A004", Departement: "2A", PostalCode: "20090",
			Active: true, SIRETValid: true},
		{Line: 21, SIRET: "35600000000407", SIREN: "356000000", Name: "BUREAU DE POSTE LYON SAXE",
			Size: company.PME, NAF: "53.10Z", CommuneCode: "69386", Departement: "69", PostalCode: "69006",
			Active: true, SIRETValid: true}, // La Poste: digit-sum rule
	}
	for _, w := range want {
		if got := bySIRET[w.SIRET]; !reflect.DeepEqual(got, w) {
			t.Errorf("SIRET %s:\n got %+v\nwant %+v", w.SIRET, got, w)
		}
	}
	if r := bySIRET["86862808200018"]; r.Departement != "974" {
		t.Errorf("Saint-Denis de La Réunion: Departement = %q", r.Departement)
	}
	if r := bySIRET["87275758800019"]; r.Size != company.ETI {
		t.Errorf("tranche 32 alone: Size = %q; want eti", r.Size)
	}
	if r := bySIRET["44550362600019"]; r.Name != "SOCIÉTÉ LYONNAISE DE NETTOYAGE" {
		t.Errorf("accents: Name = %q", r.Name)
	}
	abroad := bySIRET["38627230600013"]
	if abroad.Departement != "" || len(abroad.Warnings) != 1 || !strings.Contains(abroad.Warnings[0], "codeCommuneEtablissement") {
		t.Errorf("establishment abroad: %+v", abroad)
	}
}

// The same rows written with ";" and a BOM, in Latin-1, or with the columns
// shuffled read exactly the same.
func TestFileVariantsReadTheSame(t *testing.T) {
	want, _ := records(t, "etablissements.csv", Options{})
	for _, name := range []string{
		"etablissements_bom_pointvirgule.csv",
		"etablissements_latin1.csv",
		"etablissements_colonnes_melangees.csv",
	} {
		got, _ := records(t, name, Options{})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs from etablissements.csv", name)
			for i := range min(len(got), len(want)) {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf(" got %+v\nwant %+v", got[i], want[i])
					break
				}
			}
		}
	}
	latin1, _ := records(t, "etablissements_latin1.csv", Options{})
	if latin1[17].Name != "ŒUVRES SOCIALES DU DAUPHINÉ" {
		t.Errorf("Windows-1252 Œ: Name = %q", latin1[17].Name)
	}
}

func TestFilter(t *testing.T) {
	tests := []struct {
		name  string
		o     Options
		stats Stats
	}{
		{"région", Options{Departements: ara}, Stats{Read: 21, Kept: 16, Filtered: 5}},
		{"région, actifs", Options{Departements: ara, ActiveOnly: true}, Stats{Read: 21, Kept: 15, Filtered: 6}},
		{"actifs", Options{ActiveOnly: true}, Stats{Read: 21, Kept: 20, Filtered: 1}},
		{"Corse, minuscules", Options{Departements: []string{"2a", "2B"}}, Stats{Read: 21, Kept: 1, Filtered: 20}},
		{"outre-mer", Options{Departements: []string{"974"}}, Stats{Read: 21, Kept: 1, Filtered: 20}},
		{"Ain sans zéro", Options{Departements: []string{"1"}}, Stats{Read: 21, Kept: 1, Filtered: 20}},
	}
	for _, tt := range tests {
		recs, stats := records(t, "etablissements.csv", tt.o)
		if stats != tt.stats {
			t.Errorf("%s: stats %+v; want %+v", tt.name, stats, tt.stats)
		}
		set, _ := departementSet(tt.o.Departements)
		for _, r := range recs {
			if set != nil && !set[r.Departement] || tt.o.ActiveOnly && !r.Active {
				t.Errorf("%s: kept line %d (%s, active %v)", tt.name, r.Line, r.Departement, r.Active)
			}
		}
	}
}

func TestBrokenRows(t *testing.T) {
	tests := []struct {
		o     Options
		want  []string // per result: "ok", "warn:<text>", or "err:<text>", with the line
		stats Stats
	}{
		{Options{}, []string{
			"2 ok",
			"3 err:50 champs au lieu des 53",
			"4 warn:colonne siret : SIRET invalide : la clé de contrôle",
			"5 err:colonne siret : SIRET absent",
			"6 warn:code commune absent",
			"7 warn:colonne codeCommuneEtablissement : code commune invalide",
			"8 warn:2A ou 2B",
			"9 err:guillemet dans un champ",
			"10 ok",
			"11 ok",
			"12 err:guillemet mal placé ou jamais refermé",
		}, Stats{Read: 11, Kept: 7, Rejected: 4}},
		{Options{Departements: ara}, []string{
			"2 ok",
			"3 err:50 champs",
			"4 warn:SIRET invalide",
			"5 err:SIRET absent",
			"7 err:colonne codeCommuneEtablissement : code commune invalide",
			"9 err:guillemet",
			"10 ok",
			"11 ok",
			"12 err:guillemet",
		}, Stats{Read: 11, Kept: 4, Filtered: 2, Rejected: 5}},
	}
	for _, tt := range tests {
		r := openFixture(t, "etablissements_lignes_cassees.csv", tt.o)
		got := readAll(t, r)
		if len(got) != len(tt.want) {
			t.Fatalf("filter %v: %d results; want %d: %+v", tt.o.Departements, len(got), len(tt.want), got)
		}
		for i, res := range got {
			checkResult(t, res, tt.want[i])
		}
		if r.Stats() != tt.stats {
			t.Errorf("filter %v: stats %+v; want %+v", tt.o.Departements, r.Stats(), tt.stats)
		}
	}
}

// checkResult compares a result with "LINE ok|warn:TEXT|err:TEXT".
func checkResult(t *testing.T, res result, want string) {
	t.Helper()
	line, what, _ := strings.Cut(want, " ")
	kind, text, _ := strings.Cut(what, ":")
	switch {
	case res.err != nil:
		msg := res.err.Error()
		if kind != "err" || !strings.HasPrefix(msg, "ligne "+line+" ") || !strings.Contains(msg, text) {
			t.Errorf("want %q, got error %q", want, msg)
		}
	case kind == "err":
		t.Errorf("want %q, got record %+v", want, res.rec)
	case strconv.Itoa(res.rec.Line) != line:
		t.Errorf("want %q, got line %d", want, res.rec.Line)
	case kind == "ok" && len(res.rec.Warnings) > 0,
		kind == "warn" && (len(res.rec.Warnings) != 1 || !strings.Contains(res.rec.Warnings[0], text)):
		t.Errorf("want %q, got warnings %q", want, res.rec.Warnings)
	}
	if kind == "warn" && strings.Contains(text, "SIRET") && res.rec.SIRETValid {
		t.Errorf("line %s: bad SIRET kept as valid", line)
	}
}

func TestRowErrorMessage(t *testing.T) {
	r := openFixture(t, "etablissements_lignes_cassees.csv", Options{})
	r.Next()
	_, err := r.Next()
	want := "ligne 3 (SIRET 48206122300012) : 50 champs au lieu des 53 de l'en-tête"
	if err == nil || err.Error() != want {
		t.Errorf("got %v; want %q", err, want)
	}
}
