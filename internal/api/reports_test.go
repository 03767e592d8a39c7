package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
)

func TestWeeklyReport(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.create(webRequest(), access.Agent) // a request of this week (Tuesday 24 November 2026)
		for _, c := range []struct {
			path   string
			as     access.Role
			status int
			want   string
		}{
			{"/api/v1/reports/weekly?week=2026-W48", access.Supervisor, http.StatusOK, `"id":"volume","key":null,"label":"Demandes reçues","unit":"count","value":1`},
			{"/api/v1/reports/weekly?week=2026-W48&channel=phone", access.Viewer, http.StatusOK, `"id":"volume","key":null,"label":"Demandes reçues","unit":"count","value":0`},
			{"/api/v1/reports/weekly?from=2026-11-01&to=2026-11-30", access.Admin, http.StatusOK, `"kind":"custom","week":null,"from":"2026-11-01","to":"2026-11-30"`},
			{"/api/v1/reports/weekly", access.Supervisor, http.StatusOK, `"week":"2026-W47"`}, // the last complete week
			{"/api/v1/reports/weekly?week=2026-W48", access.Agent, http.StatusForbidden, ""},
			{"/api/v1/reports/weekly?week=2026-W48", "", http.StatusUnauthorized, ""},
			{"/api/v1/reports/weekly?week=2026-48", access.Supervisor, http.StatusUnprocessableEntity, `"field":"week"`},
			{"/api/v1/reports/weekly?from=2026-11-01", access.Supervisor, http.StatusUnprocessableEntity, `"field":"to"`},
			{"/api/v1/reports/weekly?week=2026-W48&team=nulle", access.Supervisor, http.StatusUnprocessableEntity, `"field":"team"`},
			{"/api/v1/reports/weekly?semaine=2026-W48", access.Supervisor, http.StatusUnprocessableEntity, `"field":"semaine"`},
		} {
			r := f.do(req{Method: "GET", Path: c.path, As: c.as})
			if r.Status != c.status || !strings.Contains(string(r.Body), c.want) {
				t.Errorf("%s as %q: %d %s", c.path, c.as, r.Status, r.Body)
			}
		}
		var out struct {
			Figures []struct{ ID, Help string }
		}
		r := f.do(req{Method: "GET", Path: "/api/v1/reports/weekly?week=2026-W48", As: access.Viewer})
		if err := json.Unmarshal(r.Body, &out); err != nil || len(out.Figures) < 30 {
			t.Fatalf("figures: %v %d", err, len(out.Figures))
		}
		for _, fig := range out.Figures {
			if fig.Help == "" {
				t.Errorf("%s has no explanation", fig.ID)
			}
		}
	})
}

// The ticket list filters by what a report figure counts: outcome and resolution
// date, first response, due time met or missed, rating; a bad value names its
// parameter.
func TestTicketListFigureFilters(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.create(webRequest(), access.Agent) // created now, neither answered nor resolved
		for _, c := range []struct {
			query string
			n     int
		}{
			{"created_from=2026-11-24", 1},
			{"created_from=2026-11-24&outcome=off_topic", 0},
			{"resolved_from=2026-11-01&resolved_to=2026-11-30", 0},
			{"answered_from=2026-11-01", 0},
			{"due=resolution&due_from=2026-11-24&sla=missed", 1},
			{"due=resolution&due_from=2026-11-24&sla=met", 0},
			{"past_due=2027-01-01", 1},
			{"past_due=2026-11-01", 0},
			{"rated=online&rating=5", 0},
			{"held_by=cellule", 1},
		} {
			r := f.do(req{Method: "GET", Path: "/api/v1/tickets?" + c.query, As: access.Supervisor})
			var out struct{ Items []json.RawMessage }
			if err := json.Unmarshal(r.Body, &out); r.Status != http.StatusOK || err != nil || len(out.Items) != c.n {
				t.Errorf("%s: %d, %d items, want %d: %s", c.query, r.Status, len(out.Items), c.n, r.Body)
			}
		}
		for q, field := range map[string]string{"sla=bof": "sla", "rating=0": "rating", "due=demain": "due",
			"outcome=perdu": "outcome", "resolved_from=hier": "resolved_from", "size=geante": "size",
			"rated_from=2026-11-20&rated_to=2026-11-01": "rated_to"} {
			r := f.do(req{Method: "GET", Path: "/api/v1/tickets?" + q, As: access.Supervisor})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"field":"`+field+`"`) {
				t.Errorf("%s: %d %s", q, r.Status, r.Body)
			}
		}
	})
}
