package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/telephony"
)

// The calls of the switchboard in the workspace: the call log (/agent/appels),
// the caller's card the screen pop shows (static/live.js fetches it), the calls
// and the callback of a request (a block of the ticket page), the callback
// attempts, and click-to-call.

// phoneLinks formats numbers in the pages: French display and tel: links.
type phoneLinks struct{ canCall bool }

// Phone writes a number as the French write it.
func (phoneLinks) Phone(e164 string) string { return phone.Format(e164) }

// Tel is the tel: link of a number, or "" for anything but E.164 (a template
// would otherwise neutralise the unknown scheme).
func (phoneLinks) Tel(e164 string) template.URL {
	if len(e164) < 4 || e164[0] != '+' || strings.Trim(e164[1:], "0123456789") != "" {
		return ""
	}
	return template.URL("tel:" + e164)
}

// CanCall reports whether the "Appeler" button is offered (click-to-call).
func (p phoneLinks) CanOriginate() bool { return p.canCall }

// callLogView is the call log page.
type callLogView struct {
	phoneLinks
	Calls   []*telephony.Record
	Filter  callFilter
	Next    string // the address of the next page, "" at the end
	Results []telephony.Result
	Errors  []errs.FieldError
}

// callFilter is the log's filter form, as typed.
type callFilter struct {
	Phone, Result, Direction, Ticket string
	Company                          string // a SIRET: the company page's "all calls" link
	Mine                             bool
}

// callLog is GET /agent/appels: every call, newest first, with filters.
func (s *server) callLog(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := r.URL.Query()
	f := callFilter{Phone: strings.TrimSpace(q.Get("phone")), Result: q.Get("result"), Direction: q.Get("direction"),
		Ticket: strings.TrimSpace(q.Get("ticket")), Company: strings.TrimSpace(q.Get("company")), Mine: q.Get("mine") == "1"}
	cq := core.CallQuery{Phone: f.Phone, Result: f.Result, Direction: f.Direction, Cursor: q.Get("cursor"), Limit: 50,
		CompanySIRET: f.Company}
	if f.Mine {
		cq.AgentID = v.actor.UserID
	}
	if f.Ticket != "" {
		cq.TicketID, _ = strconv.ParseInt(f.Ticket, 10, 64)
	}
	view := &callLogView{phoneLinks: s.phoneLinks(), Filter: f, Results: telephony.Results()}
	page, err := s.core.Calls(r.Context(), v.actor, cq)
	status := http.StatusOK
	if e, ok := err.(*errs.Error); ok && e.Code == errs.Invalid {
		view.Errors, status = e.Fields, http.StatusUnprocessableEntity
	} else if err != nil {
		return err
	} else {
		view.Calls = page.Calls
		if page.Next != "" {
			q.Set("cursor", page.Next)
			view.Next = "/agent/appels?" + q.Encode()
		}
	}
	return s.render(w, r, v, status, "calls", v.lang.T("calls.title"), view)
}

func (s *server) phoneLinks() phoneLinks { return phoneLinks{canCall: s.core.CanOriginate()} }

// callerCardView is the screen pop's card.
type callerCardView struct {
	phoneLinks
	*core.CallerView
}

// callerCard is GET /agent/appels/{id}/fiche: the caller's card, an HTML
// fragment for the screen pop (and a page of its own without JavaScript).
func (s *server) callerCard(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errs.E(errs.NotFound, "Appel introuvable.")
	}
	c, err := s.core.CallerOf(r.Context(), v.actor, id)
	if err != nil {
		return err
	}
	view := &callerCardView{phoneLinks: s.phoneLinks(), CallerView: c}
	if r.URL.Query().Get("fragment") == "1" {
		return s.renderPart(w, r, v, "calls", "caller-card", view)
	}
	return s.render(w, r, v, http.StatusOK, "calls", v.lang.T("calls.card.title"), view)
}

