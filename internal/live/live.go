// Package live carries the workspace's live updates: a ticket changed, a call is
// ringing for a queue. Use cases publish events after their transaction commits;
// each signed-in browser holds a subscription (server-sent events, internal/web).
//
// Within one instance the broker fans events out in memory. Several instances
// sharing a PostgreSQL database hear each other's events through a Transport
// (LISTEN/NOTIFY, internal/store/notify.go): each instance sends what it
// publishes and delivers what the others sent. Live events are a convenience, not
// a record: a browser that misses one (full buffer, instance restart) still sees
// the truth on its next page load, so the broker drops rather than blocks.
package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"sync"
	"time"
)

// The event types the workspace knows.
const (
	// TypeTicket is a request created or changed; Data is TicketData.
	TypeTicket = "ticket"
	// TypeCall is a call for a queue or an agent (the screen pop); Data is the
	// call's JSON (core.CallPop).
	TypeCall = "call"
	// TypePresence is an agent starting or stopping to type in a request's reply
	// or note box; Data is PresenceData. It goes only to the streams watching
	// that request (Event.Ticket) and is never stored.
	TypePresence = "presence"
)

// Event is one live update.
type Event struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
	// To restricts the event to these users; empty means every subscriber.
	To []int64 `json:"to,omitempty"`
	// Ticket, when set, restricts the event to the subscriptions watching that
	// request (a ticket page's stream, SubscribeTicket).
	Ticket int64 `json:"ticket,omitempty"`
	// Except leaves out this user's subscriptions (the agent who typed does not
	// need to be told about itself).
	Except int64 `json:"except,omitempty"`
}

// PresenceData is the data of a "presence" event: who is typing in which box
// ("reply" or "note") of which request, and for how many seconds the warning
// holds without a refresh (TTL). Typing false withdraws it at once.
type PresenceData struct {
	Ticket int64  `json:"ticket"`
	User   int64  `json:"user"`
	Name   string `json:"name"`
	Box    string `json:"box"`
	Typing bool   `json:"typing"`
	TTL    int    `json:"ttl"`
}

// TicketData is the data of a "ticket" event: which request changed and how
// ("created", "updated", "message"). Pages reload what they show of it.
type TicketData struct {
	ID     int64  `json:"id"`
	Number string `json:"number"`
	Team   string `json:"team"`
	Kind   string `json:"kind"`
}

// Transport links the instances that share a database.
type Transport interface {
	// Notify sends a payload to every instance (this one included).
	Notify(ctx context.Context, payload string) error
	// Listen calls listening once ready, then receive for every payload, until
	// ctx ends.
	Listen(ctx context.Context, listening func(), receive func(payload string)) error
}

// Options configure a Broker.
type Options struct {
	// Transport, when set, shares events with the other instances.
	Transport Transport
	Logger    *slog.Logger
	// Buffer is how many events a slow subscriber may lag before it loses some
	// (default 64).
	Buffer int
}

// Broker is the publish/subscribe hub of one instance.
type Broker struct {
	mu        sync.RWMutex
	subs      map[*Subscription]struct{}
	transport Transport
	origin    string      // this instance's id, to skip its own events coming back
	outbox    chan string // payloads waiting for the transport
	listening chan struct{}
	once      sync.Once
	done      chan struct{}
	closeOnce sync.Once
	buffer    int
	log       *slog.Logger
	presence  presenceGate
}

// maxPayload is PostgreSQL's limit on a NOTIFY payload, less a margin.
const maxPayload = 7900

// New returns a broker; call Run to connect it to the other instances.
func New(o Options) *Broker {
	b := &Broker{subs: map[*Subscription]struct{}{}, transport: o.Transport, outbox: make(chan string, 1024),
		listening: make(chan struct{}), done: make(chan struct{}), buffer: o.Buffer, log: o.Logger}
	if b.buffer <= 0 {
		b.buffer = 64
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	id := make([]byte, 8)
	rand.Read(id)
	b.origin = hex.EncodeToString(id)
	if b.transport == nil {
		close(b.listening)
	}
	return b
}

// wire is an event as it travels between instances.
type wire struct {
	Origin string `json:"o"`
	Event  Event  `json:"e"`
}

// Publish delivers e to this instance's subscribers at once and queues it for the
// other instances. It never blocks.
func (b *Broker) Publish(e Event) {
	b.deliver(e)
	if b.transport == nil {
		return
	}
	payload, err := json.Marshal(wire{Origin: b.origin, Event: e})
	if err != nil || len(payload) > maxPayload {
		b.log.Warn("live: event not shared with the other instances", "type", e.Type, "bytes", len(payload), "err", err)
		return
	}
	select {
	case b.outbox <- string(payload):
	default:
		b.log.Warn("live: outbox full, event not shared with the other instances", "type", e.Type)
	}
}

// deliver hands e to each subscriber it is addressed to; a subscriber whose
// buffer is full loses it (and learns so through Dropped).
func (b *Broker) deliver(e Event) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for s := range b.subs {
		if !s.wants(e) {
			continue
		}
		select {
		case s.c <- e:
		default:
			s.mu.Lock()
			s.dropped++
			s.mu.Unlock()
		}
	}
}

