package sla

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

var vocabulary = Vocabulary{
	Channels:   []string{"phone", "email", "web", "portal", "api"},
	Scopes:     []string{"general", "own_tender", "other_buyer_tender", "off_topic"},
	Priorities: []string{"low", "normal", "high", "urgent"},
}

func TestPoliciesMatchTheMostSpecific(t *testing.T) {
	ps := Policies{
		{Name: "Tout", Targets: DefaultTargets()},
		{Name: "Urgent", Priority: "urgent", Targets: DefaultTargets()},
		{Name: "Téléphone urgent", Channel: "phone", Priority: "urgent", Targets: DefaultTargets()},
		{Name: "Nos marchés", Scope: "own_tender", Targets: DefaultTargets()},
	}
	cases := []struct{ channel, scope, priority, want string }{
		{"web", "general", "normal", "Tout"},
		{"web", "general", "urgent", "Urgent"},
		{"phone", "general", "urgent", "Téléphone urgent"},
		{"phone", "own_tender", "urgent", "Téléphone urgent"},
		{"email", "own_tender", "normal", "Nos marchés"},
		{"email", "own_tender", "urgent", "Urgent"}, // tie: the first in the list
	}
	for _, c := range cases {
		if p, ok := ps.Match(c.channel, c.scope, c.priority); !ok || p.Name != c.want {
			t.Errorf("Match(%s, %s, %s) = %q, want %q", c.channel, c.scope, c.priority, p.Name, c.want)
		}
	}
	if _, ok := (Policies{{Name: "Web", Channel: "web"}}).Match("phone", "", ""); ok {
		t.Error("a list without catch-all matched a phone request")
	}
}

func TestPoliciesValidate(t *testing.T) {
	if err := DefaultPolicies().Validate(vocabulary); err != nil {
		t.Fatalf("defaults refused: %v", err)
	}
	zero := DefaultTargets()
	zero.Callback = Target{}
	negative := DefaultTargets()
	negative.Resolution = Target{BusinessDays: -3}
	bad := Policies{
		{Name: "Web", Channel: "web", Targets: zero},
		{Name: "Web", Channel: "fax", Targets: negative},
		{Name: "", Channel: "web", Targets: DefaultTargets()},
	}
	err := bad.Validate(vocabulary)
	want := map[string]string{
		"policies.0.targets.callback":   "politique 1, rappel : l'objectif doit être positif",
		"policies.1.name":               "politique 2 : le nom « Web » est déjà pris",
		"policies.1.channel":            "canal inconnu « fax »",
		"policies.1.targets.resolution": "politique 2, résolution : l'objectif ne peut pas être négatif",
		"policies.2.name":               "le nom est obligatoire",
		"policies.2":                    "mêmes critères que « Web »",
		"policies":                      "il faut une politique sans critère",
	}
	got := fields(t, err)
	for field, msg := range want {
		if !strings.Contains(got[field], msg) {
			t.Errorf("%s: %q, want %q", field, got[field], msg)
		}
	}
	if fields(t, Policies{}.Validate(vocabulary))["policies"] == "" {
		t.Error("an empty list accepted")
	}
}

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := err.(*errs.Error)
	if !ok {
		t.Fatalf("want *errs.Error, got %T %v", err, err)
	}
	out := map[string]string{}
	for _, fe := range e.Fields {
		out[fe.Field] = fe.Message
	}
	return out
}

func TestPolicyJSON(t *testing.T) {
	b, err := json.Marshal(DefaultPolicies())
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"name":"Tous les canaux","channel":"","scope":"","priority":"","targets":{"first_response":{"business_days":1},` +
		`"callback":{"business_minutes":240},"next_response":{"business_days":2},"resolution":{"business_days":10}}}]`
	if string(b) != want {
		t.Fatalf("JSON = %s", b)
	}
	var back Policies
	if err := json.Unmarshal(b, &back); err != nil || back[0].Targets != DefaultTargets() {
		t.Fatalf("round trip = %+v, %v", back, err)
	}
}

func TestCalendarJSON(t *testing.T) {
	c := christmas()
	c.AlsaceMoselle = true
	c.ExtraHolidays = []Date{{2026, time.June, 2}}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back Calendar
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) || back.Location.String() != "Europe/Paris" || !back.AlsaceMoselle {
		t.Fatalf("round trip:\n%s\n%s", b, b2)
	}
	for _, bad := range []string{`{"location":"Mars/Olympus"}`, `{"hours":{"lundi":["9:00-12:00"]}}`, `{"hours":{"monday":["9h-12h"]}}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestNewDue(t *testing.T) {
	c := DefaultCalendar()
	tg := DefaultTargets()
	friday := at(t, "2026-05-22 17:05") // the Friday before Whit Monday, after closing
	cases := []struct {
		name            string
		phone, answered bool
		first, next     string
	}{
		{"web", false, false, "2026-05-27 09:00", ""},
		{"answered call owes a callback", true, true, "", "2026-05-26 14:00"},
		{"missed call owes a callback first", true, false, "2026-05-26 14:00", ""},
	}
	for _, k := range cases {
		d := c.NewDue(tg, friday, k.phone, k.answered)
		if got := show(d.FirstResponse); got != k.first {
			t.Errorf("%s: first response %s, want %s", k.name, got, k.first)
		}
		if got := show(d.NextResponse); got != k.next {
			t.Errorf("%s: next response %s, want %s", k.name, got, k.next)
		}
		if got := show(d.Resolution); got != "2026-06-09 09:00" {
			t.Errorf("%s: resolution %s", k.name, got)
		}
	}
	if got := show(c.ReplyDue(tg, at(t, "2026-11-27 16:00"))); got != "2026-12-01 16:00" {
		t.Errorf("ReplyDue = %s", got)
	}
	// Two business hours before Monday 10:00 is Friday 16:00.
	if got := show(c.WarningAt(at(t, "2026-11-30 10:00"), 2*time.Hour, at(t, "2026-11-25 10:00"))); got != "2026-11-27 16:00" {
		t.Errorf("WarningAt = %s", got)
	}
	if got := show(c.WarningAt(at(t, "2026-11-30 10:00"), 2*time.Hour, at(t, "2026-11-30 09:30"))); got != "2026-11-30 09:30" {
		t.Errorf("WarningAt before the start = %s", got)
	}
}

func show(u time.Time) string {
	if u.IsZero() {
		return ""
	}
	return u.In(DefaultCalendar().Location).Format("2006-01-02 15:04")
}

func TestParseTarget(t *testing.T) {
	cases := map[string]Target{"1 j": {BusinessDays: 1}, "2 jours": {BusinessDays: 2}, "10": {BusinessDays: 10},
		"4 h": {BusinessTime: 4 * time.Hour}, "90 min": {BusinessTime: 90 * time.Minute}, "-1 j": {BusinessDays: -1}, "0": {}}
	for in, want := range cases {
		if got, err := ParseTarget(in); err != nil || got != want {
			t.Errorf("ParseTarget(%q) = %+v, %v", in, got, err)
		}
		if in != "-1 j" && in != "0" {
			if back, _ := ParseTarget(want.Short()); back != want {
				t.Errorf("Short(%+v) = %q does not read back", want, want.Short())
			}
		}
	}
	for _, bad := range []string{"", "un jour", "3 semaines", "4h30"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
		}
	}
}
