package api_test

import (
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
)

type articleReply struct {
	Slug, Title, Topic, Status, Visibility, Body, HTML string
	Tags                                               []string
	Version                                            int
}

// TestWriteArticlesAPI: create, read with its ETag, update with the version,
// a stale update refused, every save a version with its diff.
func TestWriteArticlesAPI(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var a articleReply
		r := f.do(req{Method: "POST", Path: "/api/v1/kb/articles", As: access.Agent, Body: map[string]any{
			"title": "Où trouver le DCE ?", "topic": "dce", "tags": []string{"DCE", "plateforme"}, "legal": "CCP R2132-2",
			"body": "Le DCE est sur le profil d'acheteur.\n\n<script>alert(1)</script> [x](javascript:alert(1)) <iframe src=x></iframe>"}})
		r.decode(t, 201, &a)
		if a.Slug != "ou-trouver-le-dce" || a.Version != 1 || a.Status != "draft" || a.Visibility != "public" ||
			r.Header.Get("Location") != "/api/v1/kb/articles/ou-trouver-le-dce" || r.Header.Get("ETag") != `"1"` {
			t.Fatalf("created %+v %v", a, r.Header)
		}
		for _, bad := range []string{"<script", "javascript:", "<iframe", "alert(1)</script"} {
			if strings.Contains(a.HTML, bad) {
				t.Errorf("rendered html keeps %q: %s", bad, a.HTML)
			}
		}
		if !strings.Contains(a.Body, "<script>") {
			t.Error("the Markdown itself is kept as written; only its rendering is cleaned")
		}
		get := f.do(req{Method: "GET", Path: "/api/v1/kb/articles/ou-trouver-le-dce", As: access.Agent})
		if get.Status != 200 || get.Header.Get("ETag") != `"1"` {
			t.Fatalf("get: %d %v", get.Status, get.Header)
		}

		// A supervisor publishes, giving the version read in If-Match; the agent's
		// tags are kept since they are not sent.
		r = f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/ou-trouver-le-dce", As: access.Supervisor,
			Header: map[string]string{"If-Match": `"1"`}, Body: map[string]any{"status": "published", "note": "relu"}})
		r.decode(t, 200, &a)
		if a.Version != 2 || a.Status != "published" || len(a.Tags) != 2 || r.Header.Get("ETag") != `"2"` {
			t.Fatalf("patched %+v", a)
		}
		// Another writer still holding version 1 is refused: nothing is overwritten.
		p := f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/ou-trouver-le-dce", As: access.Supervisor,
			Body: map[string]any{"body": "Version concurrente.", "version": 1}}).problem(t, 409)
		if !strings.Contains(p.Detail, "version 2") {
			t.Errorf("conflict %+v", p)
		}
		// Without a version, the save is refused too.
		if p := f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/ou-trouver-le-dce", As: access.Supervisor,
			Body: map[string]any{"body": "Sans version."}}).problem(t, 422); p.field("version") == "" {
			t.Errorf("no version: %+v", p)
		}
		if p := f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/ou-trouver-le-dce", As: access.Supervisor,
			Header: map[string]string{"If-Match": `"1"`}, Body: map[string]any{"body": "x", "version": 2}}).problem(t, 422); p.field("version") == "" {
			t.Errorf("version and If-Match disagree: %+v", p)
		}
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles/ou-trouver-le-dce", As: access.Agent}).decode(t, 200, &a)
		if a.Version != 2 || strings.Contains(a.Body, "concurrente") {
			t.Errorf("a refused save changed the article: %+v", a)
		}

		var vs struct {
			Items []struct {
				Version    int
				AuthorName string `json:"author_name"`
				Note, Diff string
				AuthorID   *int64 `json:"author_id"`
			}
		}
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles/ou-trouver-le-dce/versions", As: access.Viewer}).decode(t, 200, &vs)
		if len(vs.Items) != 2 || vs.Items[0].Version != 2 || vs.Items[0].AuthorName != "Compte supervisor" ||
			vs.Items[0].Note != "relu" || !strings.Contains(vs.Items[0].Diff, "+Statut : published") ||
			vs.Items[1].AuthorName != "Compte agent" || vs.Items[1].AuthorID == nil {
			t.Errorf("versions %+v", vs)
		}
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles/inconnu/versions", As: access.Agent}).problem(t, 404)
		f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/inconnu", As: access.Supervisor,
			Body: map[string]any{"version": 1}}).problem(t, 404)
	})
}

