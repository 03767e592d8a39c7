package web

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/kb"
)

// The knowledge base in the workspace: the article list, the editor (also
// reached from a resolved request, "Transformer en FAQ"), the versions with
// their diffs, the search page, and the similar requests and articles of a
// request with their "insert link".

// kbListView is the article list.
type kbListView struct {
	*labels
	Articles []kb.Article
	Topic    string
	Status   string
	Saved    string
}

// kbList lists the articles, optionally of one topic or status.
func (s *server) kbList(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := r.URL.Query()
	f := core.ArticleFilter{Topic: q.Get("topic"), Status: kb.Status(q.Get("status"))}
	if f.Status != "" && f.Status != kb.Draft && f.Status != kb.Published {
		f.Status = ""
	}
	list, err := s.core.Articles(r.Context(), v.actor, f)
	if err != nil {
		return err
	}
	lb, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	view := &kbListView{labels: lb, Articles: list, Topic: f.Topic, Status: string(f.Status), Saved: q.Get("done")}
	return s.render(w, r, v, http.StatusOK, "kb_list", v.lang.T("kb.title"), view)
}

// kbEditView is the article editor.
type kbEditView struct {
	*labels
	Form    core.ArticleInput
	New     bool
	Preview template.HTML
	Errors  map[string]string
	Saved   bool
	URL     string // the article's public page when it is public and published
	// CanPublish: the actor may publish (access.PublishArticle); otherwise the
	// editor offers drafts only.
	CanPublish bool
	// Locked: the article is published and the actor may not publish, so may not
	// change it either; the form is shown disabled.
	Locked bool
}

// Err is a field's error.
func (ev *kbEditView) Err(field string) string { return ev.Errors[field] }

// Joined writes a list field back into its text input.
func (ev *kbEditView) Joined(list []string) string { return strings.Join(list, ", ") }

func (ev *kbEditView) here() string {
	if ev.New {
		return "/agent/kb/nouveau"
	}
	return "/agent/kb/" + ev.Form.Slug
}

// kbNew opens the editor on a new article; ?ticket=ID prefills it from a
// resolved request, the company's identity removed.
func (s *server) kbNew(w http.ResponseWriter, r *http.Request, v *visit) error {
	view, err := s.editView(r, v, core.ArticleInput{Visibility: "public", Status: "draft"}, true)
	if err != nil {
		return err
	}
	if raw := r.URL.Query().Get("ticket"); raw != "" {
		id, _ := strconv.ParseInt(raw, 10, 64)
		d, err := s.core.FAQDraft(r.Context(), v.actor, id)
		if err != nil {
			return err
		}
		view.Form = core.ArticleInput{Slug: d.Slug, Title: d.Title, Topic: d.Topic, Body: d.Body,
			Visibility: string(d.Visibility), Status: string(d.Status), SourceTicketID: d.SourceTicketID}
	}
	return s.render(w, r, v, http.StatusOK, "kb_edit", v.lang.T("kb.new"), view)
}

// kbEdit opens the editor on an article, with its rendered preview.
func (s *server) kbEdit(w http.ResponseWriter, r *http.Request, v *visit) error {
	a, err := s.core.Article(r.Context(), v.actor, r.PathValue("slug"))
	if err != nil {
		return err
	}
	view, err := s.editView(r, v, inputOf(a), false)
	if err != nil {
		return err
	}
	view.Locked = a.Status == kb.Published && !view.CanPublish
	view.Preview, view.Saved = s.core.RenderArticle(a), r.URL.Query().Get("done") == "1"
	if a.IsPublic() {
		view.URL = "/faq/articles/" + a.Slug
	}
	return s.render(w, r, v, http.StatusOK, "kb_edit", a.Title, view)
}

func inputOf(a *kb.Article) core.ArticleInput {
	return core.ArticleInput{Slug: a.Slug, Title: a.Title, Topic: a.Topic, Tags: a.Tags, Legal: a.Legal,
		Visibility: string(a.Visibility), Status: string(a.Status), Body: a.Body, Related: a.Related, Version: a.Version}
}

func (s *server) editView(r *http.Request, v *visit, in core.ArticleInput, isNew bool) (*kbEditView, error) {
	lb, err := s.loadLabels(r.Context())
	if err != nil {
		return nil, err
	}
	return &kbEditView{labels: lb, Form: in, New: isNew, Errors: map[string]string{},
		CanPublish: core.CanPublishArticles(v.actor)}, nil
}

