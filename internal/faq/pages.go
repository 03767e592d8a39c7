package faq

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/kb"
	"github.com/guichet/guichet/internal/ticket"
)

// topicGroup is a topic with its published articles.
type topicGroup struct {
	Topic    ticket.Topic
	Articles []kb.Article
}

// groups returns the active topics that have articles, in the topics' order.
func (s *server) groups(r *http.Request, only string) ([]topicGroup, error) {
	topics, err := s.core.Topics(r.Context())
	if err != nil {
		return nil, err
	}
	arts, err := s.core.PublicArticles(r.Context(), only)
	if err != nil {
		return nil, err
	}
	var out []topicGroup
	for _, tp := range topics {
		if only != "" && tp.ID != only {
			continue
		}
		g := topicGroup{Topic: tp}
		for _, a := range arts {
			if a.Topic == tp.ID {
				g.Articles = append(g.Articles, a)
			}
		}
		if len(g.Articles) > 0 || only != "" {
			out = append(out, g)
		}
	}
	return out, nil
}

// home lists every topic with its articles, under the search box.
func (s *server) home(w http.ResponseWriter, r *http.Request) error {
	groups, err := s.groups(r, "")
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "home", "Questions fréquentes", struct{ Groups []topicGroup }{groups})
}

// topic lists the articles of one topic.
func (s *server) topic(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("topic")
	groups, err := s.groups(r, id)
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return errs.E(errs.NotFound, "Thème inconnu.")
	}
	return s.render(w, http.StatusOK, "topic", groups[0].Topic.LabelFR, groups[0])
}

// articlePage is what the article template shows.
type articlePage struct {
	Article *kb.Article
	Topic   ticket.Topic
	HTML    template.HTML
	Related []kb.Article
	Voted   string
}

// article shows one published public article.
func (s *server) article(w http.ResponseWriter, r *http.Request) error {
	a, err := s.core.PublicArticle(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	related, err := s.core.RelatedArticles(r.Context(), a, true)
	if err != nil {
		return err
	}
	p := articlePage{Article: a, HTML: s.core.RenderArticle(a), Related: related, Voted: r.URL.Query().Get("vote")}
	p.Topic = s.topicOf(r, a.Topic)
	return s.render(w, http.StatusOK, "article", a.Title, p)
}

func (s *server) topicOf(r *http.Request, id string) ticket.Topic {
	topics, _ := s.core.Topics(r.Context())
	for _, tp := range topics {
		if tp.ID == id {
			return tp
		}
	}
	return ticket.Topic{ID: id, LabelFR: id}
}

// vote records "was this helpful?" and comes back to the article.
func (s *server) vote(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	v := r.PostFormValue("utile")
	if v != "oui" && v != "non" {
		return errs.Field("utile", "répondez oui ou non")
	}
	if _, err := s.core.VoteArticle(r.Context(), slug, s.visitor(w, r), v == "oui"); err != nil {
		return err
	}
	http.Redirect(w, r, "/faq/articles/"+slug+"?vote="+v+"#utile", http.StatusSeeOther)
	return nil
}

// searchPage shows the published articles that answer q.
func (s *server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	hits, err := s.core.Suggest(r.Context(), q, 10)
	if err != nil {
		return err
	}
	data := struct {
		Q    string
		Hits []core.SearchHit
	}{strings.TrimSpace(q), hits}
	return s.render(w, http.StatusOK, "search", "Rechercher dans la FAQ", data)
}

// suggest is the fragment the public question form shows as a company types:
// the three published articles that best answer what it typed, or nothing.
// The suggestions shown are recorded for the deflection rate.
func (s *server) suggest(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	hits, err := s.core.Suggest(r.Context(), q, 3)
	if err != nil {
		return err
	}
	if len(hits) > 0 {
		if err := s.core.RecordSuggestions(r.Context(), s.visitor(w, r), q, hits); err != nil {
			s.log.Error("faq: record suggestions", "err", err)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.fragment(w, "suggest", hits)
}

// glossary lists the acronyms, each with its anchor (#DCE) that articles link to.
func (s *server) glossary(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, http.StatusOK, "glossary", "Glossaire des sigles", s.core.Glossary().Terms)
}
