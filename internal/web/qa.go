package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// publishQA publishes the answer to a request about one of our consultations
// as an anonymised question and answer of the consultation (equal treatment).
// A refused post shows the ticket page again with what was typed.
func (s *server) publishQA(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	in := core.NewQA{Question: r.PostForm.Get("question"), Answer: r.PostForm.Get("answer")}
	if _, err := s.core.PublishAnswer(r.Context(), v.actor, id, in); err != nil {
		return s.ticketFailed(w, r, v, id, ticketForm{Failed: "qa", Question: in.Question, Answer: in.Answer}, err)
	}
	return seeTicket(w, r, id, "qa")
}

// qaPublicView is the public page of a consultation's questions and answers.
type qaPublicView struct {
	*core.ConsultationQA
	Email      string
	Subscribed bool
	Errors     map[string]string
}

// qaPage shows the anonymised questions and answers published on one of our
// consultations: public, as equal treatment requires, and linked from the mail
// that announces each answer.
func (s *server) qaPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	page, err := s.core.PublishedQAs(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	view := &qaPublicView{ConsultationQA: page, Subscribed: r.URL.Query().Get("abonnement") == "1"}
	return s.render(w, r, v, http.StatusOK, "qa_public", v.lang.T("qa.public.title", page.Consultation.Reference), view)
}

// qaSubscribe records an address that wants the consultation's next answers.
// The form is public (its page is); Go's cross-origin protection guards it.
func (s *server) qaSubscribe(w http.ResponseWriter, r *http.Request, v *visit) error {
	ref, email := r.PathValue("ref"), r.PostForm.Get("email")
	err := s.core.SubscribeQA(r.Context(), ref, email)
	var ce *errs.Error
	if errors.As(err, &ce) && ce.Code == errs.Invalid {
		page, perr := s.core.PublishedQAs(r.Context(), ref)
		if perr != nil {
			return perr
		}
		view := &qaPublicView{ConsultationQA: page, Email: email, Errors: fieldMap(ce)}
		return s.render(w, r, v, http.StatusUnprocessableEntity, "qa_public", v.lang.T("qa.public.title", ref), view)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/consultations/"+url.PathEscape(ref)+"/questions?abonnement=1#abonnement", http.StatusSeeOther)
	return nil
}
