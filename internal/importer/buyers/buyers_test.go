package buyers

import (
	"errors"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/tender"
)

type result struct {
	rec Record
	err *RowError
}

func open(t *testing.T, name string) *Reader {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := NewReader(f)
	if err != nil {
		t.Fatalf("NewReader(%s): %v", name, err)
	}
	return r
}

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

func buyersOf(t *testing.T, name string) []Record {
	t.Helper()
	var out []Record
	for _, res := range readAll(t, open(t, name)) {
		if res.err != nil {
			t.Fatalf("%s: %v", name, res.err)
		}
		out = append(out, res.rec)
	}
	return out
}

func TestReadAuvergneRhoneAlpes(t *testing.T) {
	r := open(t, "acheteurs_ara.csv")
	recs := readAll(t, r)
	if len(recs) != 34 || r.Stats() != (Stats{Read: 34, Kept: 34}) || r.Warnings() != nil {
		t.Fatalf("%d records, %+v, warnings %q", len(recs), r.Stats(), r.Warnings())
	}
	count := map[tender.BuyerKind]int{}
	own := 0
	for i, res := range recs {
		b := res.rec.Buyer
		if res.err != nil || res.rec.Line != i+2 || len(res.rec.Warnings) > 0 {
			t.Errorf("row %d: %+v", i+2, res)
		}
		if !company.ValidSIRET(b.SIRET) || b.Name == "" {
			t.Errorf("line %d: SIRET %q, name %q", res.rec.Line, b.SIRET, b.Name)
		}
		if b.Phone != "" && !strings.HasPrefix(b.Phone, "+334") {
			t.Errorf("line %d: phone %q", res.rec.Line, b.Phone)
		}
		count[b.Kind]++
		if b.Own {
			own++
		}
	}
	want := map[tender.BuyerKind]int{tender.Region: 1, tender.Departement: 12, tender.Commune: 8,
		tender.Hospital: 6, tender.State: 3, tender.OtherBuyer: 4}
	if !reflect.DeepEqual(count, want) || own != 1 {
		t.Errorf("kinds %v, own %d; want %v, 1", count, own, want)
	}
	region := recs[0].rec.Buyer
	wantRegion := tender.Buyer{SIRET: "25781721300214", Name: "Région Auvergne-Rhône-Alpes", Kind: tender.Region,
		Email: "commande-publique@auvergnerhonealpes.fr", Phone: "+33463041221",
		ProfileURL: "https://marchespublics.auvergnerhonealpes.eu/",
		QAURL:      "https://marchespublics.auvergnerhonealpes.eu/sdm/ent2/gen/questions.action", Own: true}
	if region != wantRegion {
		t.Errorf("region:\n got %+v\nwant %+v", region, wantRegion)
	}
	if cantal := recs[4].rec.Buyer; cantal.SIRET != "24398165100561" || cantal.Email != "" || cantal.Phone != "" {
		t.Errorf("SIRET typed with spaces, no contact: %+v", cantal)
	}
}

// The spreadsheet export (BOM, ";", CRLF, headers with accents, English
// "Name", a blank last row) and its Latin-1 twin read like the plain file.
func TestSpreadsheetExports(t *testing.T) {
	want := buyersOf(t, "acheteurs_ara.csv")[:6]
	for _, name := range []string{"acheteurs_tableur.csv", "acheteurs_latin1.csv"} {
		got := buyersOf(t, name)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
		}
	}
	if w := open(t, "acheteurs_latin1.csv").Warnings(); len(w) != 1 || !strings.Contains(w[0], "Latin-1") {
		t.Errorf("Latin-1 warnings %q", w)
	}
}

func TestBrokenRows(t *testing.T) {
	r := open(t, "acheteurs_lignes_cassees.csv")
	if w := r.Warnings(); len(w) != 1 || w[0] != "colonne(s) inconnue(s), ignorée(s) : « adresse », « commentaire »" {
		t.Errorf("header warnings %q", w)
	}
	want := []string{
		"ok 2",
		"ligne 3, colonne siret (« 26951113500198 ») : SIRET invalide : la clé de contrôle ne correspond pas",
		"ligne 4, colonne nom : nom de l'acheteur absent",
		"ligne 5, colonne type (« syndicat mixte ») : type inconnu ; valeurs admises : region, departement",
		"ligne 6, colonne email (« marches@isere ») : adresse e-mail invalide : le domaine « isere » doit contenir un point",
		"ligne 7, colonne telephone (« 04 77 12 ») : numéro de téléphone invalide",
		"ligne 8, colonne profil_acheteur (« www.marches-publics.info/puy ») : adresse web incomplète : elle doit commencer par https://",
		"ligne 9, colonne questions_reponses (« ftp://rhone.fr/questions ») : seules les adresses http:// et https://",
		"ligne 10, colonne notre_organisation (« peut-être ») : valeurs admises : oui ou non",
		"ligne 11 : 5 champs au lieu des 10 de l'en-tête",
		"ligne 12, colonne siret (« 28714823300219 ») : acheteur déjà donné ligne 2",
		"warn 13 colonne siret : SIRET absent, l'acheteur sera rapproché par son nom",
		"ligne 14, colonne type : type absent",
		"ok 15",
	}
	got := readAll(t, r)
	if len(got) != len(want) {
		t.Fatalf("%d results; want %d", len(got), len(want))
	}
	for i, res := range got {
		switch w := want[i]; {
		case res.err != nil:
			if !strings.HasPrefix(res.err.Error(), w) {
				t.Errorf("got  %q\nwant %q", res.err, w)
			}
		case strings.HasPrefix(w, "ok "):
			if "ok "+strconv.Itoa(res.rec.Line) != w || res.rec.Warnings != nil {
				t.Errorf("got %+v; want %s", res.rec, w)
			}
		case strings.HasPrefix(w, "warn "):
			if len(res.rec.Warnings) != 1 || "warn "+strconv.Itoa(res.rec.Line)+" "+res.rec.Warnings[0] != w {
				t.Errorf("got %+v; want %s", res.rec, w)
			}
		default:
			t.Errorf("got record %+v; want %s", res.rec, w)
		}
	}
	if e := got[3].err; e == nil || e.SIRET != "23665763100024" || e.Column != "type" || e.Value != "syndicat mixte" {
		t.Errorf("row error fields: %+v", e)
	}
	if e := got[9].err; e == nil || e.SIRET != "27406254600461" || e.Column != "" {
		t.Errorf("short row: %+v", e)
	}
	if r.Stats() != (Stats{Read: 14, Kept: 3, Rejected: 11}) {
		t.Errorf("stats %+v", r.Stats())
	}
}

