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
}
