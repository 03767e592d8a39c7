package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// macrosView is the canned answers' management screen: every macro as a form
// of its own, and one to write a new one.
type macrosView struct {
	Macros       []core.Macro
	Placeholders []core.Placeholder
	// Failed is the macro whose save was refused (0: the new one), shown again
	// as typed with its errors.
	Failed *int64
	Form   core.MacroInput
	Errors map[string]string
	Saved  bool
}

// Err is a field's error when id is the form that failed.
func (mv *macrosView) Err(id int64, field string) string {
	if mv.Failed == nil || *mv.Failed != id {
		return ""
	}
	return mv.Errors[field]
}

// Typed is what the form of macro id shows: what was typed when it failed,
// the stored macro otherwise (a new one starts active).
func (mv *macrosView) Typed(id int64) core.MacroInput {
	if mv.Failed != nil && *mv.Failed == id {
		return mv.Form
	}
	for _, m := range mv.Macros {
		if m.ID == id {
			return core.MacroInput{Title: m.Title, Body: m.Body, Active: m.Active}
		}
	}
	return core.MacroInput{Active: true}
}

// macroForm is what the "macro-form" template receives: the page and the
// macro's id (0: the new one).
type macroForm struct {
	Page *page
	ID   int64
}

func (mv *macrosView) here() string { return "/agent/macros" }

// macrosPage lists the macros.
func (s *server) macrosPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	mv, err := s.loadMacros(r, v)
	if err != nil {
		return err
	}
	mv.Saved = r.URL.Query().Get("done") == "1"
	return s.render(w, r, v, http.StatusOK, "macros", v.lang.T("macros.title"), mv)
}

// saveMacro creates a macro (POST /agent/macros) or changes one.
func (s *server) saveMacro(w http.ResponseWriter, r *http.Request, v *visit) error {
	var id int64
	if raw := r.PathValue("macro"); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n <= 0 {
			return errs.E(errs.NotFound, "Réponse type inconnue.")
		}
		id = n
	}
	in := core.MacroInput{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Active: r.PostForm.Get("active") == "1"}
	_, err := s.core.SaveMacro(r.Context(), v.actor, id, in)
	var ce *errs.Error
	if err == nil {
		http.Redirect(w, r, "/agent/macros?done=1", http.StatusSeeOther)
		return nil
	} else if !errors.As(err, &ce) || ce.Code != errs.Invalid {
		return err
	}
	mv, lerr := s.loadMacros(r, v)
	if lerr != nil {
		return lerr
	}
	mv.Failed, mv.Form, mv.Errors = &id, in, fieldMap(ce)
	return s.render(w, r, v, http.StatusUnprocessableEntity, "macros", v.lang.T("macros.title"), mv)
}

func (s *server) loadMacros(r *http.Request, v *visit) (*macrosView, error) {
	list, err := s.core.Macros(r.Context(), v.actor, true)
	if err != nil {
		return nil, err
	}
	return &macrosView{Macros: list, Placeholders: core.Placeholders()}, nil
}
