package api

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
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
	setETag(w, a.Version)
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

// articleCreate is the body of POST /kb/articles. The address (slug) is taken
// from the title when absent; no version: it is the first.
type articleCreate struct {
	Slug       string   `json:"slug"`
	Title      string   `json:"title"`
	Topic      string   `json:"topic"`
	Tags       []string `json:"tags"`
	Legal      string   `json:"legal"`
	Visibility string   `json:"visibility"`
	Status     string   `json:"status"`
	Body       string   `json:"body"`
	Related    []string `json:"related"`
	Note       string   `json:"note"`
}

// createArticle writes a new article, a draft unless the caller may publish
// (access.PublishArticle). The same checks as the workspace editor apply
// (core.SaveArticle): topic of the taxonomy, lengths, visibility, status.
func (s *server) createArticle(w http.ResponseWriter, r *http.Request) error {
	var in articleCreate
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	a, err := s.core.SaveArticle(r.Context(), actorOf(r), core.ArticleInput{Slug: in.Slug, Title: in.Title, Topic: in.Topic,
		Tags: in.Tags, Legal: in.Legal, Visibility: in.Visibility, Status: in.Status, Body: in.Body, Related: in.Related,
		Note: in.Note})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/kb/articles/"+a.Slug)
	setETag(w, a.Version)
	return writeJSON(w, http.StatusCreated, articleView(a, s.core.RenderArticle(a)))
}

// articlePatch is the body of PATCH /kb/articles/{slug}: only the fields
// present change; the address does not. The version read is required (here or
// in If-Match): two writers never overwrite each other silently.
type articlePatch struct {
	Title      *string   `json:"title"`
	Topic      *string   `json:"topic"`
	Tags       *[]string `json:"tags"`
	Legal      *string   `json:"legal"`
	Visibility *string   `json:"visibility"`
	Status     *string   `json:"status"`
	Body       *string   `json:"body"`
	Related    *[]string `json:"related"`
	Note       string    `json:"note"`
	Version    *int      `json:"version"`
}

// updateArticle saves a new version of an article, with the diff from the
// previous one; a version older than the current one is a 409.
func (s *server) updateArticle(w http.ResponseWriter, r *http.Request) error {
	var p articlePatch
	if err := s.decode(w, r, &p); err != nil {
		return err
	}
	version, err := articleVersion(p.Version, r.Header.Get("If-Match"))
	if err != nil {
		return err
	}
	cur, err := s.core.Article(r.Context(), actorOf(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	in := core.ArticleInput{Slug: cur.Slug, Title: cur.Title, Topic: cur.Topic, Tags: cur.Tags, Legal: cur.Legal,
		Visibility: string(cur.Visibility), Status: string(cur.Status), Body: cur.Body, Related: cur.Related,
		Version: version, Note: p.Note}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.Title, p.Title)
	set(&in.Topic, p.Topic)
	set(&in.Legal, p.Legal)
	set(&in.Visibility, p.Visibility)
	set(&in.Status, p.Status)
	set(&in.Body, p.Body)
	if p.Tags != nil {
		in.Tags = *p.Tags
	}
	if p.Related != nil {
		in.Related = *p.Related
	}
	// The fields not sent are those of the version read; core refuses the save
	// if that is not the current one any more.
	a, err := s.core.SaveArticle(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	setETag(w, a.Version)
	return writeJSON(w, http.StatusOK, articleView(a, s.core.RenderArticle(a)))
}

// articleVersion is the version the client read, from the body or If-Match
// ("3", W/"3"); both given must agree, and one is required.
func articleVersion(body *int, ifMatch string) (int, error) {
	n := 0
	if body != nil {
		if *body < 1 {
			return 0, errs.Field("version", "la version commence à 1 : renvoyez celle de l'article lu")
		}
		n = *body
	}
	if ifMatch = strings.TrimSpace(ifMatch); ifMatch != "" && ifMatch != "*" {
		h, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(ifMatch, "W/"), `"`))
		if err != nil || h < 1 {
			return 0, errs.Field("If-Match", fmt.Sprintf("version attendue, comme l'ETag de l'article (\"3\"), reçu « %s »", ifMatch))
		}
		if n != 0 && n != h {
			return 0, errs.Field("version", fmt.Sprintf("la version du corps (%d) et celle d'If-Match (%d) diffèrent", n, h))
		}
		n = h
	}
	if n == 0 {
		return 0, errs.Field("version", "obligatoire : la version lue (champ version ou en-tête If-Match, l'ETag de l'article), pour ne pas écraser une modification faite entre-temps")
	}
	return n, nil
}

// versionJSON is one saved state of an article: who, when, why, and the line
// diff from the previous one.
type versionJSON struct {
	Version    int       `json:"version"`
	Title      string    `json:"title"`
	Status     string    `json:"status"`
	Visibility string    `json:"visibility"`
	AuthorID   *int64    `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Note       string    `json:"note"`
	At         time.Time `json:"at"`
	Diff       string    `json:"diff"`
}

// listArticleVersions is an article's history, newest first.
func (s *server) listArticleVersions(w http.ResponseWriter, r *http.Request) error {
	_, vs, err := s.core.ArticleVersions(r.Context(), actorOf(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[versionJSON]{Items: items(vs, func(v kb.Version) versionJSON {
		out := versionJSON{Version: v.Version, Title: v.Title, Status: string(v.Status), Visibility: string(v.Visibility),
			AuthorName: v.AuthorName, Note: v.Note, At: v.At.UTC(), Diff: v.Diff}
		if v.AuthorID != 0 {
			id := v.AuthorID
			out.AuthorID = &id
		}
		return out
	})})
}