// Run connects the broker to the other instances until ctx ends: it sends the
// queued events and delivers the others'. Without a transport it only waits.
func (b *Broker) Run(ctx context.Context) error {
	if b.transport == nil {
		<-ctx.Done()
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { b.send(ctx) })
	err := b.transport.Listen(ctx, func() { b.once.Do(func() { close(b.listening) }) }, b.receive)
	cancel()
	wg.Wait()
	return err
}

// Listening is closed once the broker hears the other instances (at once when
// there is no transport).
func (b *Broker) Listening() <-chan struct{} { return b.listening }

func (b *Broker) send(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case p := <-b.outbox:
			if err := b.transport.Notify(ctx, p); err != nil && ctx.Err() == nil {
				b.log.Warn("live: notify failed", "err", err)
			}
		}
	}
}

func (b *Broker) receive(payload string) {
	var w wire
	if err := json.Unmarshal([]byte(payload), &w); err != nil {
		b.log.Warn("live: unreadable notification", "err", err)
		return
	}
	if w.Origin == b.origin {
		return // delivered locally when published
	}
	b.deliver(w.Event)
}

// Subscription is one listener (a browser tab): the events addressed to its user.
type Subscription struct {
	C       <-chan Event
	c       chan Event
	user    int64
	ticket  int64 // the request a ticket page watches; 0 for the other pages
	broker  *Broker
	mu      sync.Mutex
	dropped int
}

// Subscribe starts listening for the events of user (and those for everyone).
// Close it when done.
func (b *Broker) Subscribe(user int64) *Subscription {
	c := make(chan Event, b.buffer)
	s := &Subscription{C: c, c: c, user: user, broker: b}
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	return s
}

// SubscribeTicket is Subscribe for a ticket page: the user's events, plus the
// events about that request alone (presence).
func (b *Broker) SubscribeTicket(user, ticket int64) *Subscription {
	s := b.Subscribe(user)
	b.mu.Lock()
	s.ticket = ticket
	b.mu.Unlock()
	return s
}

// Close ends every subscription (their Done channels close): the server is
// shutting down and the live streams must let it.
func (b *Broker) Close() { b.closeOnce.Do(func() { close(b.done) }) }

// Done is closed when the broker is closed.
func (s *Subscription) Done() <-chan struct{} { return s.broker.done }

// Close stops the subscription.
func (s *Subscription) Close() {
	s.broker.mu.Lock()
	delete(s.broker.subs, s)
	s.broker.mu.Unlock()
}

// Dropped counts the events lost because the subscriber was too slow.
func (s *Subscription) Dropped() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

func (s *Subscription) wants(e Event) bool {
	if e.Ticket != 0 && e.Ticket != s.ticket {
		return false
	}
	if e.Except != 0 && e.Except == s.user {
		return false
	}
	if len(e.To) == 0 {
		return true
	}
	for _, id := range e.To {
		if id == s.user {
			return true
		}
	}
	return false
}

// PresenceTTL is how long a "typing" warning holds without a refresh; pages
// refresh it every PresenceTTL/3 while the agent types.
const PresenceTTL = 30 * time.Second

// presenceGap is the least time between two "typing" events of one agent in
// one box: more are dropped (a page misbehaving, or a forged loop).
const presenceGap = 3 * time.Second

// presenceGate remembers when each agent last announced typing in a box.
type presenceGate struct {
	mu   sync.Mutex
	last map[presenceKey]time.Time
}

type presenceKey struct {
	ticket, user int64
	box          string
}

// PublishPresence announces that p.User started (or, p.Typing false, stopped)
// typing in a box of request p.Ticket, to the other agents watching it. A
// "typing" repeated within a few seconds is dropped; a "stopped" always goes.
// It reports whether the event was published.
func (b *Broker) PublishPresence(p PresenceData, now time.Time) bool {
	k := presenceKey{p.Ticket, p.User, p.Box}
	g := &b.presence
	g.mu.Lock()
	if p.Typing {
		if at, ok := g.last[k]; ok && now.Sub(at) >= 0 && now.Sub(at) < presenceGap {
			g.mu.Unlock()
			return false
		}
		if g.last == nil {
			g.last = map[presenceKey]time.Time{}
		}
		if len(g.last) >= 4096 { // forget the stale ones rather than grow
			for key, at := range g.last {
				if now.Sub(at) > PresenceTTL {
					delete(g.last, key)
				}
			}
		}
		g.last[k] = now
	} else {
		delete(g.last, k)
	}
	g.mu.Unlock()
	p.TTL = int(PresenceTTL / time.Second)
	data, err := json.Marshal(p)
	if err != nil {
		return false
	}
	b.Publish(Event{Type: TypePresence, Data: data, Ticket: p.Ticket, Except: p.User})
	return true
}
