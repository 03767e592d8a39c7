package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

var paris, _ = time.LoadLocation("Europe/Paris")

// sample is the figures of a small known week, built without a database.
func sample() Figures {
	p := Week(2026, 47, paris)
	h := time.Hour
	return Compute(Input{
		Period:      p,
		ByChannel:   map[string]int{"phone": 2, "email": 2, "web": 2},
		ByTopic:     map[string]int{"dce": 3, "allotissement": 1, "rejet": 1, "paiement": 1},
		ByWeek:      []Bucket{{Key: "2026-W47", Label: "S47 2026", N: 6, From: p.From, To: p.To}},
		WithCompany: 5, Local: 4, LocalTPE: 2,
		ByOutcome: map[string]int{"answered_by_cell": 1, "redirected_to_buyer": 1, "answered_by_service": 1, "off_topic": 1},
		Escalated: map[string]int{"travaux": 1, "fournitures_services": 1, "cellule": 6},
		Consultations: []Bucket{{Key: "2026-REG-014", Label: "Rénovation énergétique du lycée Ampère", N: 2},
			{Key: "=2026-REG-020", N: 1}},
		FirstResponses: []time.Duration{h, 4 * h, h / 2, 6*h + h/2},
		Resolutions:    []time.Duration{4 * h, 11 * h, 21 * h, h / 2},
		SLAFirstDue:    6, SLAFirstMet: 5, SLAResolutionDue: 3, SLAResolutionMet: 1, PastDueUnanswered: 1,
		SurveysSent: 3, SurveysAnswered: 2, Ratings: [5]int{1, 0, 0, 1, 1}, PhoneRatings: [5]int{0, 1, 0, 0, 0},
		Teams: []Label{{ID: "cellule", Name: "Cellule contact marchés publics", IsCell: true},
			{ID: "travaux", Name: "Travaux"}, {ID: "fournitures_services", Name: "Fournitures et services"}},
		Topics: []Label{{ID: "repondre", Name: "Répondre / candidature"}, {ID: "dce", Name: "DCE (documents de la consultation)"},
			{ID: "allotissement", Name: "Allotissement"}, {ID: "rejet", Name: "Rejet / non retenu"},
			{ID: "paiement", Name: "Paiement"}},
	})
}

func sampleDoc() Document {
	f := sample()
	return NewDocument(&f, "Cellule contact marchés publics — Région", time.Date(2026, 11, 23, 7, 0, 0, 0, paris))
}

func TestComputeShares(t *testing.T) {
	f := sample()
	for id, want := range map[string]string{"volume": "6", "share_local": "80,0\u00a0%", "share_tpe_local": "50,0\u00a0%",
		"handled_by_cell": "33,3\u00a0%", "off_topic": "25,0\u00a0%", "first_response_median": "1\u00a0h\u00a000",
		"first_response_p90": "6\u00a0h\u00a030", "resolution_median": "4\u00a0h\u00a000", "satisfaction_mean": "3,3\u00a0/\u00a05",
		"satisfaction_response_rate": "66,7\u00a0%", "satisfaction_phone_mean": "2,0\u00a0/\u00a05", "sla_resolution": "33,3\u00a0%"} {
		r, ok := f.Find(id, "")
		if !ok || r.Text() != want {
			t.Errorf("%s = %q, want %q", id, r.Text(), want)
		}
	}
	if r, _ := f.Find("escalated", "travaux"); r.Num != 1 || r.Den != 6 {
		t.Errorf("escalated to travaux: %d/%d", r.Num, r.Den)
	}
	if _, ok := f.Find("escalated", "cellule"); ok {
		t.Error("the cell counted as a service it escalates to")
	}
	if f.Topics[0].Key != "dce" || f.Topics[0].N != 3 {
		t.Errorf("topic ranking starts with %+v", f.Topics[0])
	}
	empty := Compute(Input{Period: f.Period})
	if r, _ := empty.Find("share_local", ""); r.Defined || r.Text() != "—" {
		t.Errorf("a share without denominator reads %q", r.Text())
	}
}