// ticketCallsView is the calls block of a ticket page.
type ticketCallsView struct {
	phoneLinks
	TicketID    int64
	Number      string
	Calls       []*telephony.Record
	Callback    telephony.Callback
	IsCallback  bool
	CanCallBack bool
}

// ticketCalls is GET /agent/tickets/{id}/appels: the calls of a request and,
// for a callback, its attempts and the form to log one (a fragment the ticket
// page loads).
func (s *server) ticketCalls(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	cb, isCallback, err := s.core.Callback(r.Context(), v.actor, id)
	if err != nil {
		return err
	}
	page, err := s.core.Calls(r.Context(), v.actor, core.CallQuery{TicketID: id, Limit: 50})
	if err != nil {
		return err
	}
	tk, err := s.core.Ticket(r.Context(), v.actor, id)
	if err != nil {
		return err
	}
	view := &ticketCallsView{phoneLinks: s.phoneLinks(), TicketID: id, Number: tk.Number, Calls: page.Calls,
		Callback: cb, IsCallback: isCallback, CanCallBack: isCallback && v.actor.Can(access.ReplyTicket, tk.TeamID)}
	if r.URL.Query().Get("fragment") == "1" {
		return s.renderPart(w, r, v, "calls", "ticket-calls", view)
	}
	return s.render(w, r, v, http.StatusOK, "calls", v.lang.T("calls.ticket.title")+" · "+tk.Number, view)
}

// logCallback is POST /agent/tickets/{id}/rappel: a callback attempt.
func (s *server) logCallback(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	secs, _ := strconv.Atoi(strings.TrimSpace(f.Get("minutes")))
	in := core.CallbackAttempt{Reached: f.Get("outcome") == "reached", GiveUp: f.Get("outcome") == "give_up",
		Seconds: secs * 60, Note: f.Get("note")}
	if err := s.core.LogCallback(r.Context(), v.actor, id, in); err != nil {
		return err
	}
	http.Redirect(w, r, "/agent/tickets/"+strconv.FormatInt(id, 10)+"?done=call#timeline", http.StatusSeeOther)
	return nil
}

// originate is POST /agent/appeler: click-to-call through the switchboard; the
// agent comes back to the page the button was on.
func (s *server) originate(w http.ResponseWriter, r *http.Request, v *visit) error {
	if err := s.core.Originate(r.Context(), v.actor, r.PostForm.Get("to")); err != nil {
		return err
	}
	back := orDefault(safeNext(r.PostForm.Get("back")), "/agent")
	u, _ := url.Parse(back)
	q := u.Query()
	q.Set("appel", strconv.FormatInt(time.Now().Unix(), 10))
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
	return nil
}

// callPhone is a number and the page it is shown on, for the "phone-link"
// part: a tel: link and, with click-to-call, the "Appeler" button.
type callPhone struct {
	Page   *page
	Number string
}

// excerpt is the start of a message, on one line, for the screen pop.
func excerpt(body string) string {
	body = strings.Join(strings.Fields(body), " ")
	if r := []rune(body); len(r) > 140 {
		return string(r[:140]) + "…"
	}
	return body
}

// IsCard and IsTicket tell the "calls" screen which view it shows: the log, a
// caller's card or a request's calls.
func (*callLogView) IsCard() bool       { return false }
func (*callLogView) IsTicket() bool     { return false }
func (*callerCardView) IsCard() bool    { return true }
func (*callerCardView) IsTicket() bool  { return false }
func (*ticketCallsView) IsCard() bool   { return false }
func (*ticketCallsView) IsTicket() bool { return true }

// telephonyAdminView is the telephony admin screen: extensions and queues,
// blocked numbers.
type telephonyAdminView struct {
	phoneLinks
	*core.TelephonySettings
	Form   url.Values // what was typed, after a refusal
	Errors []errs.FieldError
	Done   string
	// WindowMinutes is the grouping window of missed calls (core.CallbackWindow).
	WindowMinutes int
}

