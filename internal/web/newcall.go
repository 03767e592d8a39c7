package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// The call screen (nouvel appel): one form the agent fills while on the phone.
// Without JavaScript, its buttons post the whole form back (search the caller,
// pick a match, search a consultation), so nothing typed is lost; with it,
// static/workspace.js fetches the same results as HTML fragments as the agent
// types, and runs the call's timer.

// callForm is the call screen's fields, as typed.
type callForm struct {
	Q, SIRET, CompanyName, ContactName, ContactPhone, ContactEmail string
	Topic, Scope, Consultation, Subject, Question, Answer          string
	Duration, Started, CallID, Key, Ending, Team                   string
}

// callView is the call screen.
type callView struct {
	*labels
	Form          callForm
	Matches       []core.CallerMatch
	Searched      bool // a lookup ran: "nobody found" is worth saying
	Consultations []*tender.Consultation
	Consulted     bool
	SIRETStatus   siretStatus
	Errors        map[string]string
	Scopes        []ticket.Scope
	Endings       []string
}

// siretStatus is what the SIRET field's live check says.
type siretStatus struct {
	Known   *company.Company
	Unknown bool   // valid, not in the catalog: the company will be created
	Error   string // not a SIRET
}

// readCallForm reads the posted (or, for the prefill, queried) fields.
func readCallForm(v url.Values) callForm {
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return callForm{Q: g("q"), SIRET: g("siret"), CompanyName: g("company_name"), ContactName: g("contact_name"),
		ContactPhone: g("contact_phone"), ContactEmail: g("contact_email"), Topic: g("topic"), Scope: g("scope"),
		Consultation: g("consultation"), Subject: g("subject"), Question: v.Get("question"), Answer: v.Get("answer"),
		Duration: g("duration"), Started: g("started"), CallID: g("call_id"), Key: g("key"), Ending: g("ending"),
		Team: g("team")}
}

// newCallPage shows the empty call screen, or the one the telephony pop-up
// opens: /agent/appel?phone=%2B33472123456&call_id=XYZ&started=UNIX_SECONDS
// fills the phone, looks the caller up, starts the timer at the call's start
// and carries the call id.
func (s *server) newCallPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := r.URL.Query()
	f := readCallForm(q)
	if p := strings.TrimSpace(q.Get("phone")); p != "" {
		f.ContactPhone = p
		if e164, err := phone.Normalize(p); err == nil {
			f.ContactPhone = phone.Format(e164)
		}
		f.Q = orDefault(f.Q, f.ContactPhone)
	}
	if f.Key == "" {
		f.Key = randomToken()
	}
	cv, err := s.callView(r, v, f)
	if err != nil {
		return err
	}
	if f.Q != "" {
		if err := s.lookUp(r, v, cv); err != nil {
			return err
		}
	}
	return s.render(w, r, v, http.StatusOK, "newcall", v.lang.T("call.title"), cv)
}

// postCall is the call form posted: a search, a pick, or the save.
func (s *server) postCall(w http.ResponseWriter, r *http.Request, v *visit) error {
	cv, err := s.callView(r, v, readCallForm(r.PostForm))
	if err != nil {
		return err
	}
	switch {
	case r.PostForm.Get("pick") != "":
		cv.pick(r.PostForm.Get("pick"))
		s.checkSIRETInto(r, v, cv)
	case r.PostForm.Get("pick_consultation") != "":
		cv.Form.Consultation = r.PostForm.Get("pick_consultation")
	case r.PostForm.Get("do") == "search":
		err = s.lookUp(r, v, cv)
	case r.PostForm.Get("do") == "consult":
		err = s.findConsultations(r, v, cv)
	default:
		return s.saveCall(w, r, v, cv)
	}
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "newcall", v.lang.T("call.title"), cv)
}

