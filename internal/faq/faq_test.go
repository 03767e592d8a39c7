package faq_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/faq"
	"github.com/guichet/guichet/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// site is the public FAQ over a seeded service with a few articles.
func site(t *testing.T) (http.Handler, *core.Service) {
	t.Helper()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	svc := core.New(core.Options{Store: storetest.OpenSQLite(t), Now: func() time.Time { return now }})
	ctx := context.Background()
	if err := svc.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	sys := access.System()
	for _, a := range []core.ArticleInput{
		{Slug: "motifs-rejet", Title: "Connaître les motifs du rejet", Topic: "rejet", Legal: "CCP R2181-1",
			Body:   "Le DCE et l'AE ne disent rien du rejet ; l'acheteur doit donner ses motifs.\n\n<script>alert(1)</script>",
			Status: "published", Visibility: "public", Related: []string{"sous-traitance", "consignes"}},
		{Slug: "sous-traitance", Title: "Déclarer un sous-traitant (DC4)", Topic: "execution", Legal: "CCP R2193-1",
			Body: "Le formulaire DC4.", Status: "published", Visibility: "public"},
		{Slug: "consignes", Title: "Consignes internes sur le rejet", Topic: "rejet", Legal: "—", Body: "Interne.",
			Status: "published", Visibility: "internal"},
		{Slug: "brouillon", Title: "Brouillon sur le rejet", Topic: "rejet", Legal: "—", Body: "Pas fini.", Status: "draft"},
	} {
		if _, err := svc.SaveArticle(ctx, sys, a); err != nil {
			t.Fatalf("%s: %v", a.Slug, err)
		}
	}
	return faq.New(faq.Options{Core: svc}), svc
}

func get(t *testing.T, h http.Handler, path string, hdr ...string) (int, string, http.Header) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body), rec.Header()
}

func TestPublicPages(t *testing.T) {
	h, _ := site(t)
	for _, c := range []struct {
		path   string
		status int
		want   []string
		not    []string
	}{
		{"/faq", 200, []string{`<html lang="fr">`, `href="/faq/rejet"`, "Connaître les motifs du rejet", `role="search"`,
			`<label for="faq-q">`}, []string{"Consignes internes", "Brouillon"}},
		{"/faq/rejet", 200, []string{"<h1>Rejet / non retenu</h1>", "Connaître les motifs du rejet"}, []string{"Consignes internes"}},
		{"/faq/articles/motifs-rejet", 200, []string{"À jour au <time datetime=\"2026-11-24\">24 novembre 2026</time>",
			"Base légale :</strong> CCP R2181-1", "Déclarer un sous-traitant (DC4)", `name="utile" value="oui"`},
			[]string{"<script>alert", "Consignes internes"}},
		{"/faq/articles/consignes", 404, nil, []string{"Interne."}},
		{"/faq/articles/brouillon", 404, nil, []string{"Pas fini."}},
		{"/faq/articles/..%2F..%2Fetc", 404, nil, nil},
		{"/faq/inconnu", 404, nil, nil},
		{"/faq/glossaire", 200, []string{"Glossaire des sigles"}, nil},
		{"/faq/recherche?q=" + url.QueryEscape(`sous traitance "DC4 OR 1=1 --`), 200, []string{"Déclarer un sous-traitant", "<mark>"}, nil},
		{"/faq/recherche?q=" + url.QueryEscape(strings.Repeat("*", 10000)), 200, []string{"Aucune réponse"}, nil},
		{"/faq/static/faq.css", 200, []string{"--accent"}, nil},
	} {
		code, body, hdr := get(t, h, c.path)
		if code != c.status {
			t.Errorf("%s: %d, want %d", c.path, code, c.status)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", c.path, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(body, n) {
				t.Errorf("%s shows %q", c.path, n)
			}
		}
		if c.status == 200 && !strings.Contains(hdr.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: no CSP", c.path)
		}
	}
}

func TestArticleAcronymsLinkToGlossary(t *testing.T) {
	h, svc := site(t)
	if len(svc.Glossary().Terms) == 0 {
		t.Skip("no starter glossary")
	}
	_, body, _ := get(t, h, "/faq/articles/motifs-rejet")
	if !strings.Contains(body, `href="/faq/glossaire#DCE"`) {
		t.Errorf("DCE not linked to the glossary")
	}
	_, g, _ := get(t, h, "/faq/glossaire")
	if !strings.Contains(g, `id="DCE"`) {
		t.Errorf("the glossary has no #DCE anchor")
	}
}

func TestSuggestFragmentAndVotes(t *testing.T) {
	h, svc := site(t)
	code, body, hdr := get(t, h, "/faq/suggest?q="+url.QueryEscape("ma candidature a ete rejete, pourquoi ?"))
	if code != 200 || strings.Contains(body, "<html") || !strings.Contains(body, `href="/faq/articles/motifs-rejet"`) ||
		strings.Contains(body, "consignes") || strings.Contains(body, "brouillon") {
		t.Fatalf("suggest %d: %s", code, body)
	}
	if c := hdr.Get("Set-Cookie"); !strings.Contains(c, "guichet_faq=") || !strings.Contains(c, "HttpOnly") {
		t.Errorf("no visitor cookie: %q", c)
	}
	for _, q := range []string{"", "?", `"`, "*", strings.Repeat("é", 10000), "'; DROP TABLE kb_articles; --"} {
		if code, body, _ := get(t, h, "/faq/suggest?q="+url.QueryEscape(q)); code != 200 || strings.Contains(body, "<li>") {
			t.Errorf("suggest %.20q: %d %s", q, code, body)
		}
	}
	d, err := svc.DeflectionRate(context.Background(), access.System(), time.Time{}.Add(time.Hour), time.Now().Add(24*365*time.Hour))
	if err != nil || d.Shown != 1 || d.Sent != 0 || d.Rate != 1 {
		t.Errorf("deflection %+v, %v", d, err)
	}

	vote := func(v string, cookie string) int {
		req := httptest.NewRequest("POST", "/faq/articles/motifs-rejet/vote", strings.NewReader("utile="+v))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if cookie != "" {
			req.Header.Set("Cookie", "guichet_faq="+cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	visitor := strings.Repeat("a", 32)
	if c := vote("oui", visitor); c != http.StatusSeeOther {
		t.Fatalf("vote: %d", c)
	}
	vote("oui", visitor)
	vote("non", strings.Repeat("b", 32))
	if c := vote("peut-être", visitor); c != http.StatusUnprocessableEntity {
		t.Errorf("bad vote: %d", c)
	}
	a, _ := svc.PublicArticle(context.Background(), "motifs-rejet")
	if a.HelpfulYes != 1 || a.HelpfulNo != 1 {
		t.Errorf("votes %d/%d, want 1/1", a.HelpfulYes, a.HelpfulNo)
	}
	// A vote posted from another site is refused.
	req := httptest.NewRequest("POST", "/faq/articles/motifs-rejet/vote", strings.NewReader("utile=non"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site vote: %d", rec.Code)
	}
}
