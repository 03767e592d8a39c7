package api

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// FuzzDecode feeds arbitrary bodies to the decoder: it must never panic, and every
// refusal must be a client error with a message, never an internal one.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{`{"subject": "a",}`, "{\n\"company\": {\"siret\": 443}}", `{"company": {"x": 1}}`,
		`{"subject": "a"} {}`, `[1]`, ``, `{"call_duration_seconds": 1e400}`, `{"contact": {"Email": "a@b.fr"}}`} {
		f.Add(seed)
	}
	s := &server{maxBody: 1 << 10}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/v1/tickets", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var in core.NewTicket
		err := s.decode(httptest.NewRecorder(), r, &in)
		var he *httpError
		if err == nil || errors.As(err, &he) && he.status == http.StatusBadRequest {
			return
		}
		if c := errs.CodeOf(err); c != errs.Invalid && c != errs.TooLarge {
			t.Fatalf("%q: %v (code %s)", body, err, c)
		}
	})
}

// FuzzTicketCursor feeds arbitrary cursors: a refusal names the cursor, and what
// is accepted survives a round trip through the encoder.
func FuzzTicketCursor(f *testing.F) {
	f.Add("Y3JlYXRlZF9kZXNjfDE3NjQwMDAwMDAwMDAwMDB8NDI", "created_desc")
	f.Add("!!!", "due_asc")
	f.Fuzz(func(t *testing.T, raw, sort string) {
		c, err := readTicketCursor(raw, ticket.Sort(sort))
		if err != nil {
			if fe := fieldOf(err); fe != "cursor" {
				t.Fatalf("%q: %v names %q", raw, err, fe)
			}
			return
		}
		again, err := readTicketCursor(*ticketCursor(ticket.Sort(sort), *c), ticket.Sort(sort))
		if err != nil || !again.Key.Equal(c.Key) || again.ID != c.ID {
			t.Fatalf("%q: %+v reads back as %+v (%v)", raw, c, again, err)
		}
	})
}

// FuzzPickerQuery feeds arbitrary query strings to the picker's reader: a refusal
// is a client error naming only the picker's parameters, and what is accepted is
// within the picker's bounds.
func FuzzPickerQuery(f *testing.F) {
	for _, seed := range []string{"q=2026-REG&open=true&buyer=3&limit=10", "limit=0&open=maybe", "q=%25%27%5C", "buyer=-1"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/api/v1/consultations", nil)
		r.URL.RawQuery = raw
		q, err := pickerQuery(r)
		if err == nil {
			if q.Limit < 1 || q.Limit > pickerMaxLimit || q.BuyerID < 0 {
				t.Fatalf("%q accepted as %+v", raw, q)
			}
			return
		}
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != errs.Invalid || len(e.Fields) == 0 {
			t.Fatalf("%q: %v", raw, err)
		}
		for _, fe := range e.Fields {
			if fe.Field != "q" && fe.Field != "open" && fe.Field != "buyer" && fe.Field != "limit" {
				t.Fatalf("%q: error on %q", raw, fe.Field)
			}
		}
	})
}

func fieldOf(err error) string {
	var e *errs.Error
	if errors.As(err, &e) && e.Code == errs.Invalid && len(e.Fields) == 1 {
		return e.Fields[0].Field
	}
	return ""
}
