package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/tender"
)

// The catalog of these tests, as of the fixture's clock (24 November 2026, 9:00 UTC).
var (
	region = tender.Buyer{SIRET: "20005376700014", Name: "Région Auvergne-Rhône-Alpes", Kind: tender.Region,
		Email: "marches@auvergnerhonealpes.fr", Phone: "+33426734000", ProfileURL: "https://marches.auvergnerhonealpes.fr",
		QAURL: "https://marches.auvergnerhonealpes.fr/questions", Own: true}
	lyon    = tender.Buyer{SIRET: "21690123100011", Name: "Ville de Lyon", Kind: tender.Commune}
	hcl     = tender.Buyer{SIRET: "26690027400017", Name: "Hospices civils de Lyon", Kind: tender.Hospital}
	rhone   = tender.Buyer{Name: "Département du Rhône", Kind: tender.Departement} // no SIRET in its notice
	paris   = tender.Paris()
	catalog = []core.ConsultationRecord{
		{Buyer: region, Consultation: tender.Consultation{Reference: "2026-REG-014", Object: "Rénovation énergétique du lycée Ampère",
			Procedure: "Appel d'offres ouvert", ContractType: tender.Works, CPV: []string{"45453000-7", "45321000-3"},
			Lots: []tender.Lot{{Number: 1, Title: "Isolation", CPV: "45321000-3"},
				{Number: 2, Title: "Menuiseries extérieures", CPV: "45421000-4"}, {Number: 3, Title: "Chauffage", CPV: "45331000-6"}},
			PublishedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), Deadline: time.Date(2026, 12, 14, 12, 0, 0, 0, paris),
			Status: tender.Open, NoticeURL: "https://www.boamp.fr/avis/detail/26-123456", AmountCents: 125_000_000_00}},
		{Buyer: region, Consultation: tender.Consultation{Reference: "2026-REG-015", Object: "Fourniture de mobilier scolaire",
			Procedure: "Procédure adaptée", ContractType: tender.Supplies, CPV: []string{"39160000-1"},
			Deadline: time.Date(2026, 12, 3, 12, 0, 0, 0, paris), Status: tender.Open}},
		{Buyer: lyon, Consultation: tender.Consultation{Reference: "26-0042/LYON", Object: "Entretien des espaces verts",
			Procedure: "Procédure adaptée", ContractType: tender.Services, CPV: []string{"77310000-6"},
			Deadline: time.Date(2026, 11, 20, 12, 0, 0, 0, paris), Status: tender.Open}}, // past its deadline
		{Buyer: hcl, Consultation: tender.Consultation{Reference: "2026-CHU-007", Object: "Maintenance des équipements d'imagerie",
			Procedure: "Appel d'offres ouvert", ContractType: tender.Services, CPV: []string{"50421000-2"},
			Deadline: time.Date(2026, 10, 1, 12, 0, 0, 0, paris), Status: tender.Awarded, AmountCents: 480_000_00,
			WinnerSIRET: "73282932000074", WinnerName: "Imagerie Services"}},
		{Buyer: rhone, Consultation: tender.Consultation{Reference: "2027-DEP-003", Object: "Isolation 100 % biosourcée du collège Jean-Moulin",
			Procedure: "Appel d'offres restreint", ContractType: tender.Works, CPV: []string{"45321000-3"},
			Deadline: time.Date(2027, 3, 30, 12, 0, 0, 0, paris), Urgent: true, Status: tender.Open}}, // after summer time starts
	}
)

// importCatalog writes the catalog as an import does, and returns the buyers' ids
// by name.
func (f *fixture) importCatalog() map[string]float64 {
	f.t.Helper()
	batch := core.ImportBatch{Buyers: []tender.Buyer{region, lyon, hcl, rhone}, Consultations: catalog}
	if _, err := f.svc.Import(context.Background(), access.System(), batch); err != nil {
		f.t.Fatalf("import: %v", err)
	}
	var buyers struct{ Items []map[string]any }
	f.do(req{Method: "GET", Path: "/api/v1/buyers", As: access.Viewer}).decode(f.t, http.StatusOK, &buyers)
	ids := map[string]float64{}
	for _, b := range buyers.Items {
		ids[b["name"].(string)] = b["id"].(float64)
	}
	return ids
}

