package live_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/live"
)

func ticketEvent(id int64) live.Event {
	b, _ := json.Marshal(live.TicketData{ID: id, Number: "2026-000001", Team: "cellule", Kind: "created"})
	return live.Event{Type: live.TypeTicket, Data: b}
}

// receive waits for one event (the timeout only guards a broken test).
func receive(t *testing.T, s *live.Subscription) live.Event {
	t.Helper()
	select {
	case e := <-s.C:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	return live.Event{}
}

func none(t *testing.T, s *live.Subscription) {
	t.Helper()
	select {
	case e := <-s.C:
		t.Fatalf("unexpected event %s %s", e.Type, e.Data)
	default:
	}
}

func TestAddressing(t *testing.T) {
	b := live.New(live.Options{})
	alice, bob := b.Subscribe(1), b.Subscribe(2)
	defer alice.Close()
	b.Publish(ticketEvent(7))
	if e := receive(t, alice); e.Type != "ticket" || string(e.Data) != `{"id":7,"number":"2026-000001","team":"cellule","kind":"created"}` {
		t.Fatalf("alice got %s %s", e.Type, e.Data)
	}
	receive(t, bob)
	b.Publish(live.Event{Type: live.TypeCall, Data: json.RawMessage(`{"call_id":"a"}`), To: []int64{2}})
	none(t, alice)
	if e := receive(t, bob); e.Type != "call" {
		t.Fatalf("bob got %s", e.Type)
	}
	bob.Close()
	b.Publish(ticketEvent(8))
	none(t, bob)
	receive(t, alice)
}

func TestSlowSubscriberLosesRatherThanBlocks(t *testing.T) {
	b := live.New(live.Options{Buffer: 2})
	s := b.Subscribe(1)
	for i := range 5 {
		b.Publish(ticketEvent(int64(i))) // must not block on the full buffer
	}
	if s.Dropped() != 3 {
		t.Fatalf("dropped %d, want 3", s.Dropped())
	}
}

func TestCloseEndsStreams(t *testing.T) {
	b := live.New(live.Options{})
	s := b.Subscribe(1)
	b.Close()
	select {
	case <-s.Done():
	default:
		t.Fatal("Done still open after Close")
	}
}

// memTransport is a database's NOTIFY in memory: every listener hears every
// payload, its own included.
type memTransport struct {
	mu        sync.Mutex
	listeners []func(string)
}

func (m *memTransport) Notify(ctx context.Context, p string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, l := range m.listeners {
		l(p)
	}
	return nil
}

func (m *memTransport) Listen(ctx context.Context, listening func(), receive func(string)) error {
	m.mu.Lock()
	m.listeners = append(m.listeners, receive)
	m.mu.Unlock()
	listening()
	<-ctx.Done()
	return nil
}

// TestInstancesShareEvents: two brokers on one transport are two instances;
// each delivers the other's events once and its own once (not twice).
func TestInstancesShareEvents(t *testing.T) {
	tr := &memTransport{}
	RunInstances(t, tr)
}

// RunInstances checks two brokers linked by tr (also used with PostgreSQL).
func RunInstances(t *testing.T, tr live.Transport) {
	ctx, cancel := context.WithCancel(context.Background())
	a, b := live.New(live.Options{Transport: tr}), live.New(live.Options{Transport: tr})
	var wg sync.WaitGroup
	wg.Go(func() { a.Run(ctx) })
	wg.Go(func() { b.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()
	<-a.Listening()
	<-b.Listening()
	onA, onB := a.Subscribe(1), b.Subscribe(1)
	a.Publish(ticketEvent(42))
	for _, s := range []*live.Subscription{onA, onB} {
		var d live.TicketData
		if err := json.Unmarshal(receive(t, s).Data, &d); err != nil || d.ID != 42 {
			t.Fatalf("event %+v %v", d, err)
		}
	}
	b.Publish(live.Event{Type: live.TypeCall, Data: json.RawMessage(`{}`), To: []int64{9}})
	b.Publish(ticketEvent(43))
	for _, s := range []*live.Subscription{onA, onB} {
		if e := receive(t, s); e.Type != "ticket" {
			t.Fatalf("user 1 got %s (the call was for user 9)", e.Type)
		}
	}
	none(t, onA) // its own event came back through the transport: not delivered twice

	// A presence event crosses instances too, to the watchers of its request only.
	watchA, watchB := a.SubscribeTicket(2, 42), b.SubscribeTicket(3, 42)
	defer watchA.Close()
	defer watchB.Close()
	a.Publish(presenceEvent(42, 1))
	for _, s := range []*live.Subscription{watchA, watchB} {
		if e := receive(t, s); e.Type != live.TypePresence || e.Ticket != 42 {
			t.Fatalf("watcher got %s %s", e.Type, e.Data)
		}
	}
	a.Publish(ticketEvent(44))
	for _, s := range []*live.Subscription{onA, onB} {
		if e := receive(t, s); e.Type != "ticket" {
			t.Fatalf("a stream not on request 42 got %s %s", e.Type, e.Data)
		}
	}
}

func presenceEvent(ticket, user int64) live.Event {
	b, _ := json.Marshal(live.PresenceData{Ticket: ticket, User: user, Name: "Marie Dupont", Box: "reply", Typing: true, TTL: 30})
	return live.Event{Type: live.TypePresence, Data: b, Ticket: ticket, Except: user}
}

// TestPresenceReachesTheTicketsWatchersOnly: a presence event goes to the
// streams of the ticket page it is about, not to other pages, other requests'
// pages, or the typing agent's own tabs.
func TestPresenceReachesTheTicketsWatchersOnly(t *testing.T) {
	b := live.New(live.Options{})
	inbox, other, self, colleague := b.Subscribe(2), b.SubscribeTicket(2, 8), b.SubscribeTicket(1, 7), b.SubscribeTicket(2, 7)
	for _, s := range []*live.Subscription{inbox, other, self, colleague} {
		defer s.Close()
	}
	b.Publish(presenceEvent(7, 1))
	if e := receive(t, colleague); e.Type != live.TypePresence {
		t.Fatalf("the colleague on the request got %s", e.Type)
	}
	for _, s := range []*live.Subscription{inbox, other, self} {
		none(t, s)
	}
	// The ticket pages still hear the rest.
	b.Publish(ticketEvent(9))
	for _, s := range []*live.Subscription{inbox, other, self, colleague} {
		if e := receive(t, s); e.Type != live.TypeTicket {
			t.Fatalf("got %s", e.Type)
		}
	}
}

// TestPresenceIsThrottled: a page announcing "typing" on every keystroke
// reaches the others once per few seconds; "stopped" always goes through.
func TestPresenceIsThrottled(t *testing.T) {
	b := live.New(live.Options{})
	s := b.SubscribeTicket(2, 7)
	defer s.Close()
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	typing := live.PresenceData{Ticket: 7, User: 1, Name: "Marie Dupont", Box: "reply", Typing: true}
	if !b.PublishPresence(typing, at) || b.PublishPresence(typing, at.Add(time.Second)) {
		t.Fatal("the second typing within a second was not dropped")
	}
	var d live.PresenceData
	if e := receive(t, s); json.Unmarshal(e.Data, &d) != nil || d != (live.PresenceData{Ticket: 7, User: 1,
		Name: "Marie Dupont", Box: "reply", Typing: true, TTL: 30}) || e.Ticket != 7 || e.Except != 1 {
		t.Fatalf("presence event %+v %s", e, e.Data)
	}
	none(t, s)
	note := typing
	note.Box = "note" // another box is another warning
	if !b.PublishPresence(note, at.Add(time.Second)) {
		t.Fatal("typing in the note box was dropped")
	}
	receive(t, s)
	stop := typing
	stop.Typing = false
	if !b.PublishPresence(stop, at.Add(2*time.Second)) {
		t.Fatal("stopped was dropped")
	}
	if e := receive(t, s); json.Unmarshal(e.Data, &d) != nil || d.Typing {
		t.Fatalf("stopped event %s", e.Data)
	}
	if !b.PublishPresence(typing, at.Add(2*time.Second)) {
		t.Fatal("typing again after stopping was dropped")
	}
	receive(t, s)
	if !b.PublishPresence(typing, at.Add(6*time.Second)) {
		t.Fatal("the refresh after the gap was dropped")
	}
}