// saveCall logs the call and opens its request; a refused call comes back
// filled, each error beside its field.
func (s *server) saveCall(w http.ResponseWriter, r *http.Request, v *visit, cv *callView) error {
	f := cv.Form
	in, err := f.call(s.now())
	if err == nil {
		var tk *ticket.Ticket
		if tk, err = s.core.LogCall(r.Context(), v.actor, in, f.Key); err == nil {
			http.Redirect(w, r, "/agent/tickets/"+strconv.FormatInt(tk.ID, 10)+"?done=call", http.StatusSeeOther)
			return nil
		}
	}
	var ce *errs.Error
	if !errors.As(err, &ce) || ce.Code != errs.Invalid {
		return err
	}
	cv.Errors = map[string]string{}
	for field, msg := range fieldMap(ce) {
		if field == "call_duration_seconds" {
			field = "duration"
		}
		if !slices.Contains(callFields, field) {
			field = "" // shown above the form, as a whole
		}
		if cv.Errors[field] == "" {
			cv.Errors[field] = msg
		}
	}
	s.checkSIRETInto(r, v, cv)
	return s.render(w, r, v, http.StatusUnprocessableEntity, "newcall", v.lang.T("call.title"), cv)
}

// callFields are the fields the call screen shows an error beside.
var callFields = []string{"company.siret", "company.name", "contact.name", "contact.phone", "contact.email", "topic",
	"scope", "consultation_ref", "subject", "question", "answer", "duration", "ending", "team"}

// call is the form as core takes it. The duration is "m:ss" (or "h:mm:ss", or a
// number of minutes); left empty, it runs from the call's start when the
// telephony gave one.
func (f callForm) call(now time.Time) (core.NewCall, error) {
	in := core.NewCall{Topic: f.Topic, Scope: f.Scope, ConsultationRef: f.Consultation, Subject: f.Subject,
		Question: f.Question, Answer: f.Answer, Ending: f.Ending, TeamID: f.Team, CallID: f.CallID}
	if f.SIRET != "" || f.CompanyName != "" {
		in.Company = &core.CompanyInput{SIRET: f.SIRET, Name: f.CompanyName}
	}
	if f.ContactName != "" || f.ContactPhone != "" || f.ContactEmail != "" {
		in.Contact = &core.ContactInput{Name: f.ContactName, Phone: f.ContactPhone, Email: f.ContactEmail}
	}
	secs, err := parseDuration(f.Duration)
	if err != nil {
		return in, errs.Field("duration", err.Error())
	}
	if f.Duration == "" {
		if started, err := strconv.ParseInt(f.Started, 10, 64); err == nil && started > 0 {
			secs = int(min(max(now.Unix()-started, 0), 86_400))
		}
	}
	in.CallSeconds = secs
	return in, nil
}

// parseDuration reads "4:05", "1:02:03" or "12" (minutes) as seconds.
func parseDuration(typed string) (int, error) {
	if typed == "" {
		return 0, nil
	}
	bad := fmt.Errorf("durée illisible « %s » : écrivez minutes:secondes, par exemple 4:05", typed)
	parts := strings.Split(typed, ":")
	if len(parts) > 3 {
		return 0, bad
	}
	total := 0
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 || (i > 0 && n > 59) {
			return 0, bad
		}
		total = total*60 + n
	}
	if len(parts) == 1 {
		total *= 60 // a bare number is minutes
	}
	return total, nil
}

// pick copies a lookup match into the caller's fields. The match travels as a
// query string in the button's value: the page needs no state of its own.
func (cv *callView) pick(raw string) {
	m, err := url.ParseQuery(raw)
	if err != nil {
		return
	}
	f := &cv.Form
	f.SIRET, f.CompanyName = m.Get("siret"), m.Get("company_name")
	for dst, k := range map[*string]string{&f.ContactName: "contact_name", &f.ContactPhone: "contact_phone",
		&f.ContactEmail: "contact_email"} {
		if val := m.Get(k); val != "" || m.Has("contact_id") {
			*dst = val
		}
	}
}

