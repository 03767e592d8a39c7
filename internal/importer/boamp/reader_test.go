package boamp

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

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func lot(number int, title, cpv string) tender.Lot {
	return tender.Lot{Number: number, Title: title, CPV: cpv}
}

func paris(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, tender.Paris())
}

// The API page holds one notice of each body shape: legacy, eForms, French form.
func TestReaderAPIPage(t *testing.T) {
	recs, errs := readAll(t, open(t, "api_page.json"))
	if len(errs) != 0 || len(recs) != 3 {
		t.Fatalf("read %d records, errors %v; want 3 records", len(recs), errs)
	}
	want := []tender.Consultation{
		{
			Reference: "26-31458", Source: "boamp", BuyerName: "Région Auvergne-Rhône-Alpes", BuyerSIRET: "20005376700014",
			Object: "Lycée Ampère (Lyon) - restructuration de l'internat", Procedure: "Appel d'offres ouvert",
			ContractType: tender.Works, CPV: []string{"45214220-8", "45223220-4", "45311000-0"},
			Lots:        []tender.Lot{lot(1, "Gros oeuvre - démolition", "45223220-4"), lot(2, "Electricité courants forts et faibles", "45311000-0")},
			PublishedAt: paris(2026, 3, 10, 0, 0), Deadline: paris(2026, 4, 20, 12, 0), Status: tender.Open,
			NoticeURL:    "https://www.boamp.fr/pages/avis/?q=idweb:%2226-31458%22",
			Departements: []string{"69"}, Descriptors: []string{"Bâtiment (travaux)", "Electricité (travaux)"}, AmountCents: 245000000,
		},
		{
			Reference: "26-33871", Source: "boamp", BuyerName: "Ville de Lyon", BuyerSIRET: "21690123100011",
			Object: "Maintenance et évolution des applications métiers de la Ville de Lyon", Procedure: "Procédure ouverte",
			ContractType: tender.Services, CPV: []string{"72267000-4", "72262000-9"},
			Lots:        []tender.Lot{lot(1, "Tierce maintenance applicative", "72267000-4"), lot(2, "Développements web", "72262000-9")},
			PublishedAt: paris(2026, 3, 12, 0, 0), Deadline: paris(2026, 5, 4, 12, 0), Status: tender.Open,
			NoticeURL:    "https://www.boamp.fr/pages/avis/?q=idweb:%2226-33871%22",
			Departements: []string{"69"}, Descriptors: []string{"Informatique (prestations de services)"}, AmountCents: 180000000,
		},
		{
			Reference: "26-35102", Source: "boamp", BuyerName: "Commune de Villeurbanne",
			Object: "Fourniture de mobilier scolaire", Procedure: "Procédure adaptée ouverte",
			ContractType: tender.Supplies, CPV: []string{"39160000-1", "39122000-3"},
			Lots:        []tender.Lot{lot(1, "Tables et chaises", "39160000-1"), lot(2, "Rangements", "39122000-3")},
			PublishedAt: paris(2026, 3, 14, 0, 0), Deadline: paris(2026, 4, 2, 16, 0), Status: tender.Open,
			NoticeURL:    "https://www.boamp.fr/pages/avis/?q=idweb:%2226-35102%22",
			Departements: []string{"69"}, Descriptors: []string{"Mobilier"}, AmountCents: 9500000,
		},
	}
	buyers := []tender.Buyer{
		{SIRET: "20005376700014", Name: "Région Auvergne-Rhône-Alpes", Kind: tender.Region, Email: "commande.publique@auvergnerhonealpes.fr",
			Phone: "+33426734000", ProfileURL: "https://marchespublics.auvergnerhonealpes.eu"},
		{SIRET: "21690123100011", Name: "Ville de Lyon", Kind: tender.Commune, Email: "marches.publics@mairie-lyon.fr",
			Phone: "+33472103030", ProfileURL: "https://www.marches-publics.info/Annonces/lister"},
		{Name: "Commune de Villeurbanne", Kind: tender.Commune, Email: "commande.publique@mairie-villeurbanne.fr", Phone: "+33478036767"},
	}
	for i, rec := range recs {
		if rec.Index != i || rec.IDWeb != want[i].Reference || rec.Nature != "APPEL_OFFRE" || rec.Cancelled || len(rec.Warnings) != 0 {
			t.Errorf("record %d: index %d, idweb %q, nature %q, cancelled %v, warnings %q", i, rec.Index, rec.IDWeb, rec.Nature, rec.Cancelled, rec.Warnings)
		}
		assertConsultation(t, rec.Consultation, want[i])
		if !reflect.DeepEqual(rec.Buyer, buyers[i]) {
			t.Errorf("record %d buyer = %+v;\nwant %+v", i, rec.Buyer, buyers[i])
		}
	}
}

