package core_test

import (
	"context"
	"errors"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestTelephonyAdministration: only administrators register switchboards and
// extensions; bad input names its field; a token works only from its networks.
func TestTelephonyAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		if _, err := f.svc.AddPBX(ctx, f.actors[access.Agent], "Asterisk", ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an agent registered a switchboard: %v", err)
		}
		token, err := f.svc.AddPBX(ctx, f.actors[access.Admin], "Asterisk", "192.0.2.0/24")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AuthenticatePBX(ctx, token, netip.MustParseAddr("192.0.2.7")); err != nil {
			t.Fatalf("from its network: %v", err)
		}
		if _, err := f.svc.AuthenticatePBX(ctx, token, netip.MustParseAddr("198.51.100.1")); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("from elsewhere: %v", err)
		}
		if _, err := f.svc.AuthenticatePBX(ctx, token+"x", netip.MustParseAddr("192.0.2.7")); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("a wrong token: %v", err)
		}
		// A revoked token is refused; revoking is the admin's, and only once.
		if err := f.svc.RevokePBX(ctx, f.actors[access.Agent], "Asterisk"); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an agent revoked a switchboard: %v", err)
		}
		if err := f.svc.RevokePBX(ctx, f.actors[access.Admin], "Asterisk"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AuthenticatePBX(ctx, token, netip.MustParseAddr("192.0.2.7")); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("a revoked token: %v", err)
		}
		if err := f.svc.RevokePBX(ctx, f.actors[access.Admin], "Asterisk"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("revoking twice: %v", err)
		}
		err = f.svc.SetExtension(ctx, f.actors[access.Admin], "personne@region.example", "20a", nil)
		var e *errs.Error
		if !errorsAs(err, &e) || len(e.Fields) != 2 {
			t.Fatalf("unknown user and bad extension, both reported: %v", err)
		}
	})
}

// TestLinkCallAndOriginate: the new-call form links its request to the call;
// click-to-call says clearly why it cannot call.
func TestLinkCallAndOriginate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		token, _ := f.svc.AddPBX(ctx, f.actors[access.Admin], "Asterisk", "")
		p, _ := f.svc.AuthenticatePBX(ctx, token, netip.MustParseAddr("127.0.0.1"))
		res, err := f.svc.HandleCallEvent(ctx, p, core.CallEventInput{Event: "answered", CallID: "l1", Extension: "201"})
		if err != nil {
			t.Fatal(err)
		}
		tk, _, err := f.svc.CreateTicket(ctx, f.actors[access.Agent], core.NewTicket{Channel: "phone", Subject: "Appel"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.LinkCall(ctx, f.actors[access.Agent], itoa(res.Call.ID), tk.ID); err != nil {
			t.Fatal(err)
		}
		page, _ := f.svc.Calls(ctx, f.actors[access.Agent], core.CallQuery{TicketID: tk.ID})
		if len(page.Calls) != 1 || page.Calls[0].CallID != "l1" {
			t.Fatalf("the call is not linked: %+v", page.Calls)
		}
		if err := f.svc.LinkCall(ctx, f.actors[access.Agent], "pas-un-appel", tk.ID); err != nil {
			t.Fatalf("a hand-typed call id must not fail the form: %v", err)
		}
		if err := f.svc.Originate(ctx, f.actors[access.Agent], "04 72 12 34 56"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("click-to-call without GUICHET_PBX_ORIGINATE_URL: %v", err)
		}
		svc := core.New(core.Options{Store: s, OriginateURL: "http://127.0.0.1:1/originate?to={to}"})
		err = svc.Originate(ctx, f.actors[access.Agent], "04 72 12 34 56")
		if err == nil || !strings.Contains(err.Error(), "aucun poste") {
			t.Fatalf("click-to-call for an agent without extension: %v", err)
		}
		if err := svc.Originate(ctx, f.actors[access.Agent], "bonjour"); err == nil || !strings.Contains(err.Error(), "invalide") {
			t.Fatalf("click-to-call to a non-number: %v", err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func errorsAs(err error, target **errs.Error) bool { return errors.As(err, target) }

// TestCallScreenLinksTheCall: a call logged from a screen pop (the form carries the
// call log's id) is linked to the request it created, in the same transaction.
func TestCallScreenLinksTheCall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		token, _ := f.svc.AddPBX(ctx, f.actors[access.Admin], "Asterisk", "")
		p, _ := f.svc.AuthenticatePBX(ctx, token, netip.MustParseAddr("127.0.0.1"))
		res, err := f.svc.HandleCallEvent(ctx, p, core.CallEventInput{Event: "answered", CallID: "pop-1", Extension: "201"})
		if err != nil {
			t.Fatal(err)
		}
		in := phoneCall(core.CallResolved)
		in.CallID = itoa(res.Call.ID)
		tk, err := f.svc.LogCall(ctx, f.actors[access.Agent], in, "")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := f.svc.Calls(ctx, f.actors[access.Agent], core.CallQuery{TicketID: tk.ID})
		if len(page.Calls) != 1 || page.Calls[0].CallID != "pop-1" {
			t.Fatalf("the call screen did not link its call: %+v", page.Calls)
		}
	})
}
