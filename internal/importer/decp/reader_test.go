package decp

import (
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/tender"
)

const (
	officialExample = "decp_v2_official-example_Marche__139bercy_format-commande-publique__exemples_json_Marche.json"
	anomalies       = "decp_v2_test-fixture_with-anomalies__ColinMaudry_decp-processing__tests_data_decp_test_2022.json"
)

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// readAll reads a file to the end, collecting records and errors in order.
func readAll(t *testing.T, r io.Reader) ([]Record, []error) {
	t.Helper()
	rd := NewReader(r)
	var recs []Record
	var errs []error
	for i := 0; i < 10_000; i++ {
		rec, err := rd.Next()
		if err == io.EOF {
			if _, again := rd.Next(); again != io.EOF {
				t.Fatalf("Next after io.EOF = %v; want io.EOF again", again)
			}
			return recs, errs
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, rec)
	}
	t.Fatal("the reader never ended")
	return nil, nil
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, tender.Paris()) }

// assertRecord compares with time.Equal, which DeepEqual cannot do.
func assertRecord(t *testing.T, got, want Record) {
	t.Helper()
	if !got.NotifiedAt.Equal(want.NotifiedAt) {
		t.Errorf("%s: notified %v; want %v", want.ID, got.NotifiedAt, want.NotifiedAt)
	}
	for i := range min(len(got.Modifications), len(want.Modifications)) {
		if !got.Modifications[i].NotifiedAt.Equal(want.Modifications[i].NotifiedAt) {
			t.Errorf("%s modification %d: notified %v; want %v", want.ID, i, got.Modifications[i].NotifiedAt, want.Modifications[i].NotifiedAt)
		}
		got.Modifications[i].NotifiedAt, want.Modifications[i].NotifiedAt = time.Time{}, time.Time{}
	}
	got.NotifiedAt, want.NotifiedAt = time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("record %s =\n%+v;\nwant\n%+v", want.ID, got, want)
	}
}

// The official example of the schema: {"marches": {"marche": {…}}}, a single
// contract, flat titulaires.
func TestReadOfficialExample(t *testing.T) {
	recs, errs := readAll(t, open(t, officialExample))
	if len(errs) != 0 || len(recs) != 1 {
		t.Fatalf("read %d records, errors %v; want 1 record", len(recs), errs)
	}
	assertRecord(t, recs[0], Record{
		ID: "Exemple1", BuyerSIRET: "21750001630040", Nature: "Marché", Object: "exemple marche", CPV: "45000000-7",
		Procedure: "Appel d'offres ouvert", DurationMonths: 48, NotifiedAt: day(2024, 5, 15), AmountCents: 57500000,
		Winners: []Winner{{IDType: "SIRET", ID: "55204599900869"}},
	})
}

