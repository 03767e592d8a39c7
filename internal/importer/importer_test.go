package importer_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/importer"
	"github.com/guichet/guichet/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// each runs fn on a seeded service per database.
func each(t *testing.T, fn func(t *testing.T, svc *core.Service)) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
			svc := core.New(core.Options{Store: b.Open(t), Now: func() time.Time { return now }})
			if err := svc.Seed(context.Background()); err != nil {
				t.Fatal(err)
			}
			fn(t, svc)
		})
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func run(t *testing.T, svc *core.Service, kind importer.Kind, data []byte, fp string, o importer.Options) (importer.Summary, error) {
	t.Helper()
	o.Core, o.Actor = svc, access.System()
	return importer.Run(context.Background(), o, kind, bytes.NewReader(data), fp)
}

func TestSireneImportIsIdempotent(t *testing.T) {
	data := readFile(t, "sirene/testdata/etablissements.csv")
	each(t, func(t *testing.T, svc *core.Service) {
		first, err := run(t, svc, importer.Sirene, data, "f1", importer.Options{})
		if err != nil || first.Created == 0 || first.Created+first.Rejected != first.Read {
			t.Fatalf("first run: %+v %v", first, err)
		}
		again, err := run(t, svc, importer.Sirene, data, "f1", importer.Options{Restart: true})
		if err != nil || again.Created+again.Updated != 0 || again.Unchanged != first.Created {
			t.Fatalf("second run changed something: %+v %v", again, err)
		}
		resumed, err := run(t, svc, importer.Sirene, data, "f1", importer.Options{})
		if err != nil || resumed.Skipped != first.Created || resumed.Created+resumed.Unchanged != 0 {
			t.Fatalf("a complete file imported again is skipped: %+v %v", resumed, err)
		}
	})
}

