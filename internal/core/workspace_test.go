package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// importLyon puts one consultation of another buyer in the catalog, with the
// buyer's contact and Q&A address.
func importLyon(t *testing.T, f *fixture) {
	t.Helper()
	_, err := f.svc.Import(context.Background(), access.System(), core.ImportBatch{Source: "test", Position: 1,
		Consultations: []core.ConsultationRecord{{
			Consultation: tender.Consultation{Reference: "26-123456", Object: "Maintenance des ascenseurs",
				CPV: []string{"50750000-7"}, Status: tender.Open, Deadline: f.now.Add(240 * time.Hour)},
			Buyer: tender.Buyer{Name: "Ville de Lyon", Kind: tender.Commune, Email: "marches@lyon.example",
				Phone: "+33472101010", QAURL: "https://marches.lyon.example/questions"}}}})
	if err != nil {
		t.Fatal(err)
	}
}

func phoneCall(ending string) core.NewCall {
	return core.NewCall{Company: &core.CompanyInput{SIRET: "443 061 841 00047", Name: "Menuiserie Dupont"},
		Contact: &core.ContactInput{Name: "Anne Dupont", Phone: "04 72 12 34 56"}, Topic: "dce", Scope: "general",
		Question: "Où trouver le DCE du lot 2 ?\nEt le règlement ?", Answer: "Sur le profil d'acheteur, onglet DCE.",
		CallSeconds: 245, Ending: ending}
}

func TestLogCallResolvedDuringTheCall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors[access.Agent]
		tk, err := f.svc.LogCall(ctx, agent, phoneCall(core.CallResolved), "cle-1")
		if err != nil {
			t.Fatal(err)
		}
		if tk.State != ticket.Resolved || tk.Outcome != ticket.AnsweredByCell || tk.Channel != ticket.Phone ||
			tk.AssigneeID != agent.UserID || tk.Subject != "Où trouver le DCE du lot 2 ?" || tk.FirstResponseAt.IsZero() {
			t.Fatalf("call %+v", tk)
		}
		msgs, _ := f.svc.Messages(ctx, agent, tk.ID)
		if len(msgs) != 2 || msgs[0].Kind != ticket.Call || msgs[0].CallDuration != 245*time.Second ||
			msgs[1].Kind != ticket.Note || !strings.Contains(msgs[1].Body, "onglet DCE") {
			t.Fatalf("messages %+v", msgs)
		}
		again, err := f.svc.LogCall(ctx, agent, phoneCall(core.CallResolved), "cle-1")
		if err != nil || again.ID != tk.ID {
			t.Fatalf("the same form posted twice made two calls: %v %v", again, err)
		}
		// The caller is found again by the number typed in another form.
		for _, typed := range []string{"+33 4 72 12 34 56", "0472123456", "443 061", "menuiserie", "anne dup"} {
			found, err := f.svc.Callers(ctx, agent, typed)
			if err != nil || len(found) == 0 || found[0].Company == nil || found[0].Company.Name != "Menuiserie Dupont" ||
				len(found[0].Recent) != 1 {
				t.Fatalf("lookup %q: %+v %v", typed, found, err)
			}
		}
		if found, _ := f.svc.Callers(ctx, agent, "x"); len(found) != 0 {
			t.Fatal("one character looked something up")
		}
	})
}