func TestHeaderErrors(t *testing.T) {
	tests := []struct {
		csv, msg string
		missing  []string
	}{
		{"", "le fichier est vide", nil},
		{"nom,email\n", "colonnes attendues", []string{"siret", "type"}},
		{"siret;nom;name;type\n", "la colonne nom apparaît deux fois (« name »)", nil},
		{"SIRET,Téléphone,Phone,Nom,Type\n", "la colonne telephone apparaît deux fois", nil},
	}
	for _, tt := range tests {
		_, err := NewReader(strings.NewReader(tt.csv))
		var he *HeaderError
		if !errors.As(err, &he) || !strings.Contains(err.Error(), tt.msg) || !reflect.DeepEqual(he.Missing, tt.missing) {
			t.Errorf("%q: %v", tt.csv, err)
		}
	}
	big := strings.NewReader("siret,nom,type\n" + strings.Repeat("x", maxFileBytes))
	if _, err := NewReader(big); err == nil || !strings.Contains(err.Error(), "16 Mo") {
		t.Errorf("huge file: %v", err)
	}
}

func TestParseKind(t *testing.T) {
	tests := map[string]tender.BuyerKind{
		"region": tender.Region, "Région": tender.Region, " REGION ": tender.Region,
		"departement": tender.Departement, "Département": tender.Departement, "department": tender.Departement,
		"commune": tender.Commune, "Ville": tender.Commune, "city": tender.Commune,
		"hopital": tender.Hospital, "hôpital": tender.Hospital, "Hospital": tender.Hospital, "CHU": tender.Hospital,
		"centre hospitalier": tender.Hospital,
		"etat":               tender.State, "État": tender.State, "state": tender.State, "service de l'État": tender.State,
		"autre": tender.OtherBuyer, "other": tender.OtherBuyer,
	}
	for in, want := range tests {
		if got, ok := ParseKind(in); !ok || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "syndicat", "régions", "EPCI"} {
		if got, ok := ParseKind(in); ok {
			t.Errorf("ParseKind(%q) = %q", in, got)
		}
	}
}

func TestParseURL(t *testing.T) {
	good := []string{"https://marchespublics.auvergnerhonealpes.eu/", "http://www.exemple.fr/marches?x=1", "HTTPS://EXEMPLE.FR"}
	for _, in := range good {
		if out, reason := parseURL(in); reason != "" || out != in {
			t.Errorf("parseURL(%q) = %q, %q", in, out, reason)
		}
	}
	bad := map[string]string{
		"www.exemple.fr":      "incomplète",
		"exemple.fr:8080/a":   "incomplète",
		"/marches":            "incomplète",
		"ftp://exemple.fr":    "http:// et https://",
		"mailto:a@exemple.fr": "incomplète",
		"https://":            "sans nom de domaine",
		"https:///chemin":     "sans nom de domaine",
		"https://:443/":       "sans nom de domaine",
		"https://exem ple.fr": "illisible",
		"javascript:alert(1)": "incomplète",
	}
	for in, want := range bad {
		if _, reason := parseURL(in); !strings.Contains(reason, want) {
			t.Errorf("parseURL(%q) reason %q; want %q", in, reason, want)
		}
	}
}

func TestParseBool(t *testing.T) {
	for in, want := range map[string]bool{"oui": true, "OUI": true, "Vrai": true, "true": true, "1": true, "x": true,
		"": false, "non": false, "NON": false, "faux": false, "false": false, "0": false} {
		if got, ok := parseBool(in); !ok || got != want {
			t.Errorf("parseBool(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := parseBool("peut-être"); ok {
		t.Error("parseBool(peut-être) ok")
	}
}
