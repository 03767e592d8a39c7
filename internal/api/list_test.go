package api_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
)

// listFixture creates nine requests over three days, some at the same instant (so
// that pages must break ties by id), and returns their subjects by creation order.
func listFixture(f *fixture) []string {
	var subjects []string
	for i := range 9 {
		body := webRequest()
		body["subject"] = fmt.Sprintf("Demande %d", i)
		body["channel"] = []string{"web", "phone", "email"}[i%3]
		body["topic"] = []string{"dce", "paiement"}[i%2]
		body["scope"] = []string{"own_tender", "general", "off_topic"}[i%3]
		if i >= 6 {
			body["company"] = map[string]any{"siret": "35600000000048", "name": "La Poste"}
			body["consultation_ref"] = "2026-REG-099"
		}
		tk := f.create(body, access.Agent)
		subjects = append(subjects, tk["subject"].(string))
		if i == 4 {
			id := idOf(tk)
			f.do(req{Method: "PATCH", Path: fmt.Sprintf("/api/v1/tickets/%d", id), As: access.Agent,
				Body: map[string]any{"state": "open", "assignee_id": f.users[access.Agent].ID}}).decode(f.t, 200, &tk)
		}
		if i%3 == 2 { // three requests a day, at the same instant: 24, 25 and 26 November
			f.advance(24 * time.Hour)
		}
	}
	return subjects
}

// list fetches every page of a query with a small limit, and returns the subjects
// in order; it fails on a duplicate.
func (f *fixture) list(query string, limit int) []string {
	f.t.Helper()
	var all []string
	cursor := ""
	for pages := 0; ; pages++ {
		q, _ := url.ParseQuery(query)
		q.Set("limit", fmt.Sprint(limit))
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page struct {
			Items      []map[string]any
			NextCursor *string `json:"next_cursor"`
		}
		f.do(req{Method: "GET", Path: "/api/v1/tickets?" + q.Encode(), As: access.Viewer}).decode(f.t, http.StatusOK, &page)
		for _, it := range page.Items {
			s := it["subject"].(string)
			if slices.Contains(all, s) {
				f.t.Fatalf("%s: %s shown twice", query, s)
			}
			all = append(all, s)
		}
		if page.NextCursor == nil || pages > 20 {
			return all
		}
		cursor = *page.NextCursor
	}
}

func TestListFiltersAndPages(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		d := listFixture(f)
		newest := slices.Clone(d)
		slices.Reverse(newest)
		cases := []struct {
			query string
			want  []string
		}{
			{"", newest},
			{"sort=created_asc", d},
			// A phone request was answered by the call itself, but while it is not resolved a
			// callback is due within four business hours (docs/routing.md): sooner than a first
			// response, due one business day after its request.
			{"sort=due_asc", []string{d[1], d[0], d[2], d[4], d[3], d[5], d[7], d[6], d[8]}},
			{"channel=phone", []string{d[7], d[4], d[1]}},
			{"channel=phone,email", []string{d[8], d[7], d[5], d[4], d[2], d[1]}},
			{"channel=phone&channel=email&topic=dce", []string{d[8], d[4], d[2]}},
			{"scope=off_topic&sort=created_asc", []string{d[2], d[5], d[8]}},
			{"state=open", []string{d[4]}},
			{"state=new&assignee=none&topic=paiement", []string{d[7], d[5], d[3], d[1]}},
			{"assignee=" + fmt.Sprint(f.users[access.Agent].ID), []string{d[4]}},
			{"team=cellule&company=356 000 000 00048", []string{d[8], d[7], d[6]}},
			{"consultation=2026-REG-099&sort=created_asc", []string{d[6], d[7], d[8]}},
			{"q=demande 3", []string{d[3]}},
			{"created_from=" + f.now.Add(-24*time.Hour).Format(time.RFC3339), []string{d[8], d[7], d[6]}},
			{"created_to=2026-11-24", []string{d[2], d[1], d[0]}}, // the whole day, Paris time
			{"created_from=2026-11-25&created_to=2026-11-25", []string{d[5], d[4], d[3]}},
		}
		for _, c := range cases {
			for _, limit := range []int{2, 200} {
				if got := f.list(c.query, limit); !slices.Equal(got, c.want) {
					t.Errorf("?%s (limit %d) = %v, want %v", c.query, limit, got, c.want)
				}
			}
		}
	})
}

func TestListRefusesBadParameters(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		listFixture(f)
		var first struct {
			NextCursor string `json:"next_cursor"`
		}
		f.do(req{Method: "GET", Path: "/api/v1/tickets?limit=2", As: access.Viewer}).decode(t, http.StatusOK, &first)
		garbage := base64.RawURLEncoding.EncodeToString([]byte("created_desc|x|1"))
		cases := []struct{ query, field string }{
			{"state=archived", "state"},
			{"state=new,bogus", "state"},
			{"channel=fax", "channel"},
			{"scope=everything", "scope"},
			{"assignee=someone", "assignee"},
			{"company=44306184100048", "company"},
			{"created_from=hier", "created_from"},
			{"created_to=2026-13-01", "created_to"},
			{"sort=random", "sort"},
			{"limit=0", "limit"},
			{"limit=201", "limit"},
			{"limit=dix", "limit"},
			{"cursor=!!!", "cursor"},
			{"cursor=" + garbage, "cursor"},
			{"cursor=" + first.NextCursor + "&sort=created_asc", "cursor"},
			{"stat=new", "stat"},
		}
		for _, c := range cases {
			r := f.do(req{Method: "GET", Path: "/api/v1/tickets?" + c.query, As: access.Viewer})
			if p := r.problem(t, http.StatusUnprocessableEntity); p.field(c.field) == "" {
				t.Errorf("?%s: want an error on %s, got %+v", c.query, c.field, p.Errors)
			}
		}
		r := f.do(req{Method: "GET", Path: "/api/v1/tickets?cursor=%%%", As: access.Viewer})
		if p := r.problem(t, http.StatusBadRequest); !strings.Contains(p.Detail, "%%%") {
			t.Errorf("a query string that does not parse: %+v", p)
		}
	})
}