// callView is the screen's data with its lists.
func (s *server) callView(r *http.Request, v *visit, f callForm) (*callView, error) {
	lb, err := s.loadLabels(r.Context())
	if err != nil {
		return nil, err
	}
	return &callView{labels: lb, Form: f, Scopes: ticket.Scopes(), Endings: core.CallEndings()}, nil
}

// here is where a page answering the call form's post comes back to.
func (cv *callView) here() string { return "/agent/appel" }

// lookUp finds the caller from the lookup field.
func (s *server) lookUp(r *http.Request, v *visit, cv *callView) error {
	m, err := s.core.Callers(r.Context(), v.actor, cv.Form.Q)
	cv.Matches, cv.Searched = m, true
	return err
}

// findConsultations searches the catalog with the consultation field's words.
func (s *server) findConsultations(r *http.Request, v *visit, cv *callView) error {
	c, err := s.core.Consultations(r.Context(), v.actor, core.ConsultationQuery{Text: cv.Form.Consultation, Limit: 8})
	cv.Consultations, cv.Consulted = c, true
	return err
}

// checkSIRETInto fills the SIRET field's status.
func (s *server) checkSIRETInto(r *http.Request, v *visit, cv *callView) {
	if cv.Form.SIRET == "" {
		return
	}
	c, err := s.core.CheckSIRET(r.Context(), v.actor, cv.Form.SIRET)
	var ce *errs.Error
	switch {
	case errors.As(err, &ce):
		cv.SIRETStatus.Error = fieldMap(ce)["siret"]
	case err == nil && c == nil:
		cv.SIRETStatus.Unknown = true
	case err == nil:
		cv.SIRETStatus.Known = c
	}
}

// MatchValue is a match as the "pick" button posts it.
func (cv *callView) MatchValue(m core.CallerMatch) string {
	q := url.Values{}
	if m.Company != nil {
		q.Set("siret", m.Company.SIRET)
		q.Set("company_name", m.Company.Name)
	}
	if m.Contact.ID != 0 {
		q.Set("contact_id", strconv.FormatInt(m.Contact.ID, 10))
		q.Set("contact_name", m.Contact.Name)
		q.Set("contact_phone", phone.Format(m.Contact.Phone))
		q.Set("contact_email", m.Contact.Email)
	}
	return q.Encode()
}

// Phone writes a stored number as the French read it.
func (cv *callView) Phone(e164 string) string { return phone.Format(e164) }

// The fragments the call screen's script fetches as the agent types; each is the
// part of the page the post would show.

// callerFragment answers the lookup field.
func (s *server) callerFragment(w http.ResponseWriter, r *http.Request, v *visit) error {
	cv, err := s.callView(r, v, callForm{Q: r.URL.Query().Get("q")})
	if err == nil {
		err = s.lookUp(r, v, cv)
	}
	if err != nil {
		return err
	}
	return s.renderPart(w, r, v, "newcall", "caller-results", cv)
}

// siretFragment answers the SIRET field.
func (s *server) siretFragment(w http.ResponseWriter, r *http.Request, v *visit) error {
	cv, err := s.callView(r, v, callForm{SIRET: strings.TrimSpace(r.URL.Query().Get("siret"))})
	if err != nil {
		return err
	}
	s.checkSIRETInto(r, v, cv)
	return s.renderPart(w, r, v, "newcall", "siret-status", cv)
}

// consultationFragment answers the consultation field.
func (s *server) consultationFragment(w http.ResponseWriter, r *http.Request, v *visit) error {
	cv, err := s.callView(r, v, callForm{Consultation: r.URL.Query().Get("consultation")})
	if err == nil {
		err = s.findConsultations(r, v, cv)
	}
	if err != nil {
		return err
	}
	return s.renderPart(w, r, v, "newcall", "consultation-results", cv)
}

// canLogCalls reports whether a role may use the call screen, for the nav link.
func canLogCalls(a access.Actor) bool {
	return a.Can(access.CreateTicket, "") && a.Can(access.UpdateTicket, ticket.CellTeamID)
}
