package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// The ticket page's workflow forms: classification, assignment to a member,
// escalation to a service, redirection to the buyer, off-topic, and the macros
// of the reply box. Each posts the version it was made from: a colleague's save
// in between is a conflict shown on the page, with what was typed kept.

// loadActions fills what the workflow forms need: the lists, the members, the
// macros and the prefilled compound answers.
func (s *server) loadActions(ctx context.Context, v *visit, tv *ticketView) error {
	tk := tv.Ticket
	tv.Scopes, tv.Priorities = ticket.Scopes(), ticket.Priorities()
	tv.Reopen = tk.State == ticket.Resolved && tv.CanUpdate
	if tv.CanUpdate {
		members, err := s.core.Members(ctx, v.actor, tk.TeamID)
		if err != nil {
			return err
		}
		tv.Members = members
	}
	if !tv.CanReply || !tk.State.IsActive() {
		return nil
	}
	macros, err := s.core.Macros(ctx, v.actor, false)
	if err != nil {
		return err
	}
	tv.Macros = macros
	if tv.Redirect, err = s.core.RedirectText(ctx, v.actor, tk.ID); err != nil {
		if tv.RedirectErr = fieldMap(asInvalid(err))["consultation_ref"]; tv.RedirectErr == "" {
			return err
		}
	}
	tv.OffTopic, err = s.core.OffTopicText(ctx, v.actor, tk.ID)
	return err
}

// asInvalid is err as an invalid-input error, or an empty one.
func asInvalid(err error) *errs.Error {
	if e, ok := err.(*errs.Error); ok && e.Code == errs.Invalid {
		return e
	}
	return &errs.Error{}
}

// changeFields changes the request's topic, scope, consultation and priority.
func (s *server) changeFields(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	pf := r.PostForm
	f := ticketForm{Failed: "fields", Topic: pf.Get("topic"), Scope: pf.Get("scope"),
		Consultation: pf.Get("consultation"), Priority: pf.Get("priority")}
	sc, pr := ticket.Scope(f.Scope), ticket.Priority(f.Priority)
	u := ticket.Update{Topic: &f.Topic, Scope: &sc, ConsultationRef: &f.Consultation, Priority: &pr}
	if err := s.update(r, v, id, u); err != nil {
		return s.ticketFailed(w, r, v, id, f, err)
	}
	return seeTicket(w, r, id, "fields")
}

// escalate sends the request to a service with a note for it.
func (s *server) escalate(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	f := ticketForm{Failed: "escalate", Team: r.PostForm.Get("team"), EscNote: r.PostForm.Get("note")}
	_, err = s.core.EscalateToService(r.Context(), v.actor, id, f.Team, f.EscNote, formVersion(r))
	if err != nil {
		return s.ticketFailed(w, r, v, id, f, err)
	}
	return seeTicket(w, r, id, "escalate")
}

// redirectToBuyer sends the reply that points the company to the buyer and
// resolves the request as redirected.
func (s *server) redirectToBuyer(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	f := ticketForm{Failed: "redirect", Redirect: r.PostForm.Get("body")}
	if _, err := s.core.RedirectToBuyer(r.Context(), v.actor, id, f.Redirect, formVersion(r)); err != nil {
		return s.ticketFailed(w, r, v, id, f, err)
	}
	return seeTicket(w, r, id, "redirect")
}

// markOffTopic sends the off-topic answer and resolves the request as such.
func (s *server) markOffTopic(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	f := ticketForm{Failed: "offtopic", OffTopic: r.PostForm.Get("body")}
	if _, err := s.core.MarkOffTopic(r.Context(), v.actor, id, f.OffTopic, formVersion(r)); err != nil {
		return s.ticketFailed(w, r, v, id, f, err)
	}
	return seeTicket(w, r, id, "offtopic")
}

// formVersion is the version a form was made from; 0 (absent) is refused by core.
func formVersion(r *http.Request) int {
	n, _ := strconv.Atoi(r.PostForm.Get("version"))
	return n
}

// macroText answers the reply box's "insert" with the macro's text filled for
// this request, as plain text.
func (s *server) macroText(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	mid, err := strconv.ParseInt(r.PathValue("macro"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "Réponse type inconnue.")
	}
	text, err := s.core.MacroText(r.Context(), v.actor, mid, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err = w.Write([]byte(text))
	return err
}
