package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/telephony"
)

// The call log: the switchboard's calls, filtered and paged, for the
// workspace, the company page and GET /api/v1/calls.

// CallQuery selects calls of the log.
type CallQuery struct {
	Phone     string // any written form
	AgentID   int64
	TicketID  int64
	Result    string
	Cause     string // the hangup cause, as the switchboard said it
	Direction string
	Queue     string
	// CompanySIRET selects a company's calls (typed in any usual form): from or
	// to its contacts' numbers, or linked to its requests.
	CompanySIRET string
	From, To     time.Time
	Cursor       string // from the previous page
	Limit        int
}

// CallPage is a page of the call log.
type CallPage struct {
	Calls []*telephony.Record
	Next  string // the cursor of the next page, "" at the end
}

// Calls lists the call log, newest first.
func (s *Service) Calls(ctx context.Context, a access.Actor, q CallQuery) (*CallPage, error) {
	if err := a.Check(access.ReadTicket, a.TeamID); err != nil {
		return nil, err
	}
	var f errs.Fields
	sf := store.CallFilter{AgentID: q.AgentID, TicketID: q.TicketID, From: q.From, To: q.To, Limit: q.Limit}
	if strings.TrimSpace(q.Phone) != "" {
		n, err := phone.Normalize(q.Phone)
		if err != nil {
			f.Add("phone", err.Error())
		}
		sf.Phone = n
	}
	if q.Result != "" {
		if !telephony.Result(q.Result).Valid() {
			f.Add("result", "résultat inconnu « "+q.Result+" »")
		}
		sf.Results = []telephony.Result{telephony.Result(q.Result)}
	}
	if q.Direction != "" {
		if !telephony.Direction(q.Direction).Valid() {
			f.Add("direction", "sens inconnu « "+q.Direction+" » (in ou out)")
		}
		sf.Direction = telephony.Direction(q.Direction)
	}
	if q.Cause != "" {
		c, ok := telephony.ParseCause(q.Cause)
		if !ok {
			f.Add("cause", "cause inconnue « "+q.Cause+" » (normal, no_answer, busy, cancelled ou voicemail)")
		}
		sf.Causes = []telephony.Cause{c}
	}
	sf.Queue = strings.TrimSpace(q.Queue)
	if q.To.Before(q.From) && !q.To.IsZero() {
		f.Add("to", "la fin de la période précède son début")
	}
	none, err := s.companyOfCalls(ctx, &f, q.CompanySIRET, &sf)
	if err != nil {
		return nil, err
	}
	if q.Cursor != "" {
		at, id, ok := parseCallCursor(q.Cursor)
		if !ok {
			f.Add("cursor", "curseur invalide")
		}
		sf.AfterStarted, sf.AfterID = at, id
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if none {
		return &CallPage{}, nil
	}
	calls, more, err := s.store.FindCalls(ctx, sf)
	if err != nil {
		return nil, err
	}
	page := &CallPage{Calls: calls}
	if more && len(calls) > 0 {
		last := calls[len(calls)-1]
		page.Next = fmt.Sprintf("%d.%d", last.StartedAt.UnixMicro(), last.ID)
	}
	return page, nil
}

// companyOfCalls reads the company filter of the call log; none is true when
// the SIRET is valid but no company has it (no calls, rather than an error).
func (s *Service) companyOfCalls(ctx context.Context, f *errs.Fields, siret string, sf *store.CallFilter) (none bool, err error) {
	if strings.TrimSpace(siret) == "" {
		return false, nil
	}
	norm, err := company.NormalizeSIRET(siret)
	if err != nil {
		f.AddErr("company", err)
		return false, nil
	}
	co, err := s.store.FindCompanyBySIRET(ctx, norm)
	if errs.Is(err, errs.NotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	sf.CompanyID = co.ID
	return false, nil
}

// Call returns one call of the log.
func (s *Service) Call(ctx context.Context, a access.Actor, id int64) (*telephony.Record, error) {
	if err := a.Check(access.ReadTicket, a.TeamID); err != nil {
		return nil, err
	}
	return s.store.FindCallByID(ctx, id)
}

func parseCallCursor(c string) (time.Time, int64, bool) {
	a, b, ok := strings.Cut(c, ".")
	at, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || id <= 0 {
		return time.Time{}, 0, false
	}
	return time.UnixMicro(at).UTC(), id, true
}