// assertConsultation compares with time.Equal, which DeepEqual cannot do.
func assertConsultation(t *testing.T, got, want tender.Consultation) {
	t.Helper()
	if !got.PublishedAt.Equal(want.PublishedAt) || !got.Deadline.Equal(want.Deadline) {
		t.Errorf("%s: published %v, deadline %v; want %v, %v", want.Reference, got.PublishedAt, got.Deadline, want.PublishedAt, want.Deadline)
	}
	got.PublishedAt, got.Deadline, want.PublishedAt, want.Deadline = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("consultation %s =\n%+v;\nwant\n%+v", want.Reference, got, want)
	}
}

// The export array: an award notice with its winner, a cancelled notice.
func TestReaderExportArray(t *testing.T) {
	recs, errs := readAll(t, open(t, "export.json"))
	if len(errs) != 0 || len(recs) != 2 {
		t.Fatalf("read %d records, errors %v; want 2 records", len(recs), errs)
	}
	award, cancel := recs[0], recs[1]
	c := award.Consultation
	if award.Nature != "ATTRIBUTION" || c.Status != tender.Awarded || c.WinnerName != "Jardins du Lyonnais SAS" ||
		c.WinnerSIRET != "44306184100047" || c.AmountCents != 18645000 || !c.Deadline.IsZero() || award.Cancelled {
		t.Errorf("award notice = %+v", award)
	}
	if !reflect.DeepEqual(c.CPV, []string{"77310000-6"}) || c.BuyerSIRET != "20005376700014" || award.Buyer.Kind != tender.Region {
		t.Errorf("award notice CPV %v, buyer %+v", c.CPV, award.Buyer)
	}
	if !cancel.Cancelled || cancel.Consultation.Status != tender.Cancelled || cancel.Nature != "RECTIFICATIF" ||
		!reflect.DeepEqual(cancel.Consultation.CPV, []string{"60130000-8"}) || cancel.Consultation.ContractType != tender.Services {
		t.Errorf("cancelled notice = %+v", cancel)
	}
}

// Every kind of bad record: each comes back with its warnings or as a
// *RecordError with its position, and the stream always goes on.
func TestReaderBadRecords(t *testing.T) {
	rd := NewReader(open(t, "bad_records.json"))
	steps := []struct {
		idweb    string   // a record with this idweb…
		warnings []string // …and warnings containing these, in order
		index    int      // or a *RecordError at this index…
		reason   string   // …with this reason
	}{
		{idweb: "26-31458"},
		{idweb: "26-50001", warnings: []string{"donnees n'est pas un document JSON lisible (fin de fichier inattendue"}},
		{idweb: "26-50002", warnings: []string{"date de parution : date invalide : « hier »", "date limite de réponse : date invalide : « 32/13/2026 25:00 »"}},
		{idweb: "26-50003", warnings: []string{
			"CPV de l'avis : clé de contrôle erronée dans 45112500-1, 45112500-0 retenu",
			"CPV du lot 1 : code CPV invalide : 8 chiffres attendus, 6 reçus (code ignoré)",
			"SIRET de l'acheteur : SIRET invalide : la clé de contrôle ne correspond pas (213 805 440 00012) (conservé tel quel)",
			"courriel de l'acheteur : adresse e-mail invalide",
			"téléphone de l'acheteur « standard » illisible (ignoré)",
		}},
		{index: 4, reason: "l'avis n'est pas un objet JSON mais un nombre"},
		{index: 5, reason: "idweb manquant"},
		{idweb: "26-50005", warnings: []string{"donnees n'est ni un document JSON ni un objet"}},
		{index: 7, reason: "l'avis n'est pas un objet JSON mais une chaîne"},
		{idweb: "26-33871"},
	}
	for i, st := range steps {
		rec, err := rd.Next()
		if st.reason != "" {
			var re *RecordError
			if !errors.As(err, &re) || re.Index != st.index || !strings.Contains(re.Reason, st.reason) {
				t.Errorf("step %d: Next() = %v; want *RecordError at index %d: %q", i, err, st.index, st.reason)
			}
			continue
		}
		if err != nil || rec.IDWeb != st.idweb || rec.Index != i || len(rec.Warnings) != len(st.warnings) {
			t.Errorf("step %d: Next() = %q (index %d), %v, warnings %q; want %q with %d warnings", i, rec.IDWeb, rec.Index, err, rec.Warnings, st.idweb, len(st.warnings))
			continue
		}
		for j, w := range st.warnings {
			if !strings.Contains(rec.Warnings[j], w) {
				t.Errorf("step %d warning %d = %q; want it to contain %q", i, j, rec.Warnings[j], w)
			}
		}
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Errorf("after the last record Next() = %v; want io.EOF", err)
	}
	// The record whose CPV check digit was wrong keeps the corrected code, the
	// SIRET that fails its check, and leaves out the bad lot CPV, e-mail and phone.
	f := open(t, "bad_records.json")
	recs, _ := readAll(t, f)
	bad := recs[3]
	if !reflect.DeepEqual(bad.Consultation.CPV, []string{"45112500-0"}) || bad.Buyer.SIRET != "21380544000012" ||
		bad.Buyer.Email != "" || bad.Buyer.Phone != "" || !reflect.DeepEqual(bad.Consultation.Lots, []tender.Lot{{Number: 1, Title: "Terrassement"}}) {
		t.Errorf("record with bad values = %+v, buyer %+v", bad.Consultation, bad.Buyer)
	}
	if !recs[2].Consultation.Deadline.IsZero() || !recs[2].Consultation.PublishedAt.IsZero() {
		t.Errorf("bad dates were not left empty: %+v", recs[2].Consultation)
	}
}