// pick runs the picker and returns the references found, sorted (the order is
// the store's: nearest deadline first within a status).
func (f *fixture) pick(query string) []string {
	f.t.Helper()
	var out struct{ Items []map[string]any }
	f.do(req{Method: "GET", Path: "/api/v1/consultations?" + query, As: access.Viewer}).decode(f.t, http.StatusOK, &out)
	refs := []string{}
	for _, it := range out.Items {
		refs = append(refs, it["reference"].(string))
	}
	slices.Sort(refs)
	return refs
}

func TestConsultationPicker(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ids := f.importCatalog()
		q := func(words string) string { return "q=" + url.QueryEscape(words) }
		cases := []struct {
			query string
			want  []string
		}{
			{"", []string{"2026-CHU-007", "2026-REG-014", "2026-REG-015", "2027-DEP-003", "26-0042/LYON"}},
			{q("2026-REG"), []string{"2026-REG-014", "2026-REG-015"}}, // reference prefix
			{q("26-0042/lyon"), []string{"26-0042/LYON"}},             // a reference with a slash
			{q("renovation energetique"), []string{"2026-REG-014"}},   // object words without accents
			{q("LYCÉE  Ampère"), []string{"2026-REG-014"}},            // case and accents ignored
			{q("ampere renovation"), []string{"2026-REG-014"}},        // any order
			{q("lycee zinc"), []string{}},                             // every word must match
			{q("hospices civils"), []string{"2026-CHU-007"}},          // buyer name
			{q("region auvergne"), []string{"2026-REG-014", "2026-REG-015"}},
			{q("departement rhone isolation"), []string{"2027-DEP-003"}}, // buyer and object together
			{q("45453000"), []string{"2026-REG-014"}},                    // CPV without check digit
			{q("77310000-6"), []string{"26-0042/LYON"}},                  // CPV with it
			{q("45321000"), []string{"2026-REG-014", "2027-DEP-003"}},    // a second CPV counts too
			{"open=true", []string{"2026-REG-014", "2026-REG-015", "2027-DEP-003"}},
			{"open=false", []string{"2026-CHU-007", "2026-REG-014", "2026-REG-015", "2027-DEP-003", "26-0042/LYON"}},
			{"open=true&" + q("lyon"), []string{}}, // one past its deadline, one awarded
			{"buyer=" + ftoa(ids[region.Name]), []string{"2026-REG-014", "2026-REG-015"}},
			{"buyer=" + ftoa(ids[region.Name]) + "&open=true&" + q("mobilier"), []string{"2026-REG-015"}},
			// SQL and LIKE metacharacters are text: they find what holds them, and break nothing.
			{q("%"), []string{"2027-DEP-003"}},
			{q("100 %"), []string{"2027-DEP-003"}},
			{q("_"), []string{}},
			{q("'"), []string{"2026-CHU-007"}},
			{q("d'imagerie"), []string{"2026-CHU-007"}},
			{q(`\`), []string{}},
			{q(`%' OR 1=1 --`), []string{}},
			{q(`\%`), []string{}},
		}
		for _, c := range cases {
			if got := f.pick(c.query); !slices.Equal(got, c.want) {
				t.Errorf("?%s = %v, want %v", c.query, got, c.want)
			}
		}
		if got := f.pick("limit=2"); len(got) != 2 {
			t.Errorf("?limit=2 gave %d choices", len(got))
		}
	})
}

