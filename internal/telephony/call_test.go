package telephony_test

import (
	"testing"
	"time"

	"github.com/guichet/guichet/internal/telephony"
)

var t0 = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

func ev(typ telephony.EventType, sec int, mod ...func(*telephony.Event)) telephony.Event {
	e := telephony.Event{Type: typ, CallID: "c1", At: t0.Add(time.Duration(sec) * time.Second)}
	if typ == telephony.NewCall {
		e.Direction, e.From, e.To, e.Queue = telephony.Inbound, "+33472123456", "+33400000000", "marches"
	}
	for _, m := range mod {
		m(&e)
	}
	return e
}

func by(agent int64, ext string) func(*telephony.Event) {
	return func(e *telephony.Event) { e.Agent, e.Extension = agent, ext }
}

func cause(c telephony.Cause) func(*telephony.Event) { return func(e *telephony.Event) { e.Cause = c } }

// permutations lists every order of events.
func permutations(evs []telephony.Event) [][]telephony.Event {
	if len(evs) <= 1 {
		return [][]telephony.Event{evs}
	}
	var out [][]telephony.Event
	for i := range evs {
		rest := append(append([]telephony.Event{}, evs[:i]...), evs[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]telephony.Event{evs[i]}, p...))
		}
	}
	return out
}

// TestCallWhateverTheOrder: the same events in any order (and repeated) make the
// same call: result, agent, duration, transfers.
func TestCallWhateverTheOrder(t *testing.T) {
	cases := []struct {
		name      string
		events    []telephony.Event
		result    telephony.Result
		agent     int64
		duration  time.Duration
		transfers int
		callback  bool
	}{
		{"answered", []telephony.Event{ev("new_call", 0), ev("answered", 12, by(7, "201")), ev("hangup", 192, cause("normal"))},
			telephony.Reached, 7, 180 * time.Second, 0, false},
		{"no answer", []telephony.Event{ev("new_call", 0), ev("hangup", 45, cause("no_answer"))},
			telephony.Missed, 0, 0, 0, true},
		{"abandoned in queue", []telephony.Event{ev("new_call", 0), ev("hangup", 20, cause("cancelled"))},
			telephony.Abandoned, 0, 0, 0, true},
		{"voicemail", []telephony.Event{ev("new_call", 0), ev("hangup", 30, cause("voicemail"))},
			telephony.ToVoicemail, 0, 0, 0, true},
		{"busy", []telephony.Event{ev("new_call", 0), ev("hangup", 1, cause("busy"))},
			telephony.BusyLine, 0, 0, 0, true},
		{"transfer", []telephony.Event{ev("new_call", 0), ev("answered", 10, by(7, "201")), ev("answered", 70, by(8, "202")),
			ev("hangup", 310, cause("normal"))}, telephony.Reached, 8, 300 * time.Second, 1, false},
	}
	for _, c := range cases {
		for _, order := range permutations(c.events) {
			call := telephony.Call{CallID: "c1"}
			for _, e := range append(order, order...) { // every event twice
				call.Apply(e)
			}
			if call.Result != c.result || call.Agent != c.agent || call.Duration() != c.duration ||
				call.NeedsCallback() != c.callback || call.From != "+33472123456" || call.Queue != "marches" {
				t.Errorf("%s in order %v: %+v, duration %v", c.name, kinds(order), call, call.Duration())
			}
			if c.transfers > 0 && call.Transfers == 0 {
				t.Errorf("%s: the transfer is not counted", c.name)
			}
		}
	}
}

func kinds(evs []telephony.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, string(e.Type))
	}
	return out
}

func TestOutsideHoursAndOutbound(t *testing.T) {
	c := telephony.Call{CallID: "c1", ClosedAtStart: true}
	c.Apply(ev("new_call", 0))
	c.Apply(ev("hangup", 30, cause("no_answer")))
	if c.Result != telephony.Closed || !c.NeedsCallback() {
		t.Fatalf("outside hours: %+v", c)
	}
	msg := telephony.Call{CallID: "c4", ClosedAtStart: true}
	msg.Apply(ev("new_call", 0))
	msg.Apply(ev("hangup", 15, cause("normal"))) // the "we are closed" message, then a normal hangup
	if msg.Result != telephony.Closed || !msg.NeedsCallback() {
		t.Fatalf("closed-cell message: %+v", msg)
	}
	out := telephony.Call{CallID: "c2"}
	out.Apply(ev("new_call", 0, func(e *telephony.Event) { e.Direction = telephony.Outbound }))
	out.Apply(ev("hangup", 30, cause("no_answer")))
	if out.NeedsCallback() {
		t.Fatal("an unanswered outbound call is a failed callback attempt, not a new callback")
	}
	b := telephony.Call{CallID: "c3", Blocked: true}
	b.Apply(ev("new_call", 0))
	if b.Result != telephony.Blocked || b.NeedsCallback() {
		t.Fatalf("blocked: %+v", b)
	}
}

