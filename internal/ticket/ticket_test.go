package ticket

import (
	"testing"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// TestTransitions spells out the whole state machine.
func TestTransitions(t *testing.T) {
	allowed := map[State][]State{
		New:            {Open, WaitingCompany, Escalated, Resolved},
		Open:           {WaitingCompany, Escalated, Resolved},
		WaitingCompany: {Open, Escalated, Resolved},
		Escalated:      {Open, WaitingCompany, Resolved},
		Resolved:       {Open, Closed},
		Closed:         nil,
	}
	for _, from := range States() {
		for _, to := range States() {
			want := from == to || oneOf(to, allowed[from])
			if err := Transition(from, to); (err == nil) != want {
				t.Errorf("%s → %s: err %v, want allowed=%v", from, to, err, want)
			}
		}
	}
	if err := Transition(New, "archived"); !errs.Is(err, errs.Invalid) {
		t.Errorf("unknown state accepted: %v", err)
	}
}

func TestCompanyReplyReopens(t *testing.T) {
	cases := map[State]State{New: New, Open: Open, WaitingCompany: Open, Escalated: Escalated, Resolved: Open}
	for from, want := range cases {
		if got, err := AfterCompanyReply(from); err != nil || got != want {
			t.Errorf("reply on %s → %s, %v; want %s", from, got, err, want)
		}
	}
	if _, err := AfterCompanyReply(Closed); !errs.Is(err, errs.Conflict) {
		t.Errorf("reply on a closed request: %v", err)
	}
}

func base() Ticket {
	return Ticket{ID: 1, Channel: Web, Subject: "Lot 2", State: Open, Priority: Normal, Topic: "dce", Scope: General,
		TeamID: CellTeamID, Version: 3}
}

func TestApplyRecordsEachChangeAndStamps(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	tk := base()
	res, out, prio := Resolved, AnsweredByCell, High
	ch, err := tk.Apply(Update{State: &res, Outcome: &out, Priority: &prio}, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{{"priority", "normal", "high"}, {"state", "open", "resolved"}, {"outcome", "", "answered_by_cell"}}
	if len(ch) != len(want) {
		t.Fatalf("changes %v, want %v", ch, want)
	}
	for i := range want {
		if ch[i] != want[i] {
			t.Fatalf("changes %v, want %v", ch, want)
		}
	}
	if !tk.ResolvedAt.Equal(now) || tk.Version != 4 {
		t.Fatalf("resolved at %v version %d", tk.ResolvedAt, tk.Version)
	}
	// Reopening clears the outcome and the resolution time.
	open := Open
	if _, err := tk.Apply(Update{State: &open}, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if tk.Outcome != NoOutcome || !tk.ResolvedAt.IsZero() {
		t.Fatalf("reopened with outcome %q resolved at %v", tk.Outcome, tk.ResolvedAt)
	}
}

func TestApplyRefusesAndLeavesTheTicketAlone(t *testing.T) {
	long := string(make([]rune, MaxSubject+1))
	empty, cell := "  ", CellTeamID
	esc, res, out, bad := Escalated, Resolved, AnsweredByCell, Priority("vite")
	cases := map[string]struct {
		u     Update
		field string
	}{
		"empty subject":             {Update{Subject: &empty}, "subject"},
		"long subject":              {Update{Subject: &long}, "subject"},
		"unknown priority":          {Update{Priority: &bad}, "priority"},
		"resolve without outcome":   {Update{State: &res}, "outcome"},
		"outcome without resolving": {Update{Outcome: &out}, "outcome"},
		"escalate to the cell":      {Update{State: &esc, TeamID: &cell}, "team"},
	}
	for name, c := range cases {
		tk := base()
		before := tk
		_, err := tk.Apply(c.u, time.Now())
		e, ok := err.(*errs.Error)
		if !ok || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
			t.Errorf("%s: err %v, want a field error on %s", name, err, c.field)
		}
		if tk != before {
			t.Errorf("%s: the ticket changed on a refused update", name)
		}
	}
}

func TestReceive(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	tk := base()
	tk.State = WaitingCompany
	if _, err := tk.Receive(Message{Kind: Inbound, Body: "Merci"}, now); err != nil || tk.State != Open {
		t.Fatalf("inbound: %v, state %s", err, tk.State)
	}
	if _, err := tk.Receive(Message{Kind: Outbound, Body: "Réponse"}, now); err != nil || !tk.FirstResponseAt.Equal(now) {
		t.Fatalf("outbound: %v, first response %v", err, tk.FirstResponseAt)
	}
	later := now.Add(time.Hour)
	tk.Receive(Message{Kind: Outbound, Body: "Encore"}, later)
	if !tk.FirstResponseAt.Equal(now) {
		t.Fatal("a second answer moved the first-response time")
	}
	tk.State = Closed
	if _, err := tk.Receive(Message{Kind: Outbound, Body: "Trop tard"}, later); !errs.Is(err, errs.Conflict) {
		t.Fatalf("reply on a closed request: %v", err)
	}
	if _, err := tk.Receive(Message{Kind: Note, Body: "Note"}, later); err != nil {
		t.Fatalf("note on a closed request: %v", err)
	}
}

func TestMessageValidate(t *testing.T) {
	bad := []Message{{Kind: "sms", Body: "x"}, {Kind: Outbound, Body: "a\x00b"}, {Kind: Note, Body: "\xff\xfe"}, {Kind: Outbound, Body: " "}, {Kind: Note, Body: "x", CallDuration: time.Minute},
		{Kind: Call, CallDuration: -time.Second}}
	for _, m := range bad {
		if err := m.Validate(); !errs.Is(err, errs.Invalid) {
			t.Errorf("%+v accepted", m)
		}
	}
	if err := (&Message{Kind: Call, CallDuration: 3 * time.Minute}).Validate(); err != nil {
		t.Errorf("a call without notes refused: %v", err)
	}
}

func TestNoteDoesNotBumpTheVersion(t *testing.T) {
	tk := base()
	if ch, err := tk.Receive(Message{Kind: Note, Body: "à rappeler"}, time.Now()); err != nil || ch != nil || tk.Version != 3 {
		t.Fatalf("a note changed the request: %v %v version %d", ch, err, tk.Version)
	}
}