func TestConsultationPickerItem(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ids := f.importCatalog()
		var out struct{ Items []map[string]any }
		f.do(req{Method: "GET", Path: "/api/v1/consultations?q=2026-REG-014", As: access.Viewer}).decode(t, http.StatusOK, &out)
		if len(out.Items) != 1 {
			t.Fatalf("items: %v", out.Items)
		}
		same(t, out.Items[0], map[string]any{
			"reference": "2026-REG-014", "object": "Rénovation énergétique du lycée Ampère",
			"buyer":     map[string]any{"id": ids[region.Name], "name": region.Name, "siret": region.SIRET},
			"procedure": "Appel d'offres ouvert", "contract_type": "travaux", "cpv": []string{"45453000-7", "45321000-3"},
			"status": "open", "deadline": "2026-12-14T11:00:00Z", "deadline_paris": "lundi 14 décembre 2026 à 12 h 00",
			"urgent": false, "service": "travaux", "notice_url": "https://www.boamp.fr/avis/detail/26-123456",
			"lots_count": 3,
		})
		// Stored as open, past its deadline: closed now.
		f.do(req{Method: "GET", Path: "/api/v1/consultations?q=lyon+espaces", As: access.Viewer}).decode(t, http.StatusOK, &out)
		if len(out.Items) != 1 || out.Items[0]["status"] != "closed" || out.Items[0]["urgent"] != false {
			t.Fatalf("a consultation past its deadline: %v", out.Items)
		}
		// The clock moves past the furniture's deadline: it closes, for the status and for open=true.
		f.advance(10 * 24 * time.Hour)
		f.do(req{Method: "GET", Path: "/api/v1/consultations?q=mobilier", As: access.Viewer}).decode(t, http.StatusOK, &out)
		if len(out.Items) != 1 || out.Items[0]["status"] != "closed" {
			t.Fatalf("after its deadline: %v", out.Items)
		}
		if got := f.pick("open=true"); !slices.Equal(got, []string{"2026-REG-014", "2027-DEP-003"}) {
			t.Fatalf("open=true after the clock moved: %v", got)
		}
	})
}

func TestConsultationPage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ids := f.importCatalog()
		for range 21 {
			f.create(webRequest(), access.Agent) // about 2026-REG-014
		}
		f.create(with(map[string]any{"consultation_ref": "2026-REG-015"}), access.Agent)
		reg014 := f.consultation("2026-REG-014")
		same(t, reg014, map[string]any{
			"reference": "2026-REG-014", "status": "open", "lots_count": 3,
			"lots": []any{map[string]any{"number": 1, "title": "Isolation", "cpv": "45321000-3"},
				map[string]any{"number": 2, "title": "Menuiseries extérieures", "cpv": "45421000-4"},
				map[string]any{"number": 3, "title": "Chauffage", "cpv": "45331000-6"}},
			"buyer": map[string]any{"id": ids[region.Name], "name": region.Name, "siret": region.SIRET, "kind": "region",
				"email": region.Email, "phone": region.Phone, "profile_url": region.ProfileURL, "qa_url": region.QAURL, "own": true},
			"amount_cents": 125_000_000_00, "winner": nil, "published_at": "2026-11-02T09:00:00Z",
			"deadline": "2026-12-14T11:00:00Z", "last_day_to_answer": "2026-12-08T11:00:00Z", // DLRO − 6 days
			"last_day_to_answer_paris": "mardi 8 décembre 2026 à 12 h 00", "answer_rule": "R2132-6 : 6 jours avant la DLRO",
		})
		requests := reg014["requests"].([]any)
		for _, r := range requests {
			if r.(map[string]any)["consultation_ref"] != "2026-REG-014" {
				t.Fatalf("a request about another consultation: %v", r)
			}
		}
		if len(requests) != 20 || reg014["requests_next_cursor"] == nil {
			t.Fatalf("%d requests, next cursor %v", len(requests), reg014["requests_next_cursor"])
		}
		var rest struct{ Items []map[string]any }
		f.do(req{Method: "GET", Path: "/api/v1/tickets?consultation=2026-REG-014&cursor=" + reg014["requests_next_cursor"].(string),
			As: access.Viewer}).decode(t, http.StatusOK, &rest)
		if len(rest.Items) != 1 {
			t.Fatalf("the rest of the requests: %d", len(rest.Items))
		}
		same(t, f.consultation("2026-REG-015"), map[string]any{"lots": []any{}, "lots_count": 0, "last_day_to_answer": nil,
			"last_day_to_answer_paris": nil, "answer_rule": "MAPA : pas de délai fixe, un délai suffisant",
			"amount_cents": nil, "published_at": nil, "requests_next_cursor": nil})
		if reqs := f.consultation("2026-REG-015")["requests"].([]any); len(reqs) != 1 {
			t.Fatalf("requests about 2026-REG-015: %v", reqs)
		}
		// Urgent, and summer time starts in between: the same wall-clock time in Paris, an hour later in UTC.
		same(t, f.consultation("2027-DEP-003"), map[string]any{"deadline": "2027-03-30T10:00:00Z",
			"last_day_to_answer": "2027-03-26T11:00:00Z", "last_day_to_answer_paris": "vendredi 26 mars 2027 à 12 h 00",
			"answer_rule": "R2132-6 : 4 jours avant la DLRO (urgence)", "urgent": true,
			"buyer": map[string]any{"id": ids[rhone.Name], "name": rhone.Name, "siret": nil, "kind": "departement",
				"email": nil, "phone": nil, "profile_url": nil, "qa_url": nil, "own": false}})
		same(t, f.consultation("2026-CHU-007"), map[string]any{"status": "awarded", "amount_cents": 480_000_00,
			"winner": map[string]any{"siret": "73282932000074", "name": "Imagerie Services"}, "requests": []any{}})
		same(t, f.consultation("26-0042/LYON"), map[string]any{"reference": "26-0042/LYON", "status": "closed"})
	})
}

