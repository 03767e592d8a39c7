package api

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/kb"
)

// articleJSON is a knowledge-base article; html is its body rendered and
// sanitised, acronyms linked to the glossary.
type articleJSON struct {
	Slug        string        `json:"slug"`
	Title       string        `json:"title"`
	Topic       string        `json:"topic"`
	Tags        []string      `json:"tags"`
	Legal       string        `json:"legal"`
	Visibility  string        `json:"visibility"`
	Status      string        `json:"status"`
	Body        string        `json:"body"`
	HTML        template.HTML `json:"html,omitempty"`
	Related     []string      `json:"related"`
	Version     int           `json:"version"`
	HelpfulYes  int64         `json:"helpful_yes"`
	HelpfulNo   int64         `json:"helpful_no"`
	URL         string        `json:"url"`
	ContentDate string        `json:"content_date"`
	UpdatedAt   time.Time     `json:"updated_at"`
	PublishedAt *time.Time    `json:"published_at"`
}

func articleView(a *kb.Article, html template.HTML) articleJSON {
	url := "/agent/kb/" + a.Slug
	if a.IsPublic() {
		url = "/faq/articles/" + a.Slug
	}
	return articleJSON{Slug: a.Slug, Title: a.Title, Topic: a.Topic, Tags: nonNil(a.Tags), Legal: a.Legal,
		Visibility: string(a.Visibility), Status: string(a.Status), Body: a.Body, HTML: html, Related: nonNil(a.Related),
		Version: a.Version, HelpfulYes: a.HelpfulYes, HelpfulNo: a.HelpfulNo, URL: url,
		ContentDate: a.ContentDate.Format("2006-01-02"), UpdatedAt: a.UpdatedAt.UTC(), PublishedAt: timestamp(a.PublishedAt)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// listArticles is one page of the knowledge base, by slug.
func (s *server) listArticles(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := core.ArticleFilter{Topic: q.Get("topic"), Status: kb.Status(q.Get("status")), Visibility: kb.Visibility(q.Get("visibility"))}
	if f.Status != "" && f.Status != kb.Draft && f.Status != kb.Published {
		return errs.Field("status", "draft ou published attendu")
	}
	if f.Visibility != "" && f.Visibility != kb.Public && f.Visibility != kb.Internal {
		return errs.Field("visibility", "public ou internal attendu")
	}
	limit, err := pageSize(r)
	if err != nil {
		return err
	}
	if raw := q.Get("cursor"); raw != "" {
		parts, err := decodeCursor(raw, "article", 2)
		if err != nil {
			return err
		}
		f.After = parts[0]
	}
	f.Limit = limit + 1
	found, err := s.core.Articles(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	out := page[articleJSON]{}
	if len(found) > limit {
		found = found[:limit]
		out.NextCursor = encodeCursor("article", found[limit-1].Slug)
	}
	out.Items = items(found, func(a kb.Article) articleJSON { return articleView(&a, "") })
	return writeJSON(w, http.StatusOK, out)
}

// getArticle is one article with its rendered body.
func (s *server) getArticle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.core.Article(r.Context(), actorOf(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, articleView(a, s.core.RenderArticle(a)))
}

// suggestionJSON is an article suggested for a question.
type suggestionJSON struct {
	Slug    string        `json:"slug"`
	Title   string        `json:"title"`
	Topic   string        `json:"topic"`
	URL     string        `json:"url"`
	Snippet []segmentJSON `json:"snippet"`
}

type segmentJSON struct {
	Text  string `json:"text"`
	Match bool   `json:"match"`
}

// suggestArticles returns the published public articles that best answer q:
// what the public form shows as a company types. It needs no token and shows
// only what the public FAQ shows.
func (s *server) suggestArticles(w http.ResponseWriter, r *http.Request) error {
	limit, err := limitParam(r, 3, 10)
	if err != nil {
		return err
	}
	hits, err := s.core.Suggest(r.Context(), r.URL.Query().Get("q"), limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[suggestionJSON]{Items: items(hits, func(h core.SearchHit) suggestionJSON {
		return suggestionJSON{Slug: h.Ref, Title: h.Title, Topic: h.Topic, URL: h.URL, Snippet: segments(h)}
	})})
}

func segments(h core.SearchHit) []segmentJSON {
	out := make([]segmentJSON, 0, len(h.Snippet))
	for _, sg := range h.Snippet {
		out = append(out, segmentJSON{Text: sg.Text, Match: sg.Match})
	}
	return out
}

// trimmed reads a query parameter without its surrounding spaces.
func trimmed(r *http.Request, name string) string { return strings.TrimSpace(r.URL.Query().Get(name)) }