func TestLogCallEndings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors[access.Agent]
		esc := phoneCall(core.CallEscalated)
		esc.TeamID = "travaux"
		tk, err := f.svc.LogCall(ctx, agent, esc, "")
		if err != nil || tk.State != ticket.Escalated || tk.TeamID != "travaux" || tk.AssigneeID != 0 {
			t.Fatalf("escalated call: %+v %v", tk, err)
		}
		tk, err = f.svc.LogCall(ctx, agent, phoneCall(core.CallFollowUp), "")
		if err != nil || tk.State != ticket.Open || tk.AssigneeID != agent.UserID {
			t.Fatalf("call to follow: %+v %v", tk, err)
		}
		tk, err = f.svc.LogCall(ctx, agent, phoneCall(core.CallRedirected), "")
		if err != nil || tk.Outcome != ticket.RedirectedToBuyer {
			t.Fatalf("redirected call: %+v %v", tk, err)
		}
		// Bad input: every field named, nothing written.
		bad := core.NewCall{Company: &core.CompanyInput{SIRET: "443 061 841 00048"}, Topic: "inconnu",
			Contact: &core.ContactInput{Phone: "12"}, Ending: core.CallResolved, CallSeconds: -3}
		_, err = f.svc.LogCall(ctx, agent, bad, "")
		got := fieldsOf(t, err)
		for _, field := range []string{"question", "answer", "company.siret", "contact.phone", "topic", "call_duration_seconds"} {
			if got[field] == "" {
				t.Errorf("no error for %s in %v", field, got)
			}
		}
		if _, ok := got["subject"]; ok {
			t.Error("an empty question also blamed the subject")
		}
		noTeam := phoneCall(core.CallEscalated)
		if got := fieldsOf(t, mustFail(f.svc.LogCall(ctx, agent, noTeam, ""))); got["team"] == "" {
			t.Fatalf("escalation without a service: %v", got)
		}
		page, _ := f.svc.Tickets(ctx, agent, ticket.Filter{})
		if len(page.Items) != 3 {
			t.Fatalf("%d requests after the refused calls", len(page.Items))
		}
		if _, err := f.svc.LogCall(ctx, f.actors[access.Viewer], phoneCall(core.CallResolved), ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a viewer logged a call: %v", err)
		}
	})
}

func mustFail(_ *ticket.Ticket, err error) error { return err }

func TestCompoundTicketActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		importLyon(t, f)
		agent := f.actors[access.Agent]
		in := webRequest()
		in.ConsultationRef, in.Scope = "26-123456", "other_buyer_tender"
		tk, _, err := f.svc.CreateTicket(ctx, agent, in, "")
		if err != nil {
			t.Fatal(err)
		}
		text, err := f.svc.RedirectText(ctx, agent, tk.ID)
		for _, want := range []string{"26-123456", "Maintenance des ascenseurs", "Ville de Lyon", "marches@lyon.example",
			"04 72 10 10 10", "https://marches.lyon.example/questions", "Compte agent"} {
			if err != nil || !strings.Contains(text, want) {
				t.Fatalf("redirect text lacks %q (%v):\n%s", want, err, text)
			}
		}
		if _, err := f.svc.RedirectToBuyer(ctx, agent, tk.ID, text, tk.Version-1+0); !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale redirect: %v", err)
		}
		done, err := f.svc.RedirectToBuyer(ctx, agent, tk.ID, text, tk.Version)
		if err != nil || done.State != ticket.Resolved || done.Outcome != ticket.RedirectedToBuyer {
			t.Fatalf("redirect: %+v %v", done, err)
		}
		other, _, _ := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		if _, err := f.svc.RedirectText(ctx, agent, other.ID); fieldsOf(t, err)["consultation_ref"] == "" {
			t.Fatal("a consultation not in the catalog was redirected")
		}
		_, err = f.svc.EscalateToService(ctx, agent, other.ID, "cellule", "", other.Version)
		if got := fieldsOf(t, err); got["team"] == "" || got["note"] == "" {
			t.Fatalf("escalation errors: %v", got)
		}
		esc, err := f.svc.EscalateToService(ctx, agent, other.ID, "travaux", "Question technique sur la toiture", other.Version)
		if err != nil || esc.State != ticket.Escalated || esc.TeamID != "travaux" {
			t.Fatalf("escalate: %+v %v", esc, err)
		}
		// The service now holds it: the specialist of another service may not act.
		off, err := f.svc.OffTopicText(ctx, agent, other.ID)
		if err != nil || !strings.Contains(off, other.Number) {
			t.Fatalf("off-topic text: %q %v", off, err)
		}
		done, err = f.svc.MarkOffTopic(ctx, f.actors[access.Specialist], other.ID, off, esc.Version)
		if err != nil || done.Outcome != ticket.OutcomeOffTopic || done.Scope != ticket.OffTopic {
			t.Fatalf("off-topic: %+v %v", done, err)
		}
		history, _ := f.svc.History(ctx, agent, other.ID)
		fields := map[string]bool{}
		for _, h := range history {
			fields[h.Field] = true
		}
		for _, want := range []string{"team", "state", "outcome", "scope"} {
			if !fields[want] {
				t.Errorf("audit lacks %s", want)
			}
		}
	})
}