// A download cut in the middle of a record: the records before it are read,
// then a *SyntaxError at the end of the file, then io.EOF.
func TestReaderTruncated(t *testing.T) {
	data, err := os.ReadFile("testdata/truncated.json")
	if err != nil {
		t.Fatal(err)
	}
	rd := NewReader(strings.NewReader(string(data)))
	if rec, err := rd.Next(); err != nil || rec.IDWeb != "26-31458" {
		t.Fatalf("first record = %q, %v", rec.IDWeb, err)
	}
	_, err = rd.Next()
	var se *SyntaxError
	lines := strings.Split(string(data), "\n")
	wantLine, wantCol := len(lines), len([]rune(lines[len(lines)-1]))+1
	if !errors.As(err, &se) || se.Offset != int64(len(data)) || se.Line != wantLine || se.Column != wantCol || !strings.Contains(se.Msg, "tronqué") {
		t.Fatalf("Next() = %v (%+v); want *SyntaxError at offset %d, line %d, column %d", err, se, len(data), wantLine, wantCol)
	}
	if want := "fichier BOAMP illisible ligne 46, colonne 44 (octet 2789) : fin de fichier inattendue : le JSON est tronqué"; err.Error() != want {
		t.Errorf("message = %q; want %q", err, want)
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Errorf("after the syntax error Next() = %v; want io.EOF", err)
	}
}

// A reader error (a network drop) is returned as it is, wrapped, and ends the stream.
func TestReaderIOError(t *testing.T) {
	boom := errors.New("connexion interrompue")
	r := io.MultiReader(strings.NewReader(`[{"idweb": "26-1"}, `), errReader{boom})
	recs, errs := readAll(t, r)
	if len(recs) != 1 || len(errs) != 1 || !errors.Is(errs[0], boom) {
		t.Errorf("records %d, errors %v; want 1 record and the reader's error", len(recs), errs)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestAwardNoticeConcludesTheInitialNotice(t *testing.T) {
	f, err := os.Open("testdata/award_linked.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := NewReader(f)
	initial, err := r.Next()
	if err != nil || initial.Consultation.Reference != "26-50001" || initial.Consultation.Status != tender.Open {
		t.Fatalf("initial notice: %+v %v", initial.Consultation, err)
	}
	award, err := r.Next()
	if err != nil || award.IDWeb != "26-50777" || award.Consultation.Reference != "26-50001" ||
		award.Consultation.Status != tender.Awarded || award.Consultation.WinnerName == "" {
		t.Fatalf("award notice: %+v %v", award.Consultation, err)
	}
}
