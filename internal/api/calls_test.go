package api_test

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
)

// callLogJSON is what the tests read of GET /calls.
type callLogJSON struct {
	Items []struct {
		ID           int64   `json:"id"`
		CallID       string  `json:"call_id"`
		From         *string `json:"from"`
		Result       string  `json:"result"`
		Cause        *string `json:"cause"`
		Queue        *string `json:"queue"`
		DurationSecs int     `json:"duration_seconds"`
		Agent        *struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"agent"`
		Ticket *struct {
			ID     int64  `json:"id"`
			Number string `json:"number"`
		} `json:"ticket"`
		Company *struct {
			SIRET string `json:"siret"`
		} `json:"company"`
	} `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func (l callLogJSON) ids() string {
	var s []string
	for _, c := range l.Items {
		s = append(s, c.CallID)
	}
	return strings.Join(s, ",")
}

// seedCalls posts a day of calls through the switchboard: a known company's
// contact (04 72 12 34 56) answered by the agent, then missed (a callback), an
// unknown caller abandoning in the queue "travaux", and an outbound call.
func seedCalls(t *testing.T, f *fixture) (callback int64) {
	t.Helper()
	ctx := context.Background()
	_, _, err := f.svc.CreateTicket(ctx, f.users[access.Agent].Actor(), core.NewTicket{Channel: "web", Subject: "Lot 2",
		Body: "Le lot 2 est-il réservé ?", Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"},
		Contact: &core.ContactInput{Name: "Anne Dupont", Phone: "04 72 12 34 56"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	token, err := f.svc.AddPBX(ctx, access.System(), "Asterisk", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.AuthenticatePBX(ctx, token, netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	send := func(in core.CallEventInput) *core.CallEventResult {
		t.Helper()
		in.At = f.clock().Format(time.RFC3339)
		res, err := f.svc.HandleCallEvent(ctx, p, in)
		if err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		return res
	}
	send(core.CallEventInput{Event: "new_call", CallID: "a1", From: "04 72 12 34 56", Queue: "marches"})
	f.advance(10 * time.Second)
	send(core.CallEventInput{Event: "answered", CallID: "a1", User: "agent@region.example"})
	f.advance(2 * time.Minute)
	send(core.CallEventInput{Event: "hangup", CallID: "a1", Cause: "normal"})
	f.advance(time.Hour)
	send(core.CallEventInput{Event: "new_call", CallID: "a2", From: "+33472123456", Queue: "marches"})
	f.advance(30 * time.Second)
	callback = send(core.CallEventInput{Event: "hangup", CallID: "a2", Cause: "no_answer"}).Call.TicketID
	f.advance(time.Hour)
	send(core.CallEventInput{Event: "new_call", CallID: "a3", From: "06 11 22 33 44", Queue: "travaux"})
	send(core.CallEventInput{Event: "hangup", CallID: "a3", Cause: "cancelled"})
	f.advance(24 * time.Hour) // Wednesday
	send(core.CallEventInput{Event: "new_call", CallID: "a4", Direction: "out", From: "201", To: "0472123456"})
	f.advance(time.Minute)
	send(core.CallEventInput{Event: "hangup", CallID: "a4"})
	return callback
}

func TestCallLogAPI(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		callback := seedCalls(t, f)
		get := func(query string, as access.Role) callLogJSON {
			t.Helper()
			var out callLogJSON
			f.do(req{Method: "GET", Path: "/api/v1/calls" + query, As: as}).decode(t, 200, &out)
			return out
		}
		if got := get("", access.Viewer).ids(); got != "a4,a3,a2,a1" {
			t.Fatalf("the log, newest first, read by a viewer: %s", got)
		}
		for query, want := range map[string]string{
			"?number=" + url.QueryEscape("04.72.12.34.56"):       "a4,a2,a1",
			"?number=" + url.QueryEscape("+33 (0)4 72 12 34 56"): "a4,a2,a1",
			"?number=0033472123456&direction=in":                 "a2,a1",
			"?result=no_answer":                                  "a2",
			"?cause=abandoned":                                   "a3",
			"?queue=travaux":                                     "a3",
			"?company=" + url.QueryEscape("443 061 841 00047"):   "a4,a2,a1",
			"?company=73282932000074":                            "",
			fmt.Sprintf("?agent=%d", f.users[access.Agent].ID):   "a1",
			fmt.Sprintf("?ticket=%d", callback):                  "a2",
			"?from=2026-11-25":                                   "a4",
			"?to=2026-11-24":                                     "a3,a2,a1",
			"?from=2026-11-24T10:30:00%2B01:00&to=2026-11-24":    "a3,a2",
		} {
			if got := get(query, access.Agent).ids(); got != want {
				t.Errorf("%s: %s, want %s", query, got, want)
			}
		}
		one := get("?ticket="+fmt.Sprint(callback), access.Agent).Items[0]
		if one.Company == nil || one.Company.SIRET != "44306184100047" || one.Ticket == nil || one.Ticket.ID != callback || one.Ticket.Number == "" || one.Cause == nil || *one.Cause != "no_answer" {
			t.Fatalf("the missed call and its callback: %+v", one)
		}
		// Pages of one, followed with next_cursor, give the whole log once.
		var seen []string
		query := "?limit=1"
		for range 10 {
			page := get(query, access.Specialist)
			seen = append(seen, page.ids())
			if page.NextCursor == nil {
				break
			}
			query = "?limit=1&cursor=" + url.QueryEscape(*page.NextCursor)
		}
		if strings.Join(seen, ",") != "a4,a3,a2,a1" {
			t.Fatalf("pages: %v", seen)
		}
		// One call, by its id in the log.
		first := get("?number=0472123456&result=answered&direction=in", access.Agent).Items[0]
		var c struct {
			CallID       string `json:"call_id"`
			DurationSecs int    `json:"duration_seconds"`
			Agent        *struct{ Name string }
			From         string
		}
		f.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/calls/%d", first.ID), As: access.Viewer}).decode(t, 200, &c)
		if c.CallID != "a1" || c.DurationSecs != 120 || c.Agent == nil || c.Agent.Name != "Compte agent" || c.From != "+33472123456" {
			t.Fatalf("GET /calls/{id}: %+v", c)
		}
		f.do(req{Method: "GET", Path: "/api/v1/calls/999999", As: access.Agent}).problem(t, 404)
		f.do(req{Method: "GET", Path: "/api/v1/calls/abc", As: access.Agent}).problem(t, 404)
		f.do(req{Method: "GET", Path: "/api/v1/calls", As: ""}).problem(t, 401)
	})
}

// TestCallLogAPIBadInput: every bad parameter is refused with 422 naming it.
func TestCallLogAPIBadInput(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for query, field := range map[string]string{
			"?cursor=n1mporte-quoi":                      "cursor",
			"?cursor=" + url.QueryEscape("Y29tcGFueXwx"): "cursor", // a companies cursor
			"?from=24/11/2026":                           "from",
			"?to=hier":                                   "to",
			"?number=bonjour":                            "number",
			"?number=" + url.QueryEscape("04 72 12 34"):  "number",
			"?result=perdu":                              "result",
			"?cause=congestion":                          "cause",
			"?direction=sideways":                        "direction",
			"?agent=claire":                              "agent",
			"?ticket=-3":                                 "ticket",
			"?company=12345678901234":                    "company",
			"?limit=0":                                   "limit",
			"?numero=0472123456":                         "numero",
			"?from=2026-11-25&to=2026-11-20":             "to",
		} {
			p := f.do(req{Method: "GET", Path: "/api/v1/calls" + query, As: access.Agent}).problem(t, 422)
			if p.field(field) == "" {
				t.Errorf("%s: the problem does not name %q: %+v", query, field, p.Errors)
			}
		}
	})
}
