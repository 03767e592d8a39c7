package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
)

// webRequest is the creation body of DESIGN.md's public contract.
func webRequest() map[string]any {
	return map[string]any{"channel": "web", "subject": "Question sur le lot 2", "body": "Peut-on répondre à un seul lot ?",
		"company": map[string]any{"siret": "443 061 841 00047", "name": "Menuiserie Dupont", "commune_code": "69123"},
		"contact": map[string]any{"name": "Anne Dupont", "email": "Anne@Dupont.example", "phone": "04 72 00 00 00"},
		"topic":   "dce", "scope": "own_tender", "consultation_ref": "2026-REG-014", "priority": "normal"}
}

// create posts a ticket and returns its JSON, failing unless it is a 201.
func (f *fixture) create(body map[string]any, as access.Role) map[string]any {
	f.t.Helper()
	var out map[string]any
	f.do(req{Method: "POST", Path: "/api/v1/tickets", As: as, Body: body}).decode(f.t, http.StatusCreated, &out)
	return out
}

func idOf(v map[string]any) int64 { return int64(v["id"].(float64)) }

func TestCreateAndReadBack(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		r := f.do(req{Method: "POST", Path: "/api/v1/tickets", As: access.Agent, Body: webRequest()})
		var created map[string]any
		r.decode(t, http.StatusCreated, &created)
		loc := r.Header.Get("Location")
		if loc != fmt.Sprintf("/api/v1/tickets/%d", idOf(created)) || r.Header.Get("ETag") != `"1"` {
			t.Fatalf("Location %q, ETag %q", loc, r.Header.Get("ETag"))
		}
		var read map[string]any
		got := f.do(req{Method: "GET", Path: loc, As: access.Viewer})
		got.decode(t, http.StatusOK, &read)
		if !reflect.DeepEqual(created, read) {
			t.Fatalf("read back differs from the creation answer:\n%v\n%v", created, read)
		}
		now := f.now.Format(time.RFC3339)
		want := map[string]any{
			"number": "2026-000001", "channel": "web", "subject": "Question sur le lot 2", "state": "new",
			"priority": "normal", "topic": "dce", "scope": "own_tender", "consultation_ref": "2026-REG-014",
			"team": "cellule", "assignee": nil, "outcome": nil, "created_at": now, "updated_at": now,
			"first_response_at": nil, "resolved_at": nil, "closed_at": nil, "version": 1.0,
			"company": map[string]any{"siret": "44306184100047", "siren": "443061841", "name": "Menuiserie Dupont",
				"size": "unknown", "departement": "69", "local": true, "siret_valid": true},
			"contact": map[string]any{"name": "Anne Dupont", "email": "anne@dupont.example", "phone": "+33472000000"},
		}
		for k, v := range want {
			if !reflect.DeepEqual(read[k], v) {
				t.Errorf("%s = %#v, want %#v", k, read[k], v)
			}
		}
		due := read["due"].(map[string]any)
		if due["first_response"] != f.now.Add(24*time.Hour).Format(time.RFC3339) || due["resolution"] == nil {
			t.Errorf("due = %v", due)
		}
		if len(read) != len(want)+2 { // + id and due
			t.Errorf("the ticket has %d fields, the contract lists %d: %v", len(read), len(want)+2, read)
		}
	})
}

func TestIdempotencyKey(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		post := req{Method: "POST", Path: "/api/v1/tickets", As: access.Agent, Body: webRequest(),
			Header: map[string]string{"Idempotency-Key": "crm-4711"}}
		var first, again map[string]any
		f.do(post).decode(t, http.StatusCreated, &first)
		replay := f.do(post)
		replay.decode(t, http.StatusOK, &again)
		if idOf(first) != idOf(again) || replay.Header.Get("Location") != "" {
			t.Fatalf("replay made ticket %d (first %d), Location %q", idOf(again), idOf(first), replay.Header.Get("Location"))
		}
		// Eight clients retrying at once with a new key: one creation, seven replays.
		post.Header = map[string]string{"Idempotency-Key": "crm-4712"}
		var wg sync.WaitGroup
		statuses, ids := make([]int, 8), make([]int64, 8)
		for i := range statuses {
			wg.Go(func() {
				r := f.do(post)
				var v map[string]any
				if json.Unmarshal(r.Body, &v) == nil && v["id"] != nil {
					statuses[i], ids[i] = r.Status, idOf(v)
				}
			})
		}
		wg.Wait()
		created := 0
		for i := range ids {
			if ids[i] != ids[0] || (statuses[i] != http.StatusCreated && statuses[i] != http.StatusOK) {
				t.Fatalf("concurrent retries: statuses %v ids %v", statuses, ids)
			}
			if statuses[i] == http.StatusCreated {
				created++
			}
		}
		if tickets, _ := f.counts(); created != 1 || tickets != 2 {
			t.Fatalf("%d creations answered 201, %d tickets stored; want 1 and 2", created, tickets)
		}
		// The same key with another request is a mistake of the client, not a replay.
		other := webRequest()
		other["subject"] = "Autre chose"
		post.Body = other
		if p := f.do(post).problem(t, http.StatusUnprocessableEntity); p.field("Idempotency-Key") == "" {
			t.Fatalf("a reused key with another request: %+v", p)
		}
	})
}