// kbSave creates (POST /agent/kb) or saves a new version of an article; a
// refused save shows the form again as typed, with its errors.
func (s *server) kbSave(w http.ResponseWriter, r *http.Request, v *visit) error {
	f := r.PostForm
	in := core.ArticleInput{Slug: f.Get("slug"), Title: f.Get("title"), Topic: f.Get("topic"), Tags: splitComma(f.Get("tags")),
		Legal: f.Get("legal"), Visibility: f.Get("visibility"), Status: f.Get("status"), Body: f.Get("body"),
		Related: splitComma(f.Get("related")), Note: f.Get("note")}
	in.SourceTicketID, _ = strconv.ParseInt(f.Get("ticket"), 10, 64)
	if slug := r.PathValue("slug"); slug != "" {
		in.Slug = slug
		n, err := strconv.Atoi(f.Get("version"))
		if err != nil || n < 1 {
			return errs.Field("version", "version de l'article manquante : rechargez la page")
		}
		in.Version = n
	}
	a, err := s.core.SaveArticle(r.Context(), v.actor, in)
	var ce *errs.Error
	if err == nil {
		http.Redirect(w, r, "/agent/kb/"+a.Slug+"?done=1", http.StatusSeeOther)
		return nil
	} else if !errors.As(err, &ce) || (ce.Code != errs.Invalid && ce.Code != errs.Conflict && ce.Code != errs.Forbidden) {
		return err
	}
	// Refused (invalid, stale, or a publication the role may not make): the form
	// again as typed, nothing lost, the reason shown.
	view, lerr := s.editView(r, v, in, in.Version == 0)
	if lerr != nil {
		return lerr
	}
	view.Errors = fieldMap(ce)
	status := http.StatusUnprocessableEntity
	if ce.Code == errs.Forbidden {
		status = http.StatusForbidden
		view.Errors[""] = ce.Message
	}
	return s.render(w, r, v, status, "kb_edit", v.lang.T("kb.edit"), view)
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// kbVersionsView is an article's history.
type kbVersionsView struct {
	Article  *kb.Article
	Versions []kb.Version
}

// Lines splits a version's diff for display.
func (kv *kbVersionsView) Lines(v kb.Version) []kb.DiffLine { return kb.ParseDiff(v.Diff) }

// kbVersions shows every saved state of an article: who, when, what changed.
func (s *server) kbVersions(w http.ResponseWriter, r *http.Request, v *visit) error {
	a, vs, err := s.core.ArticleVersions(r.Context(), v.actor, r.PathValue("slug"))
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "kb_versions", v.lang.T("kb.versions.title", a.Title),
		&kbVersionsView{Article: a, Versions: vs})
}

// kbSearchView is the workspace's search page.
type kbSearchView struct {
	*labels
	Q      string
	Kind   string
	Result *core.SearchResult
}

// Kinds lists the kinds of documents the search offers to keep.
func (kv *kbSearchView) Kinds() []string {
	return []string{core.KindRequest, core.KindMessage, core.KindArticle, core.KindConsultation}
}

// kbSearch searches requests, messages, articles and consultations.
func (s *server) kbSearch(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := r.URL.Query()
	in := core.SearchInput{Q: q.Get("q"), Topic: q.Get("topic"), Limit: 50}
	if k := q.Get("kind"); k != "" {
		in.Kinds = []string{k}
	}
	res, err := s.core.Search(r.Context(), v.actor, in)
	if err != nil {
		return err
	}
	lb, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, v, http.StatusOK, "kb_search", v.lang.T("kb.search.title"),
		&kbSearchView{labels: lb, Q: res.Query, Kind: q.Get("kind"), Result: res})
}

// kbSimilarView is the "similar" block of a request.
type kbSimilarView struct {
	TicketID  int64
	Requests  []core.SearchHit
	Articles  []core.SearchHit
	CanFAQ    bool // resolved: "Transformer en FAQ" is offered
	CanInsert bool
}

// kbSimilar shows the answered requests and the articles most similar to a
// request. With ?fragment=1 it is the block alone, which the ticket page's
// script inserts; without, a page of its own (no script needed).
func (s *server) kbSimilar(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	tk, err := s.core.Ticket(r.Context(), v.actor, id)
	if err != nil {
		return err
	}
	reqs, arts, err := s.core.Similar(r.Context(), v.actor, id)
	if err != nil {
		return err
	}
	view := &kbSimilarView{TicketID: id, Requests: reqs, Articles: arts,
		CanFAQ:    (tk.State == "resolved" || tk.State == "closed") && v.actor.Can("ticket.reply", v.actor.TeamID),
		CanInsert: v.actor.Can("ticket.reply", tk.TeamID)}
	if r.URL.Query().Get("fragment") == "1" {
		return s.renderPart(w, r, v, "kb_similar", "similar", view)
	}
	return s.render(w, r, v, http.StatusOK, "kb_similar", v.lang.T("kb.similar.title"), view)
}