// consultation reads the page of a consultation, its reference escaped.
func (f *fixture) consultation(ref string) map[string]any {
	f.t.Helper()
	var out map[string]any
	f.do(req{Method: "GET", Path: "/api/v1/consultations/" + url.PathEscape(ref), As: access.Viewer}).decode(f.t, http.StatusOK, &out)
	return out
}

func TestConsultationRefusals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.importCatalog()
		for _, path := range []string{"/api/v1/consultations/2026-REG-999", "/api/v1/consultations/26-0042/LYON",
			"/api/v1/consultations/" + url.PathEscape(" "), "/api/v1/consultations/"} {
			if p := f.do(req{Method: "GET", Path: path, As: access.Viewer}).problem(t, http.StatusNotFound); p.Detail == "" {
				t.Errorf("%s: %+v", path, p)
			}
		}
		cases := []struct{ path, fields string }{
			{"/api/v1/consultations?limit=0", "limit"},
			{"/api/v1/consultations?limit=51", "limit"},
			{"/api/v1/consultations?limit=abc", "limit"},
			{"/api/v1/consultations?open=maybe", "open"},
			{"/api/v1/consultations?open=1", "open"},
			{"/api/v1/consultations?buyer=abc", "buyer"},
			{"/api/v1/consultations?buyer=0", "buyer"},
			{"/api/v1/consultations?status=open", "status"},
			{"/api/v1/consultations?cursor=x", "cursor"}, // a picker has no pages
			{"/api/v1/consultations?q=" + strings.Repeat("a", 201), "q"},
			{"/api/v1/consultations?limit=0&open=maybe&buyer=x", "buyer,limit,open"},
			{"/api/v1/consultations/2026-REG-014?lots=1", "lots"},
		}
		for _, c := range cases {
			p := f.do(req{Method: "GET", Path: c.path, As: access.Viewer}).problem(t, http.StatusUnprocessableEntity)
			var named []string
			for _, e := range p.Errors {
				named = append(named, e.Field)
			}
			if slices.Sort(named); strings.Join(named, ",") != c.fields {
				t.Errorf("%s: errors on %v, want %s", c.path, named, c.fields)
			}
		}
		f.do(req{Method: "GET", Path: "/api/v1/consultations"}).problem(t, http.StatusUnauthorized)
	})
}

// same checks the listed keys of a JSON object; want is written with Go values
// and compared as JSON would decode them.
func same(t *testing.T, got map[string]any, want map[string]any) {
	t.Helper()
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var norm map[string]any
	json.Unmarshal(b, &norm)
	for k, v := range norm {
		if g, ok := got[k]; !ok || !reflect.DeepEqual(g, v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
}

func ftoa(id float64) string { return strconv.FormatInt(int64(id), 10) }