func TestSireneBrokenLinesAreReportedAndTheRestKept(t *testing.T) {
	data := readFile(t, "sirene/testdata/etablissements_lignes_cassees.csv")
	each(t, func(t *testing.T, svc *core.Service) {
		sum, err := run(t, svc, importer.Sirene, data, "", importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rejected == 0 || sum.Created == 0 || len(sum.Rejections) != sum.Rejected {
			t.Fatalf("summary %+v", sum)
		}
		for _, r := range sum.Rejections {
			if !strings.HasPrefix(r.Position, "ligne ") || r.Reason == "" {
				t.Errorf("rejection without position or reason: %+v", r)
			}
		}
	})
}

// failingReader gives n bytes, then fails as a cut network share would.
type failingReader struct {
	r io.Reader
	n int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("lecture interrompue")
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

func TestInterruptedImportResumesAfterItsLastBatch(t *testing.T) {
	data := readFile(t, "sirene/testdata/etablissements.csv")
	lines := strings.SplitAfter(string(data), "\n")
	cut := len(strings.Join(lines[:13], "")) // the header and 12 rows
	each(t, func(t *testing.T, svc *core.Service) {
		o := importer.Options{Core: svc, Actor: access.System(), BatchSize: 5}
		_, err := importer.Run(context.Background(), o, importer.Sirene, &failingReader{bytes.NewReader(data), cut}, "f2")
		if err == nil {
			t.Fatal("an interrupted read was not reported")
		}
		pos, _ := svc.ImportCheckpoint(context.Background(), "sirene:f2")
		if pos < 5 || pos > 12 {
			t.Fatalf("checkpoint %d after an interruption at row 12", pos)
		}
		sum, err := run(t, svc, importer.Sirene, data, "f2", importer.Options{BatchSize: 5})
		if err != nil || int64(sum.Skipped) != pos || sum.Read != len(lines)-2 {
			t.Fatalf("resumed run: %+v (checkpoint %d) %v", sum, pos, err)
		}
	})
}

func TestLegalUnitsNameTheirEstablishments(t *testing.T) {
	each(t, func(t *testing.T, svc *core.Service) {
		if _, err := run(t, svc, importer.Sirene, readFile(t, "sirene/testdata/etablissements.csv"), "", importer.Options{}); err != nil {
			t.Fatal(err)
		}
		sum, err := run(t, svc, importer.Sirene, readFile(t, "sirene/testdata/unites_legales.csv"), "", importer.Options{})
		if err != nil || sum.Updated == 0 {
			t.Fatalf("units: %+v %v", sum, err)
		}
	})
}

func TestUnknownKindAndMissingColumns(t *testing.T) {
	if _, err := importer.ParseKind("xml"); err == nil {
		t.Fatal("unknown kind accepted")
	}
	each(t, func(t *testing.T, svc *core.Service) {
		_, err := run(t, svc, importer.Sirene, []byte("nom,ville\nDupont,Lyon\n"), "", importer.Options{})
		if err == nil || !strings.Contains(err.Error(), "siren") {
			t.Fatalf("a file without the SIRENE columns: %v", err)
		}
	})
}

func TestBOAMPImport(t *testing.T) {
	page := readFile(t, "boamp/testdata/api_page.json")
	each(t, func(t *testing.T, svc *core.Service) {
		first, err := run(t, svc, importer.BOAMP, page, "b1", importer.Options{})
		if err != nil || first.Created == 0 {
			t.Fatalf("first: %+v %v", first, err)
		}
		again, err := run(t, svc, importer.BOAMP, page, "b1", importer.Options{Restart: true})
		if err != nil || again.Created+again.Updated != 0 {
			t.Fatalf("second run changed something: %+v %v", again, err)
		}
		list, err := svc.Consultations(context.Background(), access.System(), core.ConsultationQuery{})
		if err != nil || len(list) == 0 || list[0].Reference == "" || list[0].BuyerName == "" {
			t.Fatalf("consultations after import: %v %v", list, err)
		}
	})
}

func TestBOAMPBadRecordsAndTruncatedFile(t *testing.T) {
	each(t, func(t *testing.T, svc *core.Service) {
		sum, err := run(t, svc, importer.BOAMP, readFile(t, "boamp/testdata/bad_records.json"), "", importer.Options{})
		if err != nil || sum.Rejected == 0 || !strings.HasPrefix(sum.Rejections[0].Position, "enregistrement ") {
			t.Fatalf("bad records: %+v %v", sum, err)
		}
		sum, err = run(t, svc, importer.BOAMP, readFile(t, "boamp/testdata/truncated.json"), "", importer.Options{})
		if err == nil || sum.Created+sum.Unchanged != 1 || sum.Read != 1 {
			t.Fatalf("a truncated file must be reported, the complete records before the cut kept: %+v %v", sum, err)
		}
	})
}

func TestBuyersImport(t *testing.T) {
	good := readFile(t, "buyers/testdata/acheteurs_ara.csv")
	broken := readFile(t, "buyers/testdata/acheteurs_lignes_cassees.csv")
	each(t, func(t *testing.T, svc *core.Service) {
		sum, err := run(t, svc, importer.Buyers, good, "", importer.Options{})
		if err != nil || sum.Created == 0 || sum.Rejected != 0 {
			t.Fatalf("buyers: %+v %v", sum, err)
		}
		again, _ := run(t, svc, importer.Buyers, good, "", importer.Options{})
		if again.Created+again.Updated != 0 {
			t.Fatalf("second run changed something: %+v", again)
		}
		sum, err = run(t, svc, importer.Buyers, broken, "", importer.Options{})
		if err != nil || sum.Rejected == 0 || !strings.HasPrefix(sum.Rejections[0].Position, "ligne ") {
			t.Fatalf("broken buyers: %+v %v", sum, err)
		}
	})
}

func TestDECPImportLinksWinners(t *testing.T) {
	official := readFile(t, "decp/testdata/decp_v2_official-example_Marche__139bercy_format-commande-publique__exemples_json_Marche.json")
	anomalies := readFile(t, "decp/testdata/decp_v2_test-fixture_with-anomalies__ColinMaudry_decp-processing__tests_data_decp_test_2022.json")
	each(t, func(t *testing.T, svc *core.Service) {
		sum, err := run(t, svc, importer.DECP, official, "", importer.Options{})
		if err != nil || sum.Created != 1 {
			t.Fatalf("official example: %+v %v", sum, err)
		}
		c, b, err := svc.Consultation(context.Background(), access.System(), "decp:21750001630040:Exemple1")
		if err != nil || c.Status != "awarded" || c.WinnerSIRET != "55204599900869" || b == nil || b.SIRET != "21750001630040" {
			t.Fatalf("awarded contract %+v buyer %+v %v", c, b, err)
		}
		sum, err = run(t, svc, importer.DECP, anomalies, "", importer.Options{})
		if err != nil || sum.Read == 0 || sum.Created+sum.Rejected != sum.Read {
			t.Fatalf("anomalies: %+v %v", sum, err)
		}
	})
}

func TestBOAMPAwardMarksTheConsultationAwarded(t *testing.T) {
	data := readFile(t, "boamp/testdata/award_linked.json")
	each(t, func(t *testing.T, svc *core.Service) {
		if _, err := run(t, svc, importer.BOAMP, data, "", importer.Options{}); err != nil {
			t.Fatal(err)
		}
		c, _, err := svc.Consultation(context.Background(), access.System(), "26-50001")
		if err != nil || c.Status != "awarded" || c.WinnerName != "Propreté des Volcans SARL" || c.Deadline.IsZero() {
			t.Fatalf("consultation after its award notice: %+v %v", c, err)
		}
	})
}