// The file of deliberate anomalies: every anomaly is a warning, no contract
// is lost, winners in the wrapped shape, a TVA winner kept as is.
func TestReadAnomalies(t *testing.T) {
	recs, errs := readAll(t, open(t, anomalies))
	if len(errs) != 0 || len(recs) != 5 {
		t.Fatalf("read %d records, errors %v; want 5 records", len(recs), errs)
	}
	want := []Record{
		{Index: 0, ID: "2022VI2022.242", BuyerSIRET: "21974022200019", Nature: "Marché", Object: "Eléctricité courant fort/courant faible lot no4",
			CPV: "45316110-9", Procedure: "Appel d'offres ouvert", NotifiedAt: day(2022, 11, 23), AmountCents: 13761400,
			Winners:       []Winner{{"SIRET", "34027049500021"}, {"TVA", "99999999999"}},
			Modifications: []Modification{{ID: "1", NotifiedAt: day(2023, 4, 24)}},
			Warnings:      []string{"dureeMois : « NC » n'est pas une durée en mois (ignorée)"}},
		{Index: 1, ID: "2020F00075", BuyerSIRET: "22130001500247", Nature: "Marché",
			Object: "Construction d'un stade d'athlétisme couvert, site de Chéops 87 à Limoges - mission de contrôle technique",
			CPV:    "71631300-3", Procedure: "Procédure adaptée", DurationMonths: 40, NotifiedAt: day(2020, 2, 6),
			Winners: []Winner{{"SIRET", "83415751300245"}},
			Modifications: []Modification{
				{ID: "1", NotifiedAt: day(2023, 6, 7), DurationMonths: 1, AmountCents: 100},
				{ID: "2", NotifiedAt: day(2025, 4, 1), DurationMonths: 1, AmountCents: 2254500},
				{ID: "3", NotifiedAt: day(2026, 4, 1), DurationMonths: 2, AmountCents: 2254000,
					Winners: []Winner{{"SIRET", "58211867500054"}, {"SIRET", "05650171100115"}, {"SIRET", "88359829400030"}}},
				{ID: "4", NotifiedAt: day(2027, 4, 1), DurationMonths: 100},
			},
			Warnings: []string{
				"montant invalide : 1e+17 € n'est pas vraisemblable (plus de 100 milliards) (ignoré)",
				"modification 1 : titulaire 1 mal formé (« titulaire » vaut typeIdentifiant) : ignoré",
				"modification 1 : titulaire 2 mal formé (« titulaire » vaut id) : ignoré",
			}},
		{Index: 2, ID: "202401L04", BuyerSIRET: "21030042200016", Nature: "Marché", Object: "Facades", CPV: "45214200-2",
			Procedure: "Procédure adaptée", DurationMonths: 17, NotifiedAt: day(2024, 2, 8), AmountCents: 12783512,
			Winners: []Winner{{"SIRET", "48794607100015"}},
			Modifications: []Modification{
				{ID: "1", NotifiedAt: day(2025, 4, 8), AmountCents: 12455746, Winners: []Winner{{"SIRET", "81223513300026"}, {"SIRET", "98756638100011"}}},
				{ID: "2", NotifiedAt: day(2025, 4, 9)},
			},
			Warnings: []string{
				"modification 1 : SIRET du titulaire 1 : SIRET invalide : la clé de contrôle ne correspond pas (812 235 133 00026) (conservé tel quel)",
				"modification 1 : SIRET du titulaire 2 : SIRET invalide : la clé de contrôle ne correspond pas (987 566 381 00011) (conservé tel quel)",
				"datePublicationDonnees (24/11/2003) antérieure à la notification (08/02/2024)",
				"marcheInnovant : « non » au lieu de true ou false",
			}},
	}
	for i, w := range want {
		assertRecord(t, recs[i], w)
	}
	lyon := recs[3]
	if lyon.ID != "2019K1209" || lyon.BuyerSIRET != "21690123100011" || lyon.CPV != "71000000-8" || len(lyon.Winners) != 10 ||
		lyon.AmountCents != 110500000 || len(lyon.Modifications) != 8 || lyon.Modifications[5].AmountCents != 121490000 || len(lyon.Warnings) != 2 {
		t.Errorf("Lyon contract = %+v", lyon)
	}
	if last := recs[4]; last.ID != "202207LOT03" || last.CPV != "45223220-4" || last.AmountCents != 4499625 || len(last.Warnings) != 0 {
		t.Errorf("last contract = %+v", last)
	}
}

// The consolidated shape: concessions skipped, bad contracts rejected with
// their position, flat and wrapped titulaires in one file.
func TestReadConsolidated(t *testing.T) {
	rd := NewReader(open(t, "consolidated.json"))
	first, err := rd.Next()
	if err != nil || first.ID != "2025-0412" || first.BuyerSIRET != "20005376700014" ||
		!reflect.DeepEqual(first.Winners, []Winner{{"SIRET", "73282932000074"}, {"TVA", "DE129273398"}}) || len(first.Warnings) != 0 {
		t.Errorf("first contract = %+v, %v", first, err)
	}
	for _, want := range []struct {
		index  int
		reason string
	}{{1, "n'est pas un objet JSON mais une chaîne"}, {2, "id manquant"}} {
		_, err := rd.Next()
		var re *RecordError
		if !errors.As(err, &re) || re.Index != want.index || !strings.Contains(re.Reason, want.reason) {
			t.Errorf("Next() = %v; want *RecordError at %d: %q", err, want.index, want.reason)
		}
	}
	bad, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	assertRecord(t, bad, Record{
		Index: 3, ID: "20250414", BuyerSIRET: "20005376700015", Nature: "Marché",
		Object: "Conseil en communication pour la campagne de recrutement des lycées", CPV: "79341000-6",
		Procedure: "Procédure adaptée", NotifiedAt: day(2025, 10, 2), AmountCents: 8450000,
		Winners:       []Winner{{"SIRET", "55204599900868"}, {"HORS-UE", "GB123456789"}, {"", "44306184100047"}},
		Modifications: []Modification{{ID: "1", NotifiedAt: day(2025, 12, 1), DurationMonths: 9, AmountCents: 9900000, Winners: []Winner{{"SIRET", "44306184100047"}}}},
		Warnings: []string{
			"SIRET de l'acheteur : SIRET invalide : la clé de contrôle ne correspond pas (200 053 767 00015) (conservé tel quel)",
			"codeCPV : clé de contrôle erronée dans 79341000-7, 79341000-6 retenu",
			"dureeMois : 6.5 n'est pas un nombre entier de mois (ignoré)",
			"SIRET du titulaire 1 : SIRET invalide : la clé de contrôle ne correspond pas (552 045 999 00868) (conservé tel quel)",
			"titulaire 3 sans identifiant : ignoré",
			"titulaire 4 (44306184100047) : typeIdentifiant manquant",
			"modification 2 mal formée (une chaîne) : ignorée",
		},
	})
	elec, err := rd.Next()
	if err != nil || elec.CPV != "09310000-5" || elec.AmountCents != 0 || !reflect.DeepEqual(elec.Warnings, []string{
		"codeCPV : « 9310000 » a perdu son zéro initial, 09310000-5 retenu",
		"montant invalide : un montant ne peut pas être négatif (ignoré)",
	}) {
		t.Errorf("electricity contract = %+v, %v", elec, err)
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Errorf("after the last contract Next() = %v; want io.EOF", err)
	}
}