// telephonyAdmin is GET /agent/admin/telephonie.
func (s *server) telephonyAdmin(w http.ResponseWriter, r *http.Request, v *visit) error {
	done := ""
	if d := r.URL.Query().Get("done"); d == "extension" || d == "block" || d == "unblock" || d == "window" {
		done = v.lang.T("calls.admin.done." + d)
	}
	return s.renderTelephonyAdmin(w, r, v, http.StatusOK, url.Values{}, nil, done)
}

func (s *server) renderTelephonyAdmin(w http.ResponseWriter, r *http.Request, v *visit, status int, form url.Values, fields []errs.FieldError, done string) error {
	settings, err := s.core.Telephony(r.Context(), v.actor)
	if err != nil {
		return err
	}
	window, err := s.core.CallbackWindow(r.Context(), v.actor)
	if err != nil {
		return err
	}
	view := &telephonyAdminView{phoneLinks: s.phoneLinks(), TelephonySettings: settings, Form: form, Errors: fields,
		Done: done, WindowMinutes: int(window / time.Minute)}
	return s.render(w, r, v, status, "calls", v.lang.T("calls.admin.title"), view)
}

// telephonyChange runs one change of the admin screen; a refused input shows
// the screen again with what was typed and why.
func (s *server) telephonyChange(w http.ResponseWriter, r *http.Request, v *visit, done string, change func() error) error {
	err := change()
	var e *errs.Error
	if errors.As(err, &e) && e.Code == errs.Invalid {
		return s.renderTelephonyAdmin(w, r, v, http.StatusUnprocessableEntity, r.PostForm, e.Fields, "")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/agent/admin/telephonie?done="+done, http.StatusSeeOther)
	return nil
}

// setExtension is POST /agent/admin/telephonie/postes.
func (s *server) setExtension(w http.ResponseWriter, r *http.Request, v *visit) error {
	f := r.PostForm
	return s.telephonyChange(w, r, v, "extension", func() error {
		return s.core.SetExtension(r.Context(), v.actor, f.Get("email"), f.Get("extension"), strings.Split(f.Get("queues"), ","))
	})
}

// blockNumber is POST /agent/admin/telephonie/blocages.
func (s *server) blockNumber(w http.ResponseWriter, r *http.Request, v *visit) error {
	return s.telephonyChange(w, r, v, "block", func() error {
		_, err := s.core.BlockNumber(r.Context(), v.actor, r.PostForm.Get("number"), r.PostForm.Get("reason"))
		return err
	})
}

// saveCallbackWindow is POST /agent/admin/telephonie/rappels: how close
// together a caller's missed calls must be to make one callback request.
func (s *server) saveCallbackWindow(w http.ResponseWriter, r *http.Request, v *visit) error {
	return s.telephonyChange(w, r, v, "window", func() error {
		return s.core.SaveCallbackWindow(r.Context(), v.actor, r.PostForm.Get("minutes"))
	})
}

// unblockNumber is POST /agent/admin/telephonie/deblocage.
func (s *server) unblockNumber(w http.ResponseWriter, r *http.Request, v *visit) error {
	return s.telephonyChange(w, r, v, "unblock", func() error {
		return s.core.UnblockNumber(r.Context(), v.actor, r.PostForm.Get("number"))
	})
}

// FieldError is the refusal of a field of the admin forms, "" when none.
func (v *telephonyAdminView) FieldError(field string) string {
	for _, e := range v.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

func (*telephonyAdminView) IsCard() bool   { return false }
func (*telephonyAdminView) IsTicket() bool { return false }
func (*telephonyAdminView) IsAdmin() bool  { return true }
func (*callLogView) IsAdmin() bool         { return false }
func (*callerCardView) IsAdmin() bool      { return false }
func (*ticketCallsView) IsAdmin() bool     { return false }
