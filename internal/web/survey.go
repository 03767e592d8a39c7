package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// The satisfaction survey's public pages. The mail sent after a request is
// resolved links to /enquete/{token}?note=N, one link per note: following one
// records the note at once (nothing is preselected: the company chooses by
// clicking), and the page offers to change it and to leave a comment. The token
// is the only credential: signed, for this survey only, expiring (core/survey.go).

// surveyView is the survey page.
type surveyView struct {
	core.SurveyView
	Token  string
	Rated  bool // a note was just recorded
	Thanks bool // the comment was just recorded
	Notes  []surveyNote
	Errors map[string]string
}

// surveyNote is one of the five notes, as a link.
type surveyNote struct {
	N       int
	URL     string
	Current bool
}

// surveyPage records the note of the link followed, if any, and shows the survey.
func (s *server) surveyPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	token := r.PathValue("token")
	var sv core.SurveyView
	var err error
	raw, rated := r.URL.Query().Get("note"), false
	if raw != "" {
		n, convErr := strconv.Atoi(raw)
		if convErr != nil {
			n = 0 // refused by Rate with a clear message
		}
		sv, err = s.core.Rate(r.Context(), token, n)
		rated = true
	} else {
		sv, err = s.core.Survey(r.Context(), token)
	}
	if err != nil {
		return err
	}
	return s.renderSurvey(w, r, v, http.StatusOK, surveyPageOf(sv, token, rated, false))
}

// surveyComment records the optional comment.
func (s *server) surveyComment(w http.ResponseWriter, r *http.Request, v *visit) error {
	token := r.PathValue("token")
	sv, err := s.core.CommentSurvey(r.Context(), token, r.PostForm.Get("comment"))
	var ce *errs.Error
	if errors.As(err, &ce) && ce.Code == errs.Invalid {
		cur, err := s.core.Survey(r.Context(), token)
		if err != nil {
			return err
		}
		page := surveyPageOf(cur, token, false, false)
		page.Errors = fieldMap(ce)
		return s.renderSurvey(w, r, v, http.StatusUnprocessableEntity, page)
	}
	if err != nil {
		return err
	}
	return s.renderSurvey(w, r, v, http.StatusOK, surveyPageOf(sv, token, false, true))
}

func surveyPageOf(sv core.SurveyView, token string, rated, thanks bool) *surveyView {
	p := &surveyView{SurveyView: sv, Token: token, Rated: rated, Thanks: thanks}
	for n := 1; n <= 5; n++ {
		p.Notes = append(p.Notes, surveyNote{N: n, URL: "/enquete/" + token + "?note=" + strconv.Itoa(n),
			Current: n == sv.Rating})
	}
	return p
}

func (s *server) renderSurvey(w http.ResponseWriter, r *http.Request, v *visit, status int, p *surveyView) error {
	// A survey link is a credential: the page must not leak it to other sites.
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, v, status, "survey", v.lang.T("survey.title"), p)
}

// phoneRating records the note a caller gave at the end of a call.
func (s *server) phoneRating(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "Demande introuvable.")
	}
	note, err := strconv.Atoi(r.PostForm.Get("note"))
	if err != nil {
		return errs.Field("note", "choisissez une note de 1 à 5")
	}
	if err := s.core.RecordPhoneRating(r.Context(), v.actor, id, note); err != nil {
		return err
	}
	http.Redirect(w, r, "/agent/tickets/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