func TestReadShapes(t *testing.T) {
	contract := `{"id": "A1", "acheteur": {"id": "20005376700014"}, "objet": "x", "codeCPV": "45000000-7", "dateNotification": "2025-01-02"}`
	tests := []struct {
		name, in string
		ids      []string
		msg      string // of the *SyntaxError that ends the file, "" for a clean end
	}{
		{"bare array", "[" + contract + "," + contract + "]", []string{"A1", "A1"}, ""},
		{"marches array", `{"marches": [` + contract + `]}`, []string{"A1"}, ""},
		{"marches.marche array", `{"marches": {"marche": [` + contract + `]}}`, []string{"A1"}, ""},
		{"marches.marche object", `{"marches": {"marche": ` + contract + `}}`, []string{"A1"}, ""},
		{"other keys first", `{"source": {"a": [1]}, "marches": {"contrat-concession": [{"id": "C"}], "marche": [` + contract + `]}}`, []string{"A1"}, ""},
		{"empty marche", `{"marches": {"marche": []}}`, nil, ""},
		{"empty file", "", nil, "le fichier est vide"},
		{"a string", `"marches"`, nil, "ne commence ni par [ ni par {"},
		{"no marches", `{"data": []}`, nil, "sans clé « marches »"},
		{"no marche", `{"marches": {"contrat-concession": []}}`, nil, "sans clé « marche »"},
		{"marches a number", `{"marches": 3}`, nil, "n'est ni un tableau ni un objet"},
		{"single contract cut after it", `{"marches": {"marche": ` + contract, []string{"A1"}, "tronqué"},
		{"single contract cut inside", `{"marches": {"marche": {"id": "A1", "objet": `, nil, "tronqué"},
		{"CSV, not JSON", "id;objet\nA1;x", nil, "caractère 'i' inattendu"},
	}
	for _, tt := range tests {
		recs, errs := readAll(t, strings.NewReader(tt.in))
		var ids []string
		for _, r := range recs {
			ids = append(ids, r.ID)
		}
		var se *SyntaxError
		switch {
		case !reflect.DeepEqual(ids, tt.ids):
			t.Errorf("%s: ids %v; want %v", tt.name, ids, tt.ids)
		case tt.msg == "" && len(errs) != 0:
			t.Errorf("%s: errors %v; want none", tt.name, errs)
		case tt.msg != "" && (len(errs) != 1 || !errors.As(errs[0], &se) || !strings.Contains(se.Msg, tt.msg)):
			t.Errorf("%s: errors %v; want one *SyntaxError %q", tt.name, errs, tt.msg)
		}
	}
}

// The anomalies file cut in its third contract: two contracts, then a
// *SyntaxError placed at the end of the file, then io.EOF.
func TestReadTruncated(t *testing.T) {
	data, err := os.ReadFile("testdata/" + anomalies)
	if err != nil {
		t.Fatal(err)
	}
	cut := data[:strings.Index(string(data), `"id": "202401L04"`)+40]
	recs, errs := readAll(t, strings.NewReader(string(cut)))
	lines := strings.Split(string(cut), "\n")
	var se *SyntaxError
	if len(recs) != 2 || len(errs) != 1 || !errors.As(errs[0], &se) || se.Offset != int64(len(cut)) ||
		se.Line != len(lines) || se.Column != len([]rune(lines[len(lines)-1]))+1 {
		t.Fatalf("records %d, errors %v (%+v); want 2 records and a *SyntaxError at the end", len(recs), errs, se)
	}
	if !strings.HasPrefix(se.Error(), "fichier DECP illisible ligne ") {
		t.Errorf("message %q", se)
	}
}

func TestReadSyntaxErrorPosition(t *testing.T) {
	in := "{\"marches\": {\"marche\": [\n  {\"id\": \"A1\"},\n  {\"id\": \"A2\", \"montant\": 12,5}\n]}}"
	recs, errs := readAll(t, strings.NewReader(in))
	var se *SyntaxError
	if len(recs) != 1 || len(errs) != 1 || !errors.As(errs[0], &se) || se.Line != 3 || se.Column != 30 || se.Offset != 70 ||
		!strings.Contains(se.Msg, "caractère '5' inattendu") {
		t.Errorf("records %d, errors %v (%+v); want 1 record, then a *SyntaxError line 3, column 30, offset 70", len(recs), errs, se)
	}
}

func TestErrorMessages(t *testing.T) {
	re := &RecordError{Index: 3, ID: "2024-17", Reason: "id manquant"}
	if want := "marché n° 4 du fichier (indice 3, id « 2024-17 ») rejeté : id manquant"; re.Error() != want {
		t.Errorf("RecordError = %q; want %q", re, want)
	}
}