func TestEventKey(t *testing.T) {
	a := ev("answered", 1, by(7, "201")).Key()
	if a == ev("answered", 5, by(8, "202")).Key() || a != ev("answered", 9, by(7, "201")).Key() {
		t.Fatal("answered is keyed by its agent: a transfer is new, a repetition is not")
	}
	if ev("hangup", 1).Key() != "hangup" {
		t.Fatal("hangup key")
	}
}

func TestParseCause(t *testing.T) {
	for in, want := range map[string]telephony.Cause{"": "normal", "NO-ANSWER": "no_answer", "noanswer": "no_answer",
		"abandoned": "cancelled", "Busy": "busy", "voicemail": "voicemail"} {
		if got, ok := telephony.ParseCause(in); !ok || got != want {
			t.Errorf("ParseCause(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := telephony.ParseCause("congestion"); ok {
		t.Error("unknown cause accepted")
	}
}

// TestNormalHangupWithoutAnswer: "normal" without an answered event is a caller
// who hung up in the voice menu or the queue when the call rang in a queue (a
// callback is owed), and an answered call otherwise; a late answered event
// makes the queued call answered whatever the order.
func TestNormalHangupWithoutAnswer(t *testing.T) {
	noQueue := func(e *telephony.Event) { e.Queue = "" }
	out := func(e *telephony.Event) { e.Direction = telephony.Outbound }
	cases := []struct {
		name     string
		events   []telephony.Event
		result   telephony.Result
		callback bool
	}{
		{"queued, hung up in the menu", []telephony.Event{ev("new_call", 0), ev("hangup", 25, cause("normal"))},
			telephony.Abandoned, true},
		{"direct line", []telephony.Event{ev("new_call", 0, noQueue), ev("hangup", 60, cause("normal"))},
			telephony.Reached, false},
		{"outbound", []telephony.Event{ev("new_call", 0, out), ev("hangup", 60, cause("normal"))},
			telephony.Reached, false},
		{"queued, answer late", []telephony.Event{ev("new_call", 0), ev("hangup", 90, cause("normal")),
			ev("answered", 10, by(7, "201"))}, telephony.Reached, false},
	}
	for _, c := range cases {
		for _, order := range permutations(c.events) {
			call := telephony.Call{CallID: "c1"}
			for _, e := range order {
				call.Apply(e)
			}
			if call.Result != c.result || call.NeedsCallback() != c.callback {
				t.Errorf("%s in order %v: %s, callback %v", c.name, kinds(order), call.Result, call.NeedsCallback())
			}
		}
	}
}

// TestCallbackGathers: a missed call joins the open callback only within the
// window of its last missed call (either side), and never a settled or
// superseded one.
func TestCallbackGathers(t *testing.T) {
	cb := telephony.Callback{Open: true, LastMissedAt: t0}
	w := 2 * time.Hour
	for _, c := range []struct {
		at   time.Duration
		want bool
	}{{time.Minute, true}, {2 * time.Hour, true}, {2*time.Hour + time.Second, false}, {-time.Hour, true},
		{-3 * time.Hour, false}, {26 * time.Hour, false}} {
		if got := cb.Gathers(t0.Add(c.at), w); got != c.want {
			t.Errorf("missed call at %v from the last: gathers %v, want %v", c.at, got, c.want)
		}
	}
	if (telephony.Callback{LastMissedAt: t0}).Gathers(t0, w) {
		t.Error("a settled callback gathered a call")
	}
	if (telephony.Callback{Open: true, Superseded: true, LastMissedAt: t0}).Gathers(t0, w) {
		t.Error("a superseded callback gathered a call")
	}
}
