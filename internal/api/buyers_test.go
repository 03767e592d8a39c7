package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/guichet/guichet/internal/access"
)

// buyers fetches every page of GET /buyers with a small limit and returns the
// names in order; it fails on a name shown twice.
func (f *fixture) buyers(q string, limit string) []string {
	f.t.Helper()
	names := []string{}
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		var page struct {
			Items      []map[string]any
			NextCursor *string `json:"next_cursor"`
		}
		path := "/api/v1/buyers?limit=" + limit + "&q=" + url.QueryEscape(q) + cursor
		f.do(req{Method: "GET", Path: path, As: access.Viewer}).decode(f.t, http.StatusOK, &page)
		for _, it := range page.Items {
			if n := it["name"].(string); slices.Contains(names, n) {
				f.t.Fatalf("%s shown twice", n)
			} else {
				names = append(names, n)
			}
		}
		if page.NextCursor == nil {
			break
		}
		cursor = "&cursor=" + *page.NextCursor
	}
	return names
}

func TestBuyers(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ids := f.importCatalog()
		all := []string{region.Name, lyon.Name, hcl.Name, rhone.Name} // by id: the import's order
		cases := []struct {
			q    string
			want []string
		}{
			{"", all},
			{"lyon", []string{lyon.Name, hcl.Name}},
			{"RHÔNE", []string{region.Name, rhone.Name}}, // accents and case folded; Auvergne-Rhône-Alpes holds it too
			{"200 053", []string{}},                      // a SIRET prefix is typed without spaces
			{"2000537", []string{region.Name}},
			{"zzz", []string{}},
			{"'", []string{}},
			{`\`, []string{}},
		}
		for _, c := range cases {
			for _, limit := range []string{"1", "50"} {
				if got := f.buyers(c.q, limit); !slices.Equal(got, c.want) {
					t.Errorf("?q=%s&limit=%s = %v, want %v", c.q, limit, got, c.want)
				}
			}
		}
		var page struct{ Items []map[string]any }
		f.do(req{Method: "GET", Path: "/api/v1/buyers?q=auvergne", As: access.Viewer}).decode(t, http.StatusOK, &page)
		same(t, page.Items[0], map[string]any{"id": ids[region.Name], "name": region.Name, "siret": region.SIRET,
			"kind": "region", "email": region.Email, "phone": region.Phone, "profile_url": region.ProfileURL,
			"qa_url": region.QAURL, "own": true})
	})
}

// TestBuyerSearchMetacharacters holds the buyers' search to the picker's rule:
// % and _ are text.
func TestBuyerSearchMetacharacters(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.importCatalog()
		for _, q := range []string{"%", "_", "2000%", "%0014"} {
			if got := f.buyers(q, "50"); len(got) != 0 {
				t.Errorf("?q=%s found %v, want nothing", q, got)
			}
		}
	})
}

func TestBuyerRefusals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.importCatalog()
		var first struct {
			NextCursor string `json:"next_cursor"`
		}
		f.do(req{Method: "GET", Path: "/api/v1/buyers?limit=1", As: access.Viewer}).decode(t, http.StatusOK, &first)
		var companies struct {
			NextCursor *string `json:"next_cursor"`
		}
		for _, siret := range []string{"44306184100047", "73282932000074"} {
			f.do(req{Method: "POST", Path: "/api/v1/companies", As: access.Agent,
				Body: map[string]any{"siret": siret, "name": "Entreprise"}}).decode(t, http.StatusCreated, &map[string]any{})
		}
		f.do(req{Method: "GET", Path: "/api/v1/companies?limit=1", As: access.Viewer}).decode(t, http.StatusOK, &companies)
		cases := []struct{ query, field string }{
			{"limit=0", "limit"},
			{"limit=201", "limit"},
			{"limit=abc", "limit"},
			{"cursor=!!!", "cursor"},
			{"cursor=" + *companies.NextCursor, "cursor"}, // a cursor of another list
			{"open=true", "open"},
		}
		for _, c := range cases {
			p := f.do(req{Method: "GET", Path: "/api/v1/buyers?" + c.query, As: access.Viewer}).problem(t, http.StatusUnprocessableEntity)
			if p.field(c.field) == "" {
				t.Errorf("?%s: want an error on %s, got %+v", c.query, c.field, p.Errors)
			}
		}
		if first.NextCursor == "" {
			t.Fatalf("no next cursor with limit=1")
		}
	})
}

func TestBuyerByID(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ids := f.importCatalog()
		var got map[string]any
		f.do(req{Method: "GET", Path: "/api/v1/buyers/" + strconv.FormatInt(int64(ids[region.Name]), 10), As: access.Viewer}).
			decode(t, http.StatusOK, &got)
		if got["name"] != region.Name || got["kind"] != "region" {
			t.Fatalf("buyer %v", got)
		}
		for _, path := range []string{"/api/v1/buyers/999999", "/api/v1/buyers/abc"} {
			f.do(req{Method: "GET", Path: path, As: access.Viewer}).decode(t, http.StatusNotFound, &got)
		}
	})
}