// TestPatchLifecycle walks one request through its life, a step per row: each row
// is a PATCH and the state (or the field of the refusal) it must lead to.
func TestPatchLifecycle(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := idOf(f.create(webRequest(), access.Agent))
		path := fmt.Sprintf("/api/v1/tickets/%d", id)
		agent := f.users[access.Agent].ID
		steps := []struct {
			name    string
			body    map[string]any
			ifMatch string
			status  int
			state   string // on success
			field   string // on a 422
		}{
			{"open", map[string]any{"state": "open", "version": 1}, "", 200, "open", ""},
			{"assign", map[string]any{"assignee_id": agent, "priority": "high"}, `"2"`, 200, "open", ""},
			{"stale version in body", map[string]any{"state": "waiting_company", "version": 2}, "", 409, "", ""},
			{"stale If-Match", map[string]any{"state": "waiting_company"}, `"1"`, 409, "", ""},
			{"body and If-Match disagree", map[string]any{"state": "waiting_company", "version": 3}, `"4"`, 422, "", "version"},
			{"escalate without a service", map[string]any{"state": "escalated"}, "", 422, "", "team"},
			{"escalate to travaux", map[string]any{"state": "escalated", "team": "travaux"}, `"3"`, 200, "escalated", ""},
			{"unknown team", map[string]any{"team": "cuisine"}, "", 422, "", "team"},
			{"resolve without outcome", map[string]any{"state": "resolved"}, "", 422, "", "outcome"},
			{"resolve", map[string]any{"state": "resolved", "outcome": "answered_by_service"}, "", 200, "resolved", ""},
			{"back to new", map[string]any{"state": "new"}, "", 422, "", "state"},
			{"unknown state", map[string]any{"state": "archived"}, "", 422, "", "state"},
			{"unassign", map[string]any{"assignee_id": nil}, "", 200, "resolved", ""},
			{"close", map[string]any{"state": "closed"}, "", 200, "closed", ""},
			{"reopen a closed request", map[string]any{"state": "open"}, "", 422, "", "state"},
		}
		for _, st := range steps {
			r := f.do(req{Method: "PATCH", Path: path, As: access.Agent, Body: st.body, Header: map[string]string{"If-Match": st.ifMatch}})
			switch {
			case st.status == http.StatusOK:
				var tk map[string]any
				r.decode(t, http.StatusOK, &tk)
				if tk["state"] != st.state || r.Header.Get("ETag") != fmt.Sprintf(`"%v"`, tk["version"]) {
					t.Fatalf("%s: state %v, ETag %s, version %v", st.name, tk["state"], r.Header.Get("ETag"), tk["version"])
				}
			case st.status == http.StatusUnprocessableEntity:
				if p := r.problem(t, st.status); p.field(st.field) == "" {
					t.Fatalf("%s: want an error on %s, got %+v", st.name, st.field, p.Errors)
				}
			default:
				r.problem(t, st.status)
			}
		}
		var tk map[string]any
		f.do(req{Method: "GET", Path: path, As: access.Agent}).decode(t, http.StatusOK, &tk)
		if tk["assignee"] != nil || tk["outcome"] != "answered_by_service" || tk["closed_at"] == nil || tk["priority"] != "high" {
			t.Fatalf("final ticket: %v", tk)
		}
	})
}

func TestMessagesAndHistory(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		id := idOf(f.create(webRequest(), access.Agent))
		base := fmt.Sprintf("/api/v1/tickets/%d", id)
		f.advance(time.Hour)
		var m map[string]any
		f.do(req{Method: "POST", Path: base + "/messages", As: access.Agent,
			Body: map[string]any{"kind": "outbound", "body": "Oui, répondez au seul lot 2."}}).decode(t, http.StatusCreated, &m)
		author, _ := m["author"].(map[string]any)
		if m["kind"] != "outbound" || author["name"] != "Compte agent" || m["created_at"] != f.now.Format(time.RFC3339) {
			t.Fatalf("message: %v", m)
		}
		f.do(req{Method: "POST", Path: base + "/messages", As: access.Agent,
			Body: map[string]any{"kind": "call", "body": "Rappel de l'entreprise", "call_duration_seconds": 240}}).
			decode(t, http.StatusCreated, &m)
		if m["call_duration_seconds"] != 240.0 {
			t.Fatalf("call: %v", m)
		}
		var msgs struct{ Items []map[string]any }
		f.do(req{Method: "GET", Path: base + "/messages", As: access.Viewer}).decode(t, http.StatusOK, &msgs)
		if len(msgs.Items) != 3 || msgs.Items[0]["kind"] != "inbound" || msgs.Items[0]["author"] != nil {
			t.Fatalf("conversation: %v", msgs.Items)
		}
		var tk map[string]any
		f.do(req{Method: "GET", Path: base, As: access.Agent}).decode(t, http.StatusOK, &tk)
		if tk["first_response_at"] != f.now.Format(time.RFC3339) {
			t.Fatalf("first response at %v, want %v", tk["first_response_at"], f.now)
		}
		f.do(req{Method: "PATCH", Path: base, As: access.Supervisor, Body: map[string]any{"state": "waiting_company"}}).
			decode(t, http.StatusOK, &tk)
		var hist struct{ Items []map[string]any }
		f.do(req{Method: "GET", Path: base + "/history", As: access.Viewer}).decode(t, http.StatusOK, &hist)
		var fields []string
		for _, h := range hist.Items {
			fields = append(fields, h["field"].(string))
		}
		// The creation, its due times (set by the SLA policy), the call's first
		// response, then waiting for the company pauses the SLA clock.
		want := []string{"created", "team", "due_first_response", "due_resolution", "first_response_at", "sla_paused_at", "state"}
		if !reflect.DeepEqual(fields, want) {
			t.Fatalf("history fields %v, want %v", fields, want)
		}
		last := hist.Items[len(hist.Items)-1]
		actor, _ := last["actor"].(map[string]any)
		if last["old"] != "new" || last["new"] != "waiting_company" || actor["name"] != "Compte supervisor" ||
			last["at"] != f.now.Format(time.RFC3339) || last["rule"] != nil {
			t.Fatalf("last history entry: %v", last)
		}
	})
}