// TestWriteArticlesBadInput: each wrong field is named; nothing is written.
func TestWriteArticlesBadInput(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, c := range []struct {
			name   string
			body   any
			status int
			fields []string
		}{
			{"unknown topic and empty title", map[string]any{"title": " ", "topic": "astrologie", "body": "x"}, 422, []string{"title", "topic"}},
			{"no body, bad visibility and status", map[string]any{"title": "T", "topic": "dce", "visibility": "secret", "status": "archived"}, 422,
				[]string{"body", "visibility", "status"}},
			{"bad slug", map[string]any{"slug": "Pas Bon", "title": "T", "topic": "dce", "body": "x"}, 422, []string{"slug"}},
			{"unknown field", map[string]any{"title": "T", "topic": "dce", "body": "x", "auteur": "moi"}, 422, []string{"auteur"}},
			{"version on create", map[string]any{"title": "T", "topic": "dce", "body": "x", "version": 3}, 422, []string{"version"}},
			{"tags not a list", map[string]any{"title": "T", "topic": "dce", "body": "x", "tags": "DCE"}, 422, []string{"tags"}},
			{"title not a string", map[string]any{"title": 12, "topic": "dce", "body": "x"}, 422, []string{"title"}},
			{"too many tags", map[string]any{"title": "T", "topic": "dce", "body": "x", "tags": strings.Fields("a b c d e f g h i j k l m n o p q r s t u")}, 422, []string{"tags"}},
			{"not JSON", `{"title": `, 400, nil},
		} {
			p := f.do(req{Method: "POST", Path: "/api/v1/kb/articles", As: access.Agent, Body: c.body}).problem(t, c.status)
			for _, field := range c.fields {
				if p.field(field) == "" {
					t.Errorf("%s: field %s not named: %+v", c.name, field, p.Errors)
				}
			}
		}
		// A PATCH with a wrong type or an address change is refused, naming the field.
		var a articleReply
		f.do(req{Method: "POST", Path: "/api/v1/kb/articles", As: access.Agent,
			Body: map[string]any{"title": "Brouillon", "topic": "dce", "body": "x"}}).decode(t, 201, &a)
		for field, body := range map[string]map[string]any{
			"slug":    {"slug": "autre", "version": 1},
			"version": {"version": "1"},
			"topic":   {"topic": "astrologie", "version": 1},
		} {
			if p := f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/brouillon", As: access.Agent, Body: body}).problem(t, 422); p.field(field) == "" {
				t.Errorf("patch %v: field %s not named: %+v", body, field, p.Errors)
			}
		}
		var pg struct{ Items []articleReply }
		f.do(req{Method: "GET", Path: "/api/v1/kb/articles", As: access.Agent}).decode(t, 200, &pg)
		if len(pg.Items) != 1 || pg.Items[0].Version != 1 {
			t.Errorf("refused requests wrote: %+v", pg.Items)
		}
	})
}

// TestWriteArticlesRoles: viewers write nothing, agents and specialists write
// drafts but do not publish, supervisors and admins publish.
func TestWriteArticlesRoles(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		draft := func(slug string) map[string]any {
			return map[string]any{"slug": slug, "title": "Article " + slug, "topic": "dce", "body": "Texte."}
		}
		f.do(req{Method: "POST", Path: "/api/v1/kb/articles", Body: draft("anonyme")}).problem(t, 401)
		f.do(req{Method: "POST", Path: "/api/v1/kb/articles", As: access.Viewer, Body: draft("lecteur")}).problem(t, 403)
		for _, role := range []access.Role{access.Agent, access.Specialist} {
			body := draft(string(role))
			body["status"] = "published"
			if p := f.do(req{Method: "POST", Path: "/api/v1/kb/articles", As: role, Body: body}).problem(t, 403); p.field("status") == "" {
				t.Errorf("%s: refusal does not name status: %+v", role, p)
			}
			delete(body, "status")
			f.do(req{Method: "POST", Path: "/api/v1/kb/articles", As: role, Body: body}).decode(t, 201, &articleReply{})
			f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/" + string(role), As: role,
				Body: map[string]any{"status": "published", "version": 1}}).problem(t, 403)
			f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/" + string(role), As: access.Viewer,
				Body: map[string]any{"body": "Lecteur.", "version": 1}}).problem(t, 403)
		}
		for _, role := range []access.Role{access.Supervisor, access.Admin} {
			body := draft(string(role))
			body["status"] = "published"
			var a articleReply
			f.do(req{Method: "POST", Path: "/api/v1/kb/articles", As: role, Body: body}).decode(t, 201, &a)
			if a.Status != "published" {
				t.Errorf("%s: %+v", role, a)
			}
		}
		// Once published, an agent may not change it any more.
		f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/supervisor", As: access.Agent,
			Body: map[string]any{"body": "Corrigé.", "version": 1}}).problem(t, 403)
		var a articleReply
		f.do(req{Method: "PATCH", Path: "/api/v1/kb/articles/agent", As: access.Supervisor,
			Body: map[string]any{"status": "published", "version": 1}}).decode(t, 200, &a)
		if a.Status != "published" || a.Version != 2 {
			t.Errorf("supervisor publishes the agent's draft: %+v", a)
		}
	})
}
