package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// reply sends an answer to the company.
func (s *server) reply(w http.ResponseWriter, r *http.Request, v *visit) error {
	return s.postMessage(w, r, v, "reply", ticket.Outbound)
}

// note adds an internal note.
func (s *server) note(w http.ResponseWriter, r *http.Request, v *visit) error {
	return s.postMessage(w, r, v, "note", ticket.Note)
}

func (s *server) postMessage(w http.ResponseWriter, r *http.Request, v *visit, form string, kind ticket.MessageKind) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	body := r.PostForm.Get("body")
	if _, err := s.core.AddMessage(r.Context(), v.actor, id, core.NewMessage{Kind: string(kind), Body: body}); err != nil {
		f := ticketForm{Failed: form, Reply: body}
		if kind == ticket.Note {
			f = ticketForm{Failed: form, Note: body}
		}
		return s.ticketFailed(w, r, v, id, f, err)
	}
	return seeTicket(w, r, id, form)
}

// changeState moves the request to another state, with the outcome when it is
// resolved, if nobody changed it since the page was read.
func (s *server) changeState(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	f := ticketForm{Failed: "state", State: r.PostForm.Get("state"), Outcome: r.PostForm.Get("outcome")}
	st, oc := ticket.State(f.State), ticket.Outcome(f.Outcome)
	u := ticket.Update{State: &st}
	if oc != ticket.NoOutcome {
		u.Outcome = &oc
	}
	if err := s.update(r, v, id, u); err != nil {
		return s.ticketFailed(w, r, v, id, f, err)
	}
	return seeTicket(w, r, id, "state")
}

// assignToMe makes the viewer the request's agent, or, when the form names
// one (assignee: an account id, "" for nobody), that member.
func (s *server) assignToMe(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	who := v.actor.UserID
	f := ticketForm{Failed: "assign", Assignee: r.PostForm.Get("assignee")}
	if r.PostForm.Has("assignee") {
		if who, err = readAssignee(f.Assignee); err != nil {
			return s.ticketFailed(w, r, v, id, f, err)
		}
	}
	if err := s.update(r, v, id, ticket.Update{AssigneeID: &who}); err != nil {
		return s.ticketFailed(w, r, v, id, f, err)
	}
	if who != v.actor.UserID {
		return seeTicket(w, r, id, "assigned")
	}
	return seeTicket(w, r, id, "assign")
}

// readAssignee reads the assignee picker: an account id, or "" for nobody.
func readAssignee(raw string) (int64, error) {
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.Field("assignee_id", "agent inconnu : choisissez dans la liste")
	}
	return n, nil
}

// update runs an update with the version the form was made from. The version
// is required: core reads 0 as "do not check", which a form must never mean.
func (s *server) update(r *http.Request, v *visit, id int64, u ticket.Update) error {
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || version <= 0 {
		return errs.Field("version", "version de la demande absente : rechargez la page")
	}
	_, err = s.core.UpdateTicket(r.Context(), v.actor, id, u, version)
	return err
}

// formFields are the fields each form shows its errors beside; the errors of
// other fields are shown at the top of the form.
var formFields = map[string][]string{
	"reply": {"body"}, "note": {"body"}, "state": {"state", "outcome"}, "assign": {"assignee_id"},
	"fields": {"topic", "scope", "consultation_ref", "priority"}, "escalate": {"team", "note"},
	"redirect": {"body", "consultation_ref"}, "offtopic": {"body"},
	"qa": {"question", "answer"},
}

// ticketFailed shows the ticket page again after a refused post, with what was
// typed and the errors beside their fields. Only invalid input and conflicts
// come back to the form; a refusal or an outage is an error page.
func (s *server) ticketFailed(w http.ResponseWriter, r *http.Request, v *visit, id int64, f ticketForm, err error) error {
	var ce *errs.Error
	if !errors.As(err, &ce) || (ce.Code != errs.Invalid && ce.Code != errs.Conflict) {
		return err
	}
	f.Errors = map[string]string{}
	for field, msg := range fieldMap(ce) {
		if !slices.Contains(formFields[f.Failed], field) {
			field = ""
		}
		if f.Errors[field] == "" {
			f.Errors[field] = msg
		}
	}
	if ce.Code == errs.Conflict && f.Failed != "reply" && f.Failed != "note" {
		f.Errors[""] = v.lang.T("ticket.conflict") // a stale version: someone saved the request since
	}
	tv, err := s.loadTicket(r.Context(), r, v, id)
	if err != nil {
		return err
	}
	tv.Form = f
	return s.render(w, r, v, statuses[ce.Code], "ticket", ticketTitle(v, tv.Ticket), tv)
}

// seeTicket goes back to the ticket page after a successful post (303: a reload
// does not post again), which confirms what was done.
func seeTicket(w http.ResponseWriter, r *http.Request, id int64, action string) error {
	http.Redirect(w, r, "/agent/tickets/"+strconv.FormatInt(id, 10)+"?done="+action+"#timeline", http.StatusSeeOther)
	return nil
}
