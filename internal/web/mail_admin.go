package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// The administrators' mail screens. /agent/admin/courriels is the outbox as
// the delivery job sees it (queued, sent, failed mails, with their attempts and
// last SMTP error; a failed mail can be sent again once its cause is fixed) and
// the incoming mails that created nothing (auto-replies, bounces, list mail,
// duplicates), with the reason. /agent/admin/modeles lists the mail templates
// and edits one: a version that does not parse or names an unknown field is
// refused with the parser's French message, next to the field, and the typed
// text is kept; the preview renders a draft with the template's example data.

// outboxLimit bounds the mails the outbox screen lists.
const outboxLimit = 200

// ignoredLimit bounds the ignored incoming mails listed.
const ignoredLimit = 50

// mailStates are the outbox's states, in the filter's order.
var mailStates = []string{"pending", "sent", "failed"}

// mailAdminView is the outbox screen.
type mailAdminView struct {
	State   string // the filter: "" for every state
	States  []string
	Mails   []core.QueuedMail
	Ignored []core.ReceivedMail
	Done    bool // a failed mail was just queued again
}

// mailAdmin shows the outbox, filtered by state, and the ignored incoming mails.
func (s *server) mailAdmin(w http.ResponseWriter, r *http.Request, v *visit) error {
	view := &mailAdminView{State: r.URL.Query().Get("etat"), States: mailStates, Done: r.URL.Query().Get("done") == "retry"}
	if view.State != "" && !slices.Contains(mailStates, view.State) {
		return errs.Field("etat", "état inconnu « "+view.State+" » (pending, sent ou failed)")
	}
	var err error
	if view.Mails, err = s.core.Outbox(r.Context(), v.actor, view.State, 0, outboxLimit); err != nil {
		return err
	}
	if view.Ignored, err = s.core.IgnoredMails(r.Context(), v.actor, ignoredLimit); err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "mail_admin", v.lang.T("mail_admin.title"), view)
}

// retryMail makes a failed mail due again, and comes back to the failed ones.
func (s *server) retryMail(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "Le mail « %s » n'existe pas.", r.PathValue("id"))
	}
	if err := s.core.RetryMail(r.Context(), v.actor, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/agent/admin/courriels?etat=failed&done=retry", http.StatusSeeOther)
	return nil
}

// mailTemplateView is the templates screen: the list, and when one is open,
// its editor.
type mailTemplateView struct {
	Templates []core.MailTemplate
	Current   *core.MailTemplate // the template being edited; nil on the list
	Source    string             // what the editor holds (the typed text after a refusal)
	Preview   *previewView
	Errors    map[string]string
	Done      string // "save" or "reset", after their redirect
}

// previewView is a draft rendered with the example data.
type previewView struct{ Subject, Text, HTML string }

// here keeps a refused post's page on the template's address.
func (tv *mailTemplateView) here() string {
	if tv.Current == nil {
		return "/agent/admin/modeles"
	}
	return templatePath(*tv.Current)
}

func templatePath(t core.MailTemplate) string {
	return "/agent/admin/modeles/" + url.PathEscape(t.Name) + "/" + url.PathEscape(t.Lang)
}

// Path is the editor's address of a template, for the list's links.
func (tv *mailTemplateView) Path(t core.MailTemplate) string { return templatePath(t) }

// mailTemplates lists the templates.
func (s *server) mailTemplates(w http.ResponseWriter, r *http.Request, v *visit) error {
	list, err := s.core.MailTemplates(r.Context(), v.actor)
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "mail_template", v.lang.T("mail_template.title"), &mailTemplateView{Templates: list})
}

// mailTemplatePage opens one template in the editor.
func (s *server) mailTemplatePage(w http.ResponseWriter, r *http.Request, v *visit) error {
	view, err := s.templateView(r, v)
	if err != nil {
		return err
	}
	view.Source = view.Current.Source
	if d := r.URL.Query().Get("done"); d == "save" || d == "reset" {
		view.Done = d
	}
	return s.renderTemplate(w, r, v, http.StatusOK, view)
}

// saveMailTemplate saves the typed version, or previews it (action=preview).
// A refused version comes back in the editor with the reason beside it.
func (s *server) saveMailTemplate(w http.ResponseWriter, r *http.Request, v *visit) error {
	view, err := s.templateView(r, v)
	if err != nil {
		return err
	}
	view.Source = r.PostForm.Get("source")
	if r.PostForm.Get("action") == "preview" {
		out, err := s.core.PreviewMailTemplate(r.Context(), v.actor, view.Current.Name, view.Source)
		if err == nil {
			view.Preview = &previewView{Subject: out.Subject, Text: out.Text, HTML: out.HTML}
			return s.renderTemplate(w, r, v, http.StatusOK, view)
		}
		return s.refuseTemplate(w, r, v, view, err)
	}
	if err := s.core.SaveMailTemplate(r.Context(), v.actor, view.Current.Name, view.Current.Lang, view.Source); err != nil {
		return s.refuseTemplate(w, r, v, view, err)
	}
	http.Redirect(w, r, templatePath(*view.Current)+"?done=save", http.StatusSeeOther)
	return nil
}

// resetMailTemplate goes back to the embedded default.
func (s *server) resetMailTemplate(w http.ResponseWriter, r *http.Request, v *visit) error {
	view, err := s.templateView(r, v)
	if err != nil {
		return err
	}
	if err := s.core.ResetMailTemplate(r.Context(), v.actor, view.Current.Name, view.Current.Lang); err != nil {
		return err
	}
	http.Redirect(w, r, templatePath(*view.Current)+"?done=reset", http.StatusSeeOther)
	return nil
}

// templateView reads the list and finds the template of the path in it.
func (s *server) templateView(r *http.Request, v *visit) (*mailTemplateView, error) {
	list, err := s.core.MailTemplates(r.Context(), v.actor)
	if err != nil {
		return nil, err
	}
	name, lang := r.PathValue("name"), r.PathValue("lang")
	for i := range list {
		if list[i].Name == name && list[i].Lang == lang {
			return &mailTemplateView{Templates: list, Current: &list[i]}, nil
		}
	}
	return nil, errs.E(errs.NotFound, "Le modèle de mail « %s » (%s) n'existe pas.", name, lang)
}

// refuseTemplate shows the editor again with the typed text and the reason; an
// error that is not the template's own goes to the error page.
func (s *server) refuseTemplate(w http.ResponseWriter, r *http.Request, v *visit, view *mailTemplateView, err error) error {
	var ce *errs.Error
	if !errors.As(err, &ce) || ce.Code != errs.Invalid {
		return err
	}
	view.Errors = fieldMap(ce)
	return s.renderTemplate(w, r, v, http.StatusUnprocessableEntity, view)
}

func (s *server) renderTemplate(w http.ResponseWriter, r *http.Request, v *visit, status int, view *mailTemplateView) error {
	title := v.lang.T("mail_template.edit_title", view.Current.Name, view.Current.Lang)
	return s.render(w, r, v, status, "mail_template", title, view)
}
