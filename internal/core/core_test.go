package core_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is a seeded service with one account per role.
type fixture struct {
	svc    *core.Service
	now    time.Time
	mu     sync.Mutex
	actors map[access.Role]access.Actor
}

// clock is fixed and moved by the test: Tuesday 24 November 2026, 10:00 in Paris.
func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	f := &fixture{now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), actors: map[access.Role]access.Actor{}}
	f.svc = core.New(core.Options{Store: s, Now: f.clock})
	ctx := context.Background()
	if err := f.svc.Seed(ctx); err != nil {
		t.Fatalf("seed: %v", err)
	}
	for _, r := range access.Roles() {
		in := core.NewUser{Email: string(r) + "@region.example", Name: "Compte " + string(r), Role: string(r)}
		if r == access.Specialist {
			in.TeamID = "travaux"
		}
		u, err := f.svc.AddUser(ctx, access.System(), in)
		if err != nil {
			t.Fatalf("add %s: %v", r, err)
		}
		f.actors[r] = u.Actor()
	}
	return f
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

func webRequest() core.NewTicket {
	return core.NewTicket{Channel: "web", Subject: "Question sur le lot 2", Body: "Peut-on répondre à un seul lot ?",
		Company: &core.CompanyInput{SIRET: "443 061 841 00047", Name: "Menuiserie Dupont", CommuneCode: "69123"},
		Contact: &core.ContactInput{Name: "Anne Dupont", Email: "Anne@Dupont.example", Phone: "04 72 00 00 00"},
		Topic:   "allotissement", Scope: "own_tender", ConsultationRef: "2026-REG-014"}
}

// fieldsOf returns the field names of an invalid-input error.
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := err.(*errs.Error)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("want an invalid-input error, got %T %v", err, err)
	}
	out := map[string]string{}
	for _, fe := range e.Fields {
		out[fe.Field] = fe.Message
	}
	return out
}

func TestCreateTicketFindsOrCreatesCompanyAndContact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors[access.Agent]
		tk, created, err := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		if err != nil || !created {
			t.Fatalf("create: %v (created %v)", err, created)
		}
		if tk.Number != "2026-000001" || tk.State != ticket.New || tk.TeamID != ticket.CellTeamID {
			t.Fatalf("got number %q state %q team %q", tk.Number, tk.State, tk.TeamID)
		}
		if tk.Company == nil || tk.Company.SIRET != "44306184100047" || tk.Company.Departement != "69" ||
			!tk.Company.Local(f.svc.Territory()) {
			t.Fatalf("company not stored as given: %+v", tk.Company)
		}
		if tk.Contact == nil || tk.Contact.Phone != "+33472000000" || tk.Contact.Email != "anne@dupont.example" {
			t.Fatalf("contact not normalised: %+v", tk.Contact)
		}
		// Due: one business day later; the creation time is a Tuesday.
		if want := f.now.Add(24 * time.Hour); !tk.Due.FirstResponse.Equal(want) {
			t.Fatalf("first response due %v, want %v", tk.Due.FirstResponse, want)
		}
		// A second request by the same person, phone typed otherwise: same company, same contact.
		in := webRequest()
		in.Contact = &core.ContactInput{Phone: "+33 (0)4.72.00.00.00"}
		tk2, _, err := f.svc.CreateTicket(ctx, agent, in, "")
		if err != nil {
			t.Fatal(err)
		}
		if tk2.CompanyID != tk.CompanyID || tk2.ContactID != tk.ContactID || tk2.Number != "2026-000002" {
			t.Fatalf("second ticket: company %d/%d contact %d/%d number %s",
				tk2.CompanyID, tk.CompanyID, tk2.ContactID, tk.ContactID, tk2.Number)
		}
	})
}

func TestCreateTicketRejectsEveryBadFieldAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		in := core.NewTicket{Channel: "fax", Subject: "", Body: "x",
			Company: &core.CompanyInput{SIRET: "44306184100048"},
			Contact: &core.ContactInput{Email: "pas-une-adresse", Phone: "04 72"},
			Topic:   "meteo", Scope: "partout", Priority: "vite"}
		_, _, err := f.svc.CreateTicket(ctx, f.actors[access.Agent], in, "")
		got := fieldsOf(t, err)
		for _, field := range []string{"channel", "subject", "topic", "scope", "priority", "company.siret",
			"contact.email", "contact.phone"} {
			if got[field] == "" {
				t.Errorf("no error for %s (got %v)", field, got)
			}
		}
		page, err := f.svc.Tickets(ctx, f.actors[access.Agent], ticket.Filter{})
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("a refused request left %d tickets (%v)", len(page.Items), err)
		}
		if _, err := f.svc.Company(ctx, f.actors[access.Agent], "44306184100047"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("a refused request left its company behind: %v", err)
		}
	})
}

func TestIdempotencyKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors[access.Agent]
		var wg sync.WaitGroup
		ids := make([]int64, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tk, _, err := f.svc.CreateTicket(ctx, agent, webRequest(), "key-1")
				if err != nil {
					t.Errorf("create %d: %v", i, err)
					return
				}
				ids[i] = tk.ID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("one key made several tickets: %v", ids)
			}
		}
		other := webRequest()
		other.Subject = "Autre chose"
		_, _, err := f.svc.CreateTicket(ctx, agent, other, "key-1")
		if fieldsOf(t, err)["Idempotency-Key"] == "" {
			t.Fatalf("a reused key with another request was accepted: %v", err)
		}
	})
}

func TestLifecycleAndAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors[access.Agent]
		tk, _, _ := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		f.advance(time.Hour)
		if _, err := f.svc.AddMessage(ctx, agent, tk.ID, core.NewMessage{Kind: "outbound", Body: "Oui, c'est possible."}); err != nil {
			t.Fatal(err)
		}
		st := ticket.WaitingCompany
		tk, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &st}, 0)
		if err != nil || tk.State != ticket.WaitingCompany || !tk.FirstResponseAt.Equal(f.now) {
			t.Fatalf("after reply: %v state %s first response %v", err, tk.State, tk.FirstResponseAt)
		}
		// The company answers: the request reopens.
		if _, err := f.svc.AddMessage(ctx, agent, tk.ID, core.NewMessage{Kind: "inbound", Body: "Merci, et pour le lot 3 ?"}); err != nil {
			t.Fatal(err)
		}
		tk, _ = f.svc.Ticket(ctx, agent, tk.ID)
		if tk.State != ticket.Open {
			t.Fatalf("a company reply left the state at %s", tk.State)
		}
		// Resolving needs an outcome.
		res := ticket.Resolved
		if _, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &res}, 0); fieldsOf(t, err)["outcome"] == "" {
			t.Fatalf("resolved without an outcome: %v", err)
		}
		out := ticket.AnsweredByCell
		tk, err = f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &res, Outcome: &out}, tk.Version)
		if err != nil || tk.Outcome != ticket.AnsweredByCell || tk.ResolvedAt.IsZero() {
			t.Fatalf("resolve: %v %+v", err, tk)
		}
		// A stale version is a conflict, not an overwrite.
		closed := ticket.Closed
		if _, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &closed}, tk.Version-1); !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale version: %v", err)
		}
		// Invalid transition: a new request cannot be closed… nor a resolved one escalated to the cell.
		newState := ticket.New
		if _, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &newState}, 0); fieldsOf(t, err)["state"] == "" {
			t.Fatalf("resolved → new accepted: %v", err)
		}
		hist, err := f.svc.History(ctx, agent, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"created", "team", "first_response_at", "state", "state", "state", "outcome"}
		var fields []string
		for _, h := range hist {
			if h.Rule == "" { // the agent's actions, not the SLA rules' (routing_test.go)
				fields = append(fields, h.Field)
			}
		}
		if len(fields) != len(want) {
			t.Fatalf("audit fields %v, want %v", fields, want)
		}
		for i := range want {
			if fields[i] != want[i] {
				t.Fatalf("audit fields %v, want %v", fields, want)
			}
		}
		last := hist[len(hist)-1]
		if last.Old != "" || last.New != "answered_by_cell" || last.ActorName != "Compte agent" {
			t.Fatalf("last audit entry %+v", last)
		}
	})
}

func TestPermissionsOnTickets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		tk, _, _ := f.svc.CreateTicket(ctx, f.actors[access.Agent], webRequest(), "")
		spec := f.actors[access.Specialist]
		if _, err := f.svc.AddMessage(ctx, spec, tk.ID, core.NewMessage{Kind: "outbound", Body: "x"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a specialist answered a request of the cell: %v", err)
		}
		if _, err := f.svc.Ticket(ctx, spec, tk.ID); err != nil {
			t.Fatalf("a specialist may read any request: %v", err)
		}
		if _, _, err := f.svc.CreateTicket(ctx, f.actors[access.Viewer], webRequest(), ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a viewer created a request: %v", err)
		}
		// Escalated to travaux, the specialist of travaux may act.
		team, st := "travaux", ticket.Escalated
		if _, err := f.svc.UpdateTicket(ctx, f.actors[access.Agent], tk.ID, ticket.Update{TeamID: &team, State: &st}, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddMessage(ctx, spec, tk.ID, core.NewMessage{Kind: "outbound", Body: "Réponse du service."}); err != nil {
			t.Fatalf("the specialist of the service could not answer: %v", err)
		}
		hist, _ := f.svc.History(ctx, spec, tk.ID)
		denied := 0
		for _, h := range hist {
			if h.Field == "access_denied" {
				denied++
			}
		}
		if denied != 1 {
			t.Fatalf("%d refusals audited, want 1", denied)
		}
	})
}

func TestAssignChecksTheAssignee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors[access.Agent]
		tk, _, _ := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		for _, id := range []int64{99999, f.actors[access.Viewer].UserID, f.actors[access.Specialist].UserID} {
			if _, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{AssigneeID: &id}, 0); fieldsOf(t, err)["assignee_id"] == "" {
				t.Errorf("assigning %d: %v", id, err)
			}
		}
		id := f.actors[access.Agent].UserID
		got, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{AssigneeID: &id}, 0)
		if err != nil || got.Assignee == nil || got.Assignee.Name != "Compte agent" {
			t.Fatalf("assign to an agent: %v %+v", err, got)
		}
	})
}

func TestCompanyPickerFindsByPhoneSIRETAndName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors[access.Agent]
		if _, _, err := f.svc.CreateTicket(ctx, agent, webRequest(), ""); err != nil {
			t.Fatal(err)
		}
		for _, typed := range []string{"04 72 00 00 00", "04.72.00.00.00", "+33 4 72 00 00 00", "0033472000000",
			"443 061 841", "44306184100047", "menuiserie", "DUPONT"} {
			list, _, err := f.svc.Companies(ctx, agent, core.CompanyQuery{Text: typed})
			if err != nil || len(list) != 1 || list[0].SIRET != "44306184100047" {
				t.Errorf("picker %q: %d companies, %v", typed, len(list), err)
			}
		}
		if list, _, _ := f.svc.Companies(ctx, agent, core.CompanyQuery{Text: "04 78 99 99 99"}); len(list) != 0 {
			t.Errorf("another number found %d companies", len(list))
		}
	})
}