func TestPercentileNearestRank(t *testing.T) {
	h := time.Hour
	for _, c := range []struct {
		in   []time.Duration
		p    int
		want time.Duration
	}{
		{nil, 50, 0}, {[]time.Duration{h}, 90, h}, {[]time.Duration{1, 2, 3, 4}, 50, 2},
		{[]time.Duration{1, 2, 3, 4}, 90, 4}, {[]time.Duration{1, 2, 3, 4, 5}, 50, 3},
		{[]time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90, 9},
	} {
		if got := Percentile(c.in, c.p); got != c.want {
			t.Errorf("P%d%v = %v, want %v", c.p, c.in, got, c.want)
		}
	}
}

func TestPeriods(t *testing.T) {
	w, err := ParseWeek("2026-W47", paris)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.From.Format("2006-01-02 15:04 MST"); got != "2026-11-16 00:00 CET" {
		t.Errorf("week starts %s", got)
	}
	if w.Label() != "semaine 47 de 2026 (du 16 au 22 novembre 2026)" {
		t.Errorf("label %q", w.Label())
	}
	if prev := w.Previous(); prev.ISOWeek() != "2026-W46" {
		t.Errorf("previous %s", prev.ISOWeek())
	}
	if yb := w.YearBefore(); yb.ISOWeek() != "2025-W47" {
		t.Errorf("a year before %s", yb.ISOWeek())
	}
	// Week 53 exists in 2026 but not in 2025: a year before is 2025's last week.
	if yb := Week(2026, 53, paris).YearBefore(); yb.ISOWeek() != "2025-W52" {
		t.Errorf("a year before 2026-W53: %s", yb.ISOWeek())
	}
	// The spring DST change: the week still has seven days.
	dst := Week(2026, 13, paris)
	if dst.To.Sub(dst.From) != 7*24*time.Hour-time.Hour {
		t.Errorf("DST week lasts %v", dst.To.Sub(dst.From))
	}
	m := Month(2026, time.December, paris)
	if m.Previous().Label() != "novembre 2026" || m.YearBefore().Label() != "décembre 2025" {
		t.Errorf("month comparisons %q %q", m.Previous().Label(), m.YearBefore().Label())
	}
	if ws := m.Weeks(); len(ws) != 5 || ws[0].ISOWeek() != "2026-W49" || !ws[0].From.Equal(m.From) {
		t.Errorf("weeks of December: %d, first %s", len(ws), ws[0].ISOWeek())
	}
	for _, bad := range []string{"2026-47", "2026-W00", "2026-W54", "2025-W53", "W47", ""} {
		if _, err := ParseWeek(bad, paris); err == nil || !strings.Contains(err.Error(), "semaine") && !strings.Contains(err.Error(), "année") {
			t.Errorf("week %q: %v", bad, err)
		}
	}
	if _, err := Days("2026-11-20", "2026-11-10", paris); err == nil {
		t.Error("a period ending before it starts is accepted")
	}
	if c, err := Days("2026-11-03", "2026-11-14", paris); err != nil || c.Label() != "du 3 au 14 novembre 2026" ||
		c.Previous().Label() != "du 22 octobre au 2 novembre 2026" {
		t.Errorf("custom period: %v %q %q", err, c.Label(), c.Previous().Label())
	}
}

func TestFiguresCSVGolden(t *testing.T) {
	f := sample()
	var buf bytes.Buffer
	if err := WriteFiguresCSV(&buf, &f); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeffindicateur;clé;libellé;valeur;") {
		t.Errorf("no BOM or header: %q", out[:40])
	}
	for _, want := range []string{"share_local;;Entreprises locales;80,00;%;4;5;16/11/2026;22/11/2026\r\n",
		"first_response_p90;;Première réponse (9 sur 10);6,50;heures ouvrées;4;;", "consultations;'=2026-REG-020;;1;"} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
	golden(t, "figures.csv", buf.Bytes())
}

func TestReportHTMLGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, sampleDoc()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Rapport hebdomadaire — semaine 47 de 2026", `role="img"`,
		"(données du graphique)", "<td class=\"n\">80,0\u00a0%</td>", "Rénovation énergétique du lycée Ampère"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	golden(t, "report.html", buf.Bytes())
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./internal/report -update", name)
	}
}
