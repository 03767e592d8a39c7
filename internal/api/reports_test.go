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
