package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
)

// with returns the contract's creation body with some fields replaced (or, with a
// nil value, removed).
func with(changes map[string]any) map[string]any {
	body := webRequest()
	for k, v := range changes {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	return body
}

// TestBadInputWritesNothing sends requests that must be refused, each checked for
// its status, a problem document naming the field, and an unchanged database.
func TestBadInputWritesNothing(t *testing.T) {
	const tickets = "/api/v1/tickets"
	noContentType := map[string]string{"Content-Type": ""}
	cases := []struct {
		name   string
		r      req
		status int
		field  string // named in errors[]; "" when the problem is not about one field
		detail string // found in detail
	}{
		{"malformed JSON", req{Method: "POST", Path: tickets, As: access.Agent, Body: `{"subject": "a",}`}, 400, "", "ligne 1, colonne 17"},
		{"malformed JSON, third line", req{Method: "POST", Path: tickets, As: access.Agent,
			Body: "{\n  \"channel\": \"web\",\n  \"subject\": 'x'\n}"}, 400, "", "octet 36, ligne 3, colonne 14"},
		{"truncated JSON", req{Method: "POST", Path: tickets, As: access.Agent, Body: `{"subject": "a"`}, 400, "", "incomplet"},
		{"empty body", req{Method: "POST", Path: tickets, As: access.Agent, Body: ""}, 400, "", "vide"},
		{"two JSON values", req{Method: "POST", Path: tickets, As: access.Agent, Body: `{"subject": "a"} {}`}, 400, "", "colonne 18"},
		{"not an object", req{Method: "POST", Path: tickets, As: access.Agent, Body: `["web"]`}, 400, "", "objet JSON"},
		{"not JSON", req{Method: "POST", Path: tickets, As: access.Agent, Body: "subject=a",
			Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415, "", "JSON"},
		{"no content type", req{Method: "POST", Path: tickets, As: access.Agent, Body: `{}`, Header: noContentType}, 415, "", "JSON"},
		{"unknown field", req{Method: "POST", Path: tickets, As: access.Agent, Body: with(map[string]any{"sujet": "x"})}, 422, "sujet", ""},
		{"unknown nested field", req{Method: "POST", Path: tickets, As: access.Agent,
			Body: with(map[string]any{"company": map[string]any{"siret": "44306184100047", "sirett": "x"}})}, 422, "company.sirett", ""},
		{"subject is a number", req{Method: "POST", Path: tickets, As: access.Agent, Body: with(map[string]any{"subject": 12})}, 422, "subject", ""},
		{"siret is a number", req{Method: "POST", Path: tickets, As: access.Agent,
			Body: with(map[string]any{"company": map[string]any{"siret": 443}})}, 422, "company.siret", ""},
		{"bad SIRET check digit", req{Method: "POST", Path: tickets, As: access.Agent,
			Body: with(map[string]any{"company": map[string]any{"siret": "443 061 841 00048", "name": "X"}})}, 422, "company.siret", ""},
		{"unparsable e-mail", req{Method: "POST", Path: tickets, As: access.Agent,
			Body: with(map[string]any{"contact": map[string]any{"email": "anne.dupont.example"}})}, 422, "contact.email", ""},
		{"unparsable phone", req{Method: "POST", Path: tickets, As: access.Agent,
			Body: with(map[string]any{"contact": map[string]any{"phone": "04 72"}})}, 422, "contact.phone", ""},
		{"unknown topic", req{Method: "POST", Path: tickets, As: access.Agent, Body: with(map[string]any{"topic": "meteo"})}, 422, "topic", ""},
		{"no subject", req{Method: "POST", Path: tickets, As: access.Agent, Body: with(map[string]any{"subject": nil})}, 422, "subject", ""},
		{"idempotency key too long", req{Method: "POST", Path: tickets, As: access.Agent, Body: webRequest(),
			Header: map[string]string{"Idempotency-Key": strings.Repeat("k", 201)}}, 422, "Idempotency-Key", ""},
		{"unknown query parameter", req{Method: "POST", Path: tickets + "?dry_run=1", As: access.Agent, Body: webRequest()}, 422, "dry_run", ""},
		{"no token", req{Method: "POST", Path: tickets, Body: webRequest()}, 401, "", ""},
		{"bad token", req{Method: "POST", Path: tickets, Body: webRequest(), Header: map[string]string{"Authorization": "Bearer gch_nope"}}, 401, "", ""},
		{"other scheme", req{Method: "POST", Path: tickets, Body: webRequest(), Header: map[string]string{"Authorization": "Basic YTpi"}}, 401, "", ""},
		{"a viewer creates", req{Method: "POST", Path: tickets, As: access.Viewer, Body: webRequest()}, 403, "", ""},
		{"company with bad SIRET", req{Method: "POST", Path: "/api/v1/companies", As: access.Agent,
			Body: map[string]any{"siret": "44306184100048", "name": "X"}}, 422, "siret", ""},
		{"company without name", req{Method: "POST", Path: "/api/v1/companies", As: access.Agent,
			Body: map[string]any{"siret": "44306184100047"}}, 422, "name", ""},
		{"company by a viewer", req{Method: "POST", Path: "/api/v1/companies", As: access.Viewer,
			Body: map[string]any{"siret": "44306184100047", "name": "X"}}, 403, "", ""},
	}
	each(t, func(t *testing.T, f *fixture) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				defer func(outer *testing.T) { f.t = outer }(f.t)
				f.t = t
				beforeT, beforeC := f.counts()
				r := f.do(c.r)
				p := r.problem(t, c.status)
				if c.field != "" && p.field(c.field) == "" {
					t.Errorf("no error on %s: %+v", c.field, p.Errors)
				}
				if !strings.Contains(p.Detail, c.detail) {
					t.Errorf("detail %q does not mention %q", p.Detail, c.detail)
				}
				if c.status == http.StatusUnauthorized && !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("a 401 without WWW-Authenticate: Bearer")
				}
				if afterT, afterC := f.counts(); afterT != beforeT || afterC != beforeC {
					t.Errorf("refused, yet tickets %d → %d, companies %d → %d", beforeT, afterT, beforeC, afterC)
				}
			})
		}
	})
}