func TestMacrosFillTheirPlaceholders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		sup, agent := f.actors[access.Supervisor], f.actors[access.Agent]
		if _, err := f.svc.SaveMacro(ctx, agent, 0, core.MacroInput{Title: "x", Body: "y", Active: true}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an agent wrote a macro: %v", err)
		}
		_, err := f.svc.SaveMacro(ctx, sup, 0, core.MacroInput{Title: "", Body: "Bonjour {inconnue}", Active: true})
		if got := fieldsOf(t, err); got["title"] == "" || !strings.Contains(got["body"], "{inconnue}") {
			t.Fatalf("bad macro: %v", got)
		}
		m, err := f.svc.SaveMacro(ctx, sup, 0, core.MacroInput{Title: "Accusé", Active: true,
			Body: "Bonjour {contact}, demande {numero} de {entreprise} ({consultation}) — {agent} {not_a_var}"})
		if err == nil {
			t.Fatal("an unknown placeholder was accepted")
		}
		m, err = f.svc.SaveMacro(ctx, sup, 0, core.MacroInput{Title: "Accusé", Active: true,
			Body: "Bonjour {contact}, demande {numero} de {entreprise}{consultation} — {agent}"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SaveMacro(ctx, sup, 0, core.MacroInput{Title: "Accusé", Body: "z", Active: true}); fieldsOf(t, err)["title"] == "" {
			t.Fatal("two macros with one title")
		}
		in := webRequest()
		in.ConsultationRef = ""
		tk, _, _ := f.svc.CreateTicket(ctx, agent, in, "")
		text, err := f.svc.MacroText(ctx, agent, m.ID, tk.ID)
		if want := "Bonjour Anne Dupont, demande " + tk.Number + " de Menuiserie Dupont — Compte agent"; err != nil || text != want {
			t.Fatalf("macro text %q (%v), want %q", text, err, want)
		}
		if _, err := f.svc.SaveMacro(ctx, sup, m.ID, core.MacroInput{Title: "Accusé", Body: m.Body, Active: false}); err != nil {
			t.Fatal(err)
		}
		if list, _ := f.svc.Macros(ctx, agent, false); len(list) != 0 {
			t.Fatalf("an archived macro is offered: %v", list)
		}
		if list, _ := f.svc.Macros(ctx, sup, true); len(list) != 1 || list[0].Active {
			t.Fatalf("archived macro not listed for its managers: %v", list)
		}
	})
}

func TestLockOutIsPerAddressAndIP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newSessionFixture(t, s)
		const attacker, office = "203.0.113.66", "192.0.2.10"
		var err error
		for range core.LockoutFailures {
			_, err = f.svc.SignIn(ctx, "claire@region.example", "devine", attacker)
		}
		if !errs.Is(err, errs.RateLimited) {
			t.Fatalf("the guessing IP is not locked out: %v", err)
		}
		if _, err := f.svc.SignIn(ctx, "claire@region.example", password, attacker); !errs.Is(err, errs.RateLimited) {
			t.Fatalf("the right password from the locked IP: %v", err)
		}
		if _, err := f.svc.SignIn(ctx, "claire@region.example", password, office); err != nil {
			t.Fatalf("the agent is locked out from her own machine: %v", err)
		}
		// One IP trying a few passwords on many addresses is stopped too.
		spray := "198.51.100.99"
		for i := range core.IPLockoutFailures {
			_, err = f.svc.SignIn(ctx, "agent"+string(rune('a'+i))+"@region.example", "x", spray)
		}
		if !errs.Is(err, errs.RateLimited) {
			t.Fatalf("spraying IP not stopped: %v", err)
		}
		if _, err := f.svc.SignIn(ctx, "claire@region.example", password, spray); !errs.Is(err, errs.RateLimited) {
			t.Fatalf("a spraying IP may still sign in: %v", err)
		}
		f.advance(core.LockoutWindow + time.Second)
		if _, err := f.svc.SignIn(ctx, "claire@region.example", password, spray); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}
