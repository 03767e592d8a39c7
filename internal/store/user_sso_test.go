package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestUserSSOLink: an account is found by the identity it is linked to; one
// identity opens one account, an account links one identity until unlinked.
func TestUserSSOLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		write := func(fn func(tx *store.Tx) error) error { return s.Write(ctx, fn) }
		users := map[string]*access.User{}
		for _, email := range []string{"anne@region.example", "paul@region.example"} {
			u := &access.User{Email: email, Name: email, Role: access.Agent, Active: true, CreatedAt: time.Unix(1e9, 0)}
			if err := write(func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
				t.Fatal(err)
			}
			users[email] = u
		}
		anne, paul := users["anne@region.example"], users["paul@region.example"]
		idp := store.SSOLink{Issuer: "https://idp.example", Subject: "a-1"}

		if _, l, err := s.FindUserSSOByEmail(ctx, anne.Email); err != nil || l.Linked() {
			t.Fatalf("new account: %+v %v, want unlinked", l, err)
		}
		if _, err := s.FindUserBySSO(ctx, idp.Issuer, idp.Subject); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown identity: %v", err)
		}
		if err := write(func(tx *store.Tx) error { return tx.LinkUserSSO(ctx, anne.ID, idp) }); err != nil {
			t.Fatal(err)
		}
		if u, err := s.FindUserBySSO(ctx, idp.Issuer, idp.Subject); err != nil || u.ID != anne.ID {
			t.Fatalf("by identity: %+v %v", u, err)
		}
		if _, l, err := s.FindUserSSOByEmail(ctx, anne.Email); err != nil || l != idp {
			t.Fatalf("link read back: %+v %v", l, err)
		}
		// The same subject at another issuer is another identity.
		if _, err := s.FindUserBySSO(ctx, "https://autre.example", idp.Subject); !errs.Is(err, errs.NotFound) {
			t.Fatalf("other issuer: %v", err)
		}
		if err := write(func(tx *store.Tx) error { return tx.LinkUserSSO(ctx, anne.ID, idp) }); err != nil {
			t.Errorf("linking again to the same identity: %v", err)
		}
		conflicts := []struct {
			name string
			id   int64
			link store.SSOLink
		}{
			{"an account linked to another identity", anne.ID, store.SSOLink{Issuer: idp.Issuer, Subject: "a-2"}},
			{"an identity already another account's", paul.ID, idp},
		}
		for _, c := range conflicts {
			if err := write(func(tx *store.Tx) error { return tx.LinkUserSSO(ctx, c.id, c.link) }); !errs.Is(err, errs.Conflict) {
				t.Errorf("%s: %v, want a conflict", c.name, err)
			}
		}
		if err := write(func(tx *store.Tx) error { return tx.SetUserEmail(ctx, anne.ID, paul.Email) }); !errs.Is(err, errs.Conflict) {
			t.Errorf("taking another account's address: %v, want a conflict", err)
		}
		if err := write(func(tx *store.Tx) error { return tx.SetUserEmail(ctx, anne.ID, "anne.b@region.example") }); err != nil {
			t.Fatal(err)
		}
		if u, err := s.FindUserBySSO(ctx, idp.Issuer, idp.Subject); err != nil || u.Email != "anne.b@region.example" {
			t.Fatalf("after the change of address: %+v %v", u, err)
		}
		if err := write(func(tx *store.Tx) error { return tx.UnlinkUserSSO(ctx, anne.ID) }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindUserBySSO(ctx, idp.Issuer, idp.Subject); !errs.Is(err, errs.NotFound) {
			t.Fatalf("after unlinking: %v", err)
		}
		// Free again: another account may take the identity.
		if err := write(func(tx *store.Tx) error { return tx.LinkUserSSO(ctx, paul.ID, idp) }); err != nil {
			t.Errorf("linking the freed identity: %v", err)
		}
	})
}
