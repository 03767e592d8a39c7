package api_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
)

func seedArticles(t *testing.T, f *fixture) {
	t.Helper()
	for _, a := range []core.ArticleInput{
		{Slug: "motifs-rejet", Title: "Connaître les motifs du rejet", Topic: "rejet", Legal: "CCP R2181-1",
			Body: "L'acheteur donne les motifs du rejet. [x](javascript:alert(1))", Status: "published", Visibility: "public"},
		{Slug: "consignes-rejet", Title: "Consignes internes sur le rejet", Topic: "rejet", Legal: "—",
			Body: "Interne.", Status: "published", Visibility: "internal"},
		{Slug: "dc4", Title: "Déclarer un sous-traitant", Topic: "execution", Legal: "CCP R2193-1",
			Body: "La sous-traitance se déclare.", Status: "draft"},
	} {
		if _, err := f.svc.SaveArticle(context.Background(), access.System(), a); err != nil {
			t.Fatal(err)
		}
	}
}

func TestKnowledgeBaseAPI(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		seedArticles(t, f)
		var pg struct {
			Items []struct {
				Slug, Status, URL string
			} `json:"items"`
			NextCursor *string `json:"next_cursor"`
		}
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles?limit=2", As: access.Agent}).decode(t, 200, &pg)
		if len(pg.Items) != 2 || pg.NextCursor == nil || pg.Items[0].Slug != "consignes-rejet" {
			t.Fatalf("page 1 %+v", pg)
		}
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles?limit=2&cursor=" + *pg.NextCursor, As: access.Agent}).decode(t, 200, &pg)
		if len(pg.Items) != 1 || pg.NextCursor != nil || pg.Items[0].Slug != "motifs-rejet" || pg.Items[0].URL != "/faq/articles/motifs-rejet" {
			t.Fatalf("page 2 %+v", pg)
		}
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles?status=draft", As: access.Agent}).decode(t, 200, &pg)
		if len(pg.Items) != 1 || pg.Items[0].Slug != "dc4" {
			t.Errorf("drafts %+v", pg)
		}
		if p := f.do(req{Method: "GET", Path: "/api/v1/kb/articles?status=secret", As: access.Agent}).problem(t, 422); p.field("status") == "" {
			t.Errorf("bad status: %+v", p)
		}
		var a struct{ HTML, Body string }
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles/motifs-rejet", As: access.Agent}).decode(t, 200, &a)
		if !strings.Contains(a.HTML, "<p>") || strings.Contains(a.HTML, "javascript:") {
			t.Errorf("html %q", a.HTML)
		}
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles/inconnu", As: access.Agent}).problem(t, 404)
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles"}).problem(t, 401)
	})
}

func TestSuggestAndSearchAPI(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		seedArticles(t, f)
		if _, _, err := f.svc.CreateTicket(context.Background(), f.users[access.Agent].Actor(), core.NewTicket{
			Channel: "phone", Subject: "Rejet de notre offre", Body: "Pourquoi notre offre est-elle rejetée ?",
			Topic: "rejet", Scope: "general"}, ""); err != nil {
			t.Fatal(err)
		}
		var sug struct {
			Items []struct{ Slug string } `json:"items"`
		}
		// Suggestions need no token and show only published public articles.
		f.do(req{Method: "GET", Path: "/api/v1/kb/suggest?q=" + url.QueryEscape("offre rejete pk")}).decode(t, 200, &sug)
		if len(sug.Items) != 1 || sug.Items[0].Slug != "motifs-rejet" {
			t.Errorf("suggest %+v", sug)
		}
		var res struct {
			Total int
			Items []struct {
				Kind, Ref string
				Snippet   []struct {
					Text  string
					Match bool
				}
			}
			Facets map[string][]struct {
				Value string
				Count int
			}
		}
		f.do(req{Method: "GET", Path: "/api/v1/search?q=rejet&kind=request,article", As: access.Agent}).decode(t, 200, &res)
		if res.Total != 3 || len(res.Facets["kind"]) != 2 {
			t.Errorf("search %+v", res)
		}
		for _, q := range []string{`"`, `*`, `rejet" OR "1"="1`, `NEAR(a b)`, strings.Repeat("x ", 5000), `'; DROP TABLE tickets; --`, "%00"} {
			r := f.do(req{Method: "GET", Path: "/api/v1/search?q=" + url.QueryEscape(q), As: access.Agent})
			if r.Status != 200 {
				t.Errorf("%.20q: %d %s", q, r.Status, r.Body)
			}
			if r := f.do(req{Method: "GET", Path: "/api/v1/kb/suggest?q=" + url.QueryEscape(q)}); r.Status != 200 {
				t.Errorf("suggest %.20q: %d", q, r.Status)
			}
		}
		if p := f.do(req{Method: "GET", Path: "/api/v1/search?q=x&kind=secret", As: access.Agent}).problem(t, 422); p.field("kind") == "" {
			t.Errorf("bad kind %+v", p)
		}
		f.do(req{Method: "GET", Path: "/api/v1/search?q=rejet"}).problem(t, 401)
		f.do(req{Method: "GET", Path: "/api/v1/search?q=rejet&limit=1000", As: access.Agent}).problem(t, 422)
	})
}
