package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/telephony"
)

// The call log (docs/telephony.md): GET /calls lists the switchboard's calls,
// newest first, with filters; GET /calls/{id} is one call. Reading calls needs
// the right to read requests (every role has it, the viewer included).

// callList is the query GET /calls accepts.
var callList = append([]string{"from", "to", "direction", "result", "cause", "agent", "queue", "number", "company",
	"ticket"}, pageQuery...)

// callJSON is a call of the log.
type callJSON struct {
	ID           int64      `json:"id"`
	CallID       string     `json:"call_id"`
	Direction    string     `json:"direction"`
	From         *string    `json:"from"` // E.164; null when withheld
	To           *string    `json:"to"`
	Queue        *string    `json:"queue"`
	Result       string     `json:"result"`
	Cause        *string    `json:"cause"` // null until the hangup
	OutsideHours bool       `json:"outside_hours"`
	Agent        *userRef   `json:"agent"`
	Extension    *string    `json:"extension"`
	Transfers    int        `json:"transfers"`
	StartedAt    *time.Time `json:"started_at"`
	AnsweredAt   *time.Time `json:"answered_at"`
	EndedAt      *time.Time `json:"ended_at"`
	DurationSecs int        `json:"duration_seconds"`
	Ticket       *ticketRef `json:"ticket"`
	// Company is the call's company: its request's, else that of the latest
	// contact with the caller's number.
	Company *callCompany `json:"company"`
}

// userRef and ticketRef name an agent and a request inside a call.
type userRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type callCompany struct {
	SIRET string `json:"siret"`
	Name  string `json:"name"`
}

type ticketRef struct {
	ID     int64  `json:"id"`
	Number string `json:"number"`
}

func callView(c *telephony.Record) callJSON {
	out := callJSON{ID: c.ID, CallID: c.CallID, Direction: string(c.Direction), From: nonEmpty(c.From), To: nonEmpty(c.To),
		Queue: nonEmpty(c.Queue), Result: string(c.Result), OutsideHours: c.ClosedAtStart,
		Extension: nonEmpty(c.Extension), Transfers: c.Transfers, StartedAt: timestamp(c.StartedAt),
		AnsweredAt: timestamp(c.AnsweredAt), EndedAt: timestamp(c.EndedAt), DurationSecs: int(c.Duration() / time.Second)}
	if c.Ended() {
		out.Cause = nonEmpty(string(c.Cause))
	}
	if c.Agent != 0 {
		out.Agent = &userRef{ID: c.Agent, Name: c.AgentName}
	}
	if c.CompanySIRET != "" {
		out.Company = &callCompany{SIRET: c.CompanySIRET, Name: c.CompanyName}
	}
	if c.TicketID != 0 {
		out.Ticket = &ticketRef{ID: c.TicketID, Number: c.TicketNumber}
	}
	return out
}

// listCalls is GET /api/v1/calls.
func (s *server) listCalls(w http.ResponseWriter, r *http.Request) error {
	q, err := s.callQuery(r)
	if err != nil {
		return err
	}
	found, err := s.core.Calls(r.Context(), actorOf(r), q)
	if err != nil {
		return err
	}
	out := page[callJSON]{Items: items(found.Calls, callView)}
	if found.Next != "" {
		out.NextCursor = encodeCursor("call", found.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}

// getCall is GET /api/v1/calls/{id}.
func (s *server) getCall(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "L'appel")
	if err != nil {
		return err
	}
	c, err := s.core.Call(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, callView(c))
}

// callQuery reads the filters of GET /calls, every bad one named at once. The
// number is read here, so that its error names the parameter ("number").
func (s *server) callQuery(r *http.Request) (core.CallQuery, error) {
	v := r.URL.Query()
	var f errs.Fields
	q := core.CallQuery{Result: strings.TrimSpace(v.Get("result")), Cause: strings.TrimSpace(v.Get("cause")),
		Direction: strings.TrimSpace(v.Get("direction")), Queue: strings.TrimSpace(v.Get("queue")),
		CompanySIRET: strings.TrimSpace(v.Get("company"))}
	q.From = s.day(&f, "from", v.Get("from"), false)
	q.To = s.day(&f, "to", v.Get("to"), true)
	if raw := strings.TrimSpace(v.Get("number")); raw != "" {
		n, err := phone.Normalize(raw)
		if err != nil {
			f.Add("number", err.Error())
		}
		q.Phone = n
	}
	q.AgentID = positiveID(&f, "agent", v.Get("agent"), "identifiant d'agent")
	q.TicketID = positiveID(&f, "ticket", v.Get("ticket"), "identifiant de demande")
	var err error
	if q.Limit, err = pageSize(r); err != nil {
		f.AddErr("", err)
	}
	if raw := v.Get("cursor"); raw != "" {
		parts, err := decodeCursor(raw, "call", 2)
		f.AddErr("", err)
		if err == nil {
			q.Cursor = parts[0]
		}
	}
	return q, f.Err()
}

// positiveID reads an optional numeric id parameter.
func positiveID(f *errs.Fields, name, raw, what string) int64 {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return 0
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		f.Add(name, fmt.Sprintf("%s numérique attendu, reçu « %s »", what, raw))
	}
	return id
}
