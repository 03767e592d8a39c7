package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
)

func TestCompanies(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		r := f.do(req{Method: "POST", Path: "/api/v1/companies", As: access.Agent,
			Body: map[string]any{"siret": "443.061.841-00047", "name": "Menuiserie Dupont", "commune_code": "69123", "size": "TPE"}})
		var c map[string]any
		r.decode(t, http.StatusCreated, &c)
		if r.Header.Get("Location") != "/api/v1/companies/44306184100047" || c["siret"] != "44306184100047" ||
			c["departement"] != "69" || c["local"] != true || c["size"] != "tpe" || c["naf"] != nil {
			t.Fatalf("created %v at %s", c, r.Header.Get("Location"))
		}
		var found map[string]any
		f.do(req{Method: "GET", Path: "/api/v1/companies/" + url.PathEscape("443 061 841 00047"), As: access.Viewer}).
			decode(t, http.StatusOK, &found)
		if found["id"] != c["id"] || found["name"] != "Menuiserie Dupont" {
			t.Fatalf("lookup by SIRET typed with spaces: %v", found)
		}
		f.do(req{Method: "POST", Path: "/api/v1/companies", As: access.Agent,
			Body: map[string]any{"siret": "44306184100047", "name": "Doublon"}}).problem(t, http.StatusConflict)
		if p := f.do(req{Method: "GET", Path: "/api/v1/companies/443", As: access.Agent}).problem(t, 422); p.field("siret") == "" {
			t.Fatalf("malformed SIRET: %+v", p)
		}
		f.do(req{Method: "GET", Path: "/api/v1/companies/73282932000074", As: access.Agent}).problem(t, http.StatusNotFound)
	})
}

func TestCompanyPages(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var c map[string]any
		f.do(req{Method: "POST", Path: "/api/v1/companies", As: access.Agent,
			Body: map[string]any{"siret": "44306184100047", "name": "Menuiserie Dupont"}}).decode(t, http.StatusCreated, &c)
		for _, siret := range []string{"73282932000074", "35600000000048", "55210055400013"} {
			f.do(req{Method: "POST", Path: "/api/v1/companies", As: access.Agent,
				Body: map[string]any{"siret": siret, "name": "Entreprise " + siret}}).decode(t, http.StatusCreated, &c)
		}
		var names []string
		cursor := ""
		for range 5 {
			var page struct {
				Items      []map[string]any
				NextCursor *string `json:"next_cursor"`
			}
			f.do(req{Method: "GET", Path: "/api/v1/companies?q=entreprise&limit=2" + cursor, As: access.Viewer}).decode(t, http.StatusOK, &page)
			for _, it := range page.Items {
				names = append(names, it["name"].(string))
			}
			if page.NextCursor == nil {
				break
			}
			cursor = "&cursor=" + *page.NextCursor
		}
		if strings.Join(names, ",") != "Entreprise 73282932000074,Entreprise 35600000000048,Entreprise 55210055400013" {
			t.Fatalf("pages of ?q=entreprise: %v", names)
		}
		if p := f.do(req{Method: "GET", Path: "/api/v1/companies?cursor=bm9wZQ", As: access.Viewer}).problem(t, 422); p.field("cursor") == "" {
			t.Fatalf("a ticket cursor on companies: %+v", p)
		}
	})
}

func TestTeamsAndTopics(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var teams, topics struct{ Items []map[string]any }
		f.do(req{Method: "GET", Path: "/api/v1/teams", As: access.Viewer}).decode(t, http.StatusOK, &teams)
		f.do(req{Method: "GET", Path: "/api/v1/topics", As: access.Viewer}).decode(t, http.StatusOK, &topics)
		if len(teams.Items) != 5 || teams.Items[0]["id"] != "cellule" || teams.Items[0]["is_cell"] != true {
			t.Fatalf("teams: %v", teams.Items)
		}
		if len(topics.Items) != 10 || topics.Items[1]["id"] != "dce" || topics.Items[1]["label_fr"] == "" {
			t.Fatalf("topics: %v", topics.Items)
		}
	})
}

// TestSurfaceEdges covers what no resource owns: the public document, routes and
// methods that do not exist, request ids.
func TestSurfaceEdges(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		if r := f.do(req{Method: "GET", Path: "/api/v1/openapi.json"}); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"openapi": "3.0.3"`) {
			t.Fatalf("the OpenAPI document needs no token: %d", r.Status)
		}
		f.do(req{Method: "GET", Path: "/api/v1/tickets"}).problem(t, http.StatusUnauthorized)
		f.do(req{Method: "GET", Path: "/api/v1/nowhere", As: access.Agent}).problem(t, http.StatusNotFound)
		r := f.do(req{Method: "DELETE", Path: "/api/v1/tickets/1", As: access.Admin})
		if r.problem(t, http.StatusMethodNotAllowed); !strings.Contains(r.Header.Get("Allow"), "PATCH") {
			t.Fatalf("405 without Allow: %v", r.Header)
		}
		r = f.do(req{Method: "GET", Path: "/api/v1/teams", As: access.Viewer, Header: map[string]string{"X-Request-Id": "lb-42"}})
		if r.Header.Get("X-Request-Id") != "lb-42" {
			t.Fatalf("the request id of the proxy was not kept: %q", r.Header.Get("X-Request-Id"))
		}
		r = f.do(req{Method: "GET", Path: "/api/v1/teams?x=1", As: access.Viewer, Header: map[string]string{"X-Request-Id": "bad\nid"}})
		if id := r.problem(t, 422).RequestID; id == "bad\nid" || len(id) != 16 {
			t.Fatalf("a forged request id was kept: %q", id)
		}
	})
}

// TestInternalErrorsAreLoggedNotShown takes the database away: the client gets a
// plain message and a reference, the log gets the cause once, under that reference.
func TestInternalErrorsAreLoggedNotShown(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.closer.Close()
		p := f.do(req{Method: "GET", Path: "/api/v1/teams", Header: map[string]string{"Authorization": "Bearer gch_x"}}).
			problem(t, http.StatusInternalServerError)
		if !strings.Contains(p.Detail, p.RequestID) || strings.Contains(p.Detail, "sql") || strings.Contains(p.Detail, "store") {
			t.Fatalf("internal detail shown: %q", p.Detail)
		}
		logs := f.logs.String()
		if strings.Count(logs, p.RequestID) != 1 || !strings.Contains(logs, "store") {
			t.Fatalf("want the cause logged once under %s, got:\n%s", p.RequestID, logs)
		}
	})
}
