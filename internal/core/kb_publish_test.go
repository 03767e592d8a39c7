package core_test

import (
	"context"
	"errors"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestPublishIsItsOwnPermission: every role that answers writes drafts, only
// admins and supervisors publish, change or withdraw a published article, and
// viewers write nothing.
func TestPublishIsItsOwnPermission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		// A published article, by the system, that every role then tries to change.
		pub, err := f.svc.SaveArticle(ctx, access.System(), core.ArticleInput{Slug: "publie", Title: "Article publié",
			Topic: "rejet", Body: "Texte publié.", Status: "published"})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			role           access.Role
			draft, publish bool
		}{
			{access.Admin, true, true},
			{access.Supervisor, true, true},
			{access.Agent, true, false},
			{access.Specialist, true, false},
			{access.Viewer, false, false},
		} {
			a := f.actors[c.role]
			if got := core.CanPublishArticles(a); got != c.publish {
				t.Errorf("%s: CanPublishArticles = %v, want %v", c.role, got, c.publish)
			}
			slug := "brouillon-" + string(c.role)
			d, err := f.svc.SaveArticle(ctx, a, core.ArticleInput{Slug: slug, Title: "Brouillon", Topic: "rejet", Body: "Texte.", Status: "draft"})
			if (err == nil) != c.draft || (err != nil && !errs.Is(err, errs.Forbidden)) {
				t.Errorf("%s writes a draft: %v, want allowed = %v", c.role, err, c.draft)
			}
			if !c.draft {
				continue
			}
			// Publishing one's draft.
			_, err = f.svc.SaveArticle(ctx, a, core.ArticleInput{Slug: slug, Title: "Brouillon", Topic: "rejet", Body: "Texte.",
				Status: "published", Version: d.Version})
			if (err == nil) != c.publish {
				t.Errorf("%s publishes its draft: %v, want allowed = %v", c.role, err, c.publish)
			}
			if err != nil {
				var e *errs.Error
				if !errors.As(err, &e) || e.Code != errs.Forbidden || len(e.Fields) != 1 || e.Fields[0].Field != "status" {
					t.Errorf("%s: the refusal must be forbidden and name the status: %v", c.role, err)
				}
				if again, _ := f.svc.Article(ctx, a, slug); again.Status != "draft" || again.Version != 1 {
					t.Errorf("%s: a refused publication changed the article: %+v", c.role, again)
				}
			}
			// Creating an article published outright.
			_, err = f.svc.SaveArticle(ctx, a, core.ArticleInput{Slug: "direct-" + string(c.role), Title: "Direct",
				Topic: "rejet", Body: "Texte.", Status: "published"})
			if (err == nil) != c.publish {
				t.Errorf("%s creates a published article: %v, want allowed = %v", c.role, err, c.publish)
			}
			// Changing, or withdrawing, what is published.
			cur, err := f.svc.Article(ctx, a, pub.Slug)
			if err != nil {
				t.Fatal(err)
			}
			for _, status := range []string{"published", "draft"} {
				_, err = f.svc.SaveArticle(ctx, a, core.ArticleInput{Slug: pub.Slug, Title: "Article publié", Topic: "rejet",
					Body: "Texte publié, corrigé par " + string(c.role) + ".", Status: status, Version: cur.Version})
				if (err == nil) != c.publish {
					t.Errorf("%s saves the published article as %s: %v, want allowed = %v", c.role, status, err, c.publish)
				}
				if err == nil {
					cur, _ = f.svc.Article(ctx, a, pub.Slug)
				}
			}
			if c.publish && cur.Status == "draft" { // put it back for the next role
				cur, err = f.svc.SaveArticle(ctx, a, core.ArticleInput{Slug: pub.Slug, Title: "Article publié", Topic: "rejet",
					Body: "Texte publié.", Status: "published", Version: cur.Version})
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
