// Package bench is the load tool behind `guichet bench`: a number of concurrent
// clients drive the real JSON API (ticket creation and the inbox list) for a given
// time, then it reports, per operation, the throughput and the latency percentiles.
//
// It is an HTTP client and nothing more: it knows the API's contract, not the
// store. It is bounded (a duration, the caller's context and a hard cap on the
// number of requests) and, by default, it only talks to the loopback interface.
package bench

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// The scenarios.
const (
	ScenarioCreate = "create" // every client creates tickets
	ScenarioInbox  = "inbox"  // every client reads the first page of the inbox
	ScenarioMixed  = "mixed"  // every client alternates creation and inbox
)

// The operations a report measures.
const (
	OpCreate      = "create"       // POST /api/v1/tickets
	OpInbox       = "inbox"        // GET /api/v1/tickets?limit=50
	OpInboxActive = "inbox_active" // GET /api/v1/tickets?state=new,open&limit=50
)

// Defaults and bounds.
const (
	DefaultClients     = 8
	DefaultDuration    = 10 * time.Second
	DefaultMaxRequests = 500_000 // every latency is kept: 4 MB of samples at most
	DefaultCompanies   = 1_000
	requestTimeout     = 30 * time.Second
)

// Options say what to drive, how hard and for how long.
type Options struct {
	// BaseURL is the server's root, e.g. http://127.0.0.1:8080.
	BaseURL string
	// Token is an API token (Authorization: Bearer).
	Token string
	// Clients is the number of concurrent clients; DefaultClients when 0.
	Clients int
	// Duration is how long the load lasts; DefaultDuration when 0.
	Duration time.Duration
	// Scenario is ScenarioCreate, ScenarioInbox or ScenarioMixed (the default).
	Scenario string
	// Out receives the report's table when the run ends; nil prints nothing.
	Out io.Writer
	// Seed makes the generated requests reproducible.
	Seed int64
	// AllowRemote lets the tool target a host outside the loopback interface.
	// Off by default: a load test is never pointed at somebody else's server by mistake.
	AllowRemote bool
	// MaxRequests caps the number of requests of the run; DefaultMaxRequests when 0.
	MaxRequests int
	// Companies is the number of distinct companies (SIRETs) the created tickets
	// are about; DefaultCompanies when 0.
	Companies int
}

func (o Options) withDefaults() (Options, error) {
	if o.Clients == 0 {
		o.Clients = DefaultClients
	}
	if o.Duration == 0 {
		o.Duration = DefaultDuration
	}
	if o.Scenario == "" {
		o.Scenario = ScenarioMixed
	}
	if o.MaxRequests == 0 {
		o.MaxRequests = DefaultMaxRequests
	}
	if o.Companies == 0 {
		o.Companies = DefaultCompanies
	}
	switch {
	case o.Clients < 0 || o.Clients > 1000:
		return o, fmt.Errorf("bench: %d clients: between 1 and 1000", o.Clients)
	case o.Duration < 0:
		return o, fmt.Errorf("bench: negative duration %s", o.Duration)
	case o.MaxRequests < 0:
		return o, fmt.Errorf("bench: negative request cap %d", o.MaxRequests)
	case o.Companies < 0:
		return o, fmt.Errorf("bench: negative number of companies %d", o.Companies)
	case sequence(o.Scenario) == nil:
		return o, fmt.Errorf("bench: unknown scenario %q (create, inbox or mixed)", o.Scenario)
	}
	return o, nil
}

// sequence is the cycle of operations a client of the scenario repeats. In the
// inbox, one read in four filters on the states an agent works on.
func sequence(scenario string) []string {
	switch scenario {
	case ScenarioCreate:
		return []string{OpCreate}
	case ScenarioInbox:
		return []string{OpInbox, OpInbox, OpInbox, OpInboxActive}
	case ScenarioMixed:
		return []string{OpCreate, OpInbox, OpCreate, OpInbox, OpCreate, OpInbox, OpCreate, OpInboxActive}
	}
	return nil
}

// Run drives the API with o.Clients clients until o.Duration has passed, ctx
// ends or o.MaxRequests requests were sent, and returns the report (also printed
// on o.Out). Requests under way when the time is up are finished and counted;
// those cut short by ctx are not. It fails before any load if the target is not
// allowed or does not accept the token.
func Run(ctx context.Context, o Options) (*Report, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	base, err := checkTarget(o.BaseURL, o.AllowRemote)
	if err != nil {
		return nil, err
	}
	c := newClient(base, o)
	defer c.http.CloseIdleConnections()
	if err := c.preflight(ctx); err != nil {
		return nil, err
	}
	sirets := SIRETPool(o.Companies, o.Seed)
	stop := &stopper{deadline: time.Now().Add(o.Duration), ctx: ctx, max: int64(o.MaxRequests)}
	recs := make([]*recorder, o.Clients)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range recs {
		recs[i] = newRecorder()
		w := &worker{c: c, gen: newGenerator(o.Seed, i, sirets), seq: sequence(o.Scenario), next: i, rec: recs[i]}
		wg.Go(func() { w.run(ctx, stop) })
	}
	wg.Wait()
	rep := newReport(o, base, time.Since(start), stop.reason(), recs)
	if o.Out != nil {
		if _, err := io.WriteString(o.Out, rep.String()); err != nil {
			return rep, fmt.Errorf("bench: write report: %w", err)
		}
	}
	return rep, nil
}

// stopper decides when the clients stop starting requests.
type stopper struct {
	deadline time.Time
	ctx      context.Context
	max      int64
	sent     atomic.Int64
	capped   atomic.Bool
}

// next reports whether one more request may start, and counts it.
func (s *stopper) next() bool {
	if s.ctx.Err() != nil || !time.Now().Before(s.deadline) {
		return false
	}
	if s.sent.Add(1) > s.max {
		s.capped.Store(true)
		return false
	}
	return true
}

func (s *stopper) reason() string {
	switch {
	case s.capped.Load():
		return "max_requests"
	case s.ctx.Err() != nil:
		return "cancelled"
	}
	return "duration"
}

// deepEvery is how often a worker decodes a whole page (its first one, then one in
// deepEvery); the others are checked for their shape only.
const deepEvery = 64

// worker is one client: it runs its sequence of operations in a loop.
type worker struct {
	c    *client
	gen  *generator
	seq  []string
	next int // position in seq; clients start at different ones
	done int // requests made
	rec  *recorder
}

func (w *worker) run(ctx context.Context, stop *stopper) {
	for stop.next() {
		op := w.seq[w.next%len(w.seq)]
		w.next++
		took, err := w.c.do(ctx, op, w.gen, w.done%deepEvery == 0)
		w.done++
		if err != nil && ctx.Err() != nil {
			return // cut short by the caller: neither a success nor the server's fault
		}
		w.rec.add(op, took, err)
	}
}