// TestOversizeBody sends a body over a small limit: 413, nothing written.
func TestOversizeBody(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.handler(512)
		body := with(map[string]any{"body": strings.Repeat("Pourquoi ? ", 100)})
		p := f.doWith(h, req{Method: "POST", Path: "/api/v1/tickets", As: access.Agent, Body: body}).problem(t, http.StatusRequestEntityTooLarge)
		if !strings.Contains(p.Detail, "512 octets") {
			t.Errorf("detail %q does not give the limit", p.Detail)
		}
		if tickets, companies := f.counts(); tickets != 0 || companies != 0 {
			t.Fatalf("an oversize request wrote %d tickets, %d companies", tickets, companies)
		}
		f.doWith(h, req{Method: "POST", Path: "/api/v1/tickets", As: access.Agent, Body: webRequest()}).decode(t, http.StatusCreated, &map[string]any{})
	})
}

// TestRefusedChangesLeaveTheTicket sends changes that must be refused on an
// existing request, and checks that its version and conversation did not move.
func TestRefusedChangesLeaveTheTicket(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := idOf(f.create(webRequest(), access.Agent))
		path := fmt.Sprintf("/api/v1/tickets/%d", id)
		cases := []struct {
			name   string
			r      req
			status int
			field  string
		}{
			{"invalid transition", req{Method: "PATCH", Path: path, As: access.Agent, Body: map[string]any{"state": "closed"}}, 422, "state"},
			{"assignee_id of the wrong type", req{Method: "PATCH", Path: path, As: access.Agent, Body: map[string]any{"assignee_id": "anne"}}, 422, "assignee_id"},
			{"unknown PATCH field", req{Method: "PATCH", Path: path, As: access.Agent, Body: map[string]any{"status": "open"}}, 422, "status"},
			{"version zero", req{Method: "PATCH", Path: path, As: access.Agent, Body: map[string]any{"state": "open", "version": 0}}, 422, "version"},
			{"If-Match not a version", req{Method: "PATCH", Path: path, As: access.Agent, Body: map[string]any{"state": "open"},
				Header: map[string]string{"If-Match": `"abc"`}}, 422, "If-Match"},
			{"a viewer changes", req{Method: "PATCH", Path: path, As: access.Viewer, Body: map[string]any{"state": "open"}}, 403, ""},
			{"a specialist answers a request of the cell", req{Method: "POST", Path: path + "/messages", As: access.Specialist,
				Body: map[string]any{"kind": "outbound", "body": "Réponse"}}, 403, ""},
			{"a specialist changes a request of the cell", req{Method: "PATCH", Path: path, As: access.Specialist,
				Body: map[string]any{"state": "open"}}, 403, ""},
			{"unknown message kind", req{Method: "POST", Path: path + "/messages", As: access.Agent,
				Body: map[string]any{"kind": "sms", "body": "x"}}, 422, "kind"},
			{"duration on a note", req{Method: "POST", Path: path + "/messages", As: access.Agent,
				Body: map[string]any{"kind": "note", "body": "x", "call_duration_seconds": 5}}, 422, "call_duration_seconds"},
			{"unknown ticket", req{Method: "PATCH", Path: "/api/v1/tickets/999999", As: access.Agent, Body: map[string]any{"state": "open"}}, 404, ""},
			{"message on an unknown ticket", req{Method: "POST", Path: "/api/v1/tickets/999999/messages", As: access.Agent,
				Body: map[string]any{"kind": "note", "body": "x"}}, 404, ""},
			{"id that is not a number", req{Method: "GET", Path: "/api/v1/tickets/abc", As: access.Agent}, 404, ""},
			{"bad token", req{Method: "PATCH", Path: path, Body: map[string]any{"state": "open"},
				Header: map[string]string{"Authorization": "Bearer gch_forged"}}, 401, ""},
		}
		for _, c := range cases {
			p := f.do(c.r).problem(t, c.status)
			if c.field != "" && p.field(c.field) == "" {
				t.Errorf("%s: no error on %s: %+v", c.name, c.field, p.Errors)
			}
			var tk map[string]any
			f.do(req{Method: "GET", Path: path, As: access.Agent}).decode(t, http.StatusOK, &tk)
			var msgs struct{ Items []any }
			f.do(req{Method: "GET", Path: path + "/messages", As: access.Agent}).decode(t, http.StatusOK, &msgs)
			if tk["version"] != 1.0 || tk["state"] != "new" || len(msgs.Items) != 1 {
				t.Fatalf("%s: refused, yet version %v state %v messages %d", c.name, tk["version"], tk["state"], len(msgs.Items))
			}
		}
	})
}
