package core_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

func TestAccountsPasswordsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		u, err := f.svc.AddUser(ctx, access.System(), core.NewUser{Email: "Juriste@Region.example", Name: "Claire Juriste",
			Role: "agent", Password: "un mot de passe solide"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "juriste@region.example" || u.TeamID != "cellule" {
			t.Fatalf("user stored as %+v", u)
		}
		if a, err := f.svc.CheckPassword(ctx, "JURISTE@region.example", "un mot de passe solide"); err != nil || a.UserID != u.ID {
			t.Fatalf("right password refused: %v", err)
		}
		for _, pw := range []string{"un mot de passe faux", "", "un mot de passe solide "} {
			if _, err := f.svc.CheckPassword(ctx, "juriste@region.example", pw); !errs.Is(err, errs.Unauthorized) {
				t.Fatalf("wrong password %q accepted: %v", pw, err)
			}
		}
		if _, err := f.svc.CheckPassword(ctx, "personne@region.example", "x"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("unknown account: %v", err)
		}
		tok, err := f.svc.CreateToken(ctx, access.System(), "juriste@region.example")
		if err != nil || !strings.HasPrefix(tok, "gch_") {
			t.Fatalf("token %q, %v", tok, err)
		}
		if a, err := f.svc.Authenticate(ctx, tok); err != nil || a.UserID != u.ID || a.Role != access.Agent {
			t.Fatalf("authenticate: %+v %v", a, err)
		}
		for _, bad := range []string{"", "gch_", tok + "x", "Bearer " + tok} {
			if _, err := f.svc.Authenticate(ctx, bad); !errs.Is(err, errs.Unauthorized) {
				t.Fatalf("token %q accepted: %v", bad, err)
			}
		}
		// An agent may make a token for itself only.
		if _, err := f.svc.CreateToken(ctx, u.Actor(), "admin@region.example"); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an agent made a token for the admin: %v", err)
		}
		if _, err := f.svc.CreateToken(ctx, u.Actor(), u.Email); err != nil {
			t.Fatalf("an agent could not make its own token: %v", err)
		}
	})
}

func TestAddUserRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		cases := []struct {
			in    core.NewUser
			field string
		}{
			{core.NewUser{Email: "pas une adresse", Role: "agent"}, "email"},
			{core.NewUser{Email: "a@region.example", Role: "root"}, "role"},
			{core.NewUser{Email: "a@region.example", Role: "specialist"}, "team"},
			{core.NewUser{Email: "a@region.example", Role: "specialist", TeamID: "espace"}, "team"},
			{core.NewUser{Email: "a@region.example", Role: "agent", Password: "court"}, "password"},
			{core.NewUser{Email: "agent@region.example", Role: "agent"}, "email"}, // already exists
		}
		for _, c := range cases {
			_, err := f.svc.AddUser(ctx, access.System(), c.in)
			if fieldsOf(t, err)[c.field] == "" {
				t.Errorf("%+v: error %v does not name %s", c.in, err, c.field)
			}
		}
		if _, err := f.svc.AddUser(ctx, f.actors[access.Supervisor], core.NewUser{Email: "b@region.example", Role: "agent"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a supervisor created an account: %v", err)
		}
	})
}
