package api

import (
	"math"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// The telephony webhook (docs/telephony.md): a switchboard posts its call events,
// JSON or form-encoded, with its own token (not a user's). Each source address has
// a token bucket, checked before anything else, so that a flood from one source
// is refused with 429 while the other switchboards go on.
const (
	pbxRate  = 30  // events per second, sustained, per source address
	pbxBurst = 300 // events a source may send at once
)

// pbxWebhook is the handler and its rate limiter; it is made with the route table.
type pbxWebhook struct {
	s       *server
	limiter *sourceLimiter
}

func newPBXWebhook(s *server) *pbxWebhook {
	return &pbxWebhook{s: s, limiter: newSourceLimiter(pbxRate, pbxBurst)}
}

// callEventBody is the body of an event: the event and, for switchboards that
// cannot set a header, the token.
type callEventBody struct {
	core.CallEventInput
	Token string `json:"token"`
}

// callEventReply is the answer to an event. Action is what the switchboard
// should do with the call: "accept", or "reject" for a blocked number.
type callEventReply struct {
	Action       string `json:"action"`
	Duplicate    bool   `json:"duplicate"`
	ID           int64  `json:"id"`
	CallID       string `json:"call_id"`
	Result       string `json:"result"`
	DurationSecs int    `json:"duration_seconds"`
	TicketID     *int64 `json:"ticket_id"`
}

// handle is POST /api/v1/telephony/events.
func (h *pbxWebhook) handle(w http.ResponseWriter, r *http.Request) error {
	src := sourceAddr(r)
	if wait, ok := h.limiter.allow(src.String(), h.s.core.Now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		return errs.E(errs.RateLimited, "Trop d'événements depuis %s : réessayez dans %d s.", src, int(math.Ceil(wait.Seconds())))
	}
	var in callEventBody
	if err := h.decodeEvent(w, r, &in); err != nil {
		return err
	}
	token := strings.TrimSpace(in.Token)
	if scheme, t, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " "); ok && strings.EqualFold(scheme, "Bearer") {
		token = strings.TrimSpace(t)
	}
	pbx, err := h.s.core.AuthenticatePBX(r.Context(), token, src)
	if err != nil {
		return err
	}
	res, err := h.s.core.HandleCallEvent(r.Context(), pbx, in.CallEventInput)
	if err != nil {
		return err
	}
	c := res.Call
	out := callEventReply{Action: "accept", Duplicate: res.Duplicate, ID: c.ID, CallID: c.CallID, Result: string(c.Result),
		DurationSecs: int(c.Duration() / time.Second)}
	if res.Reject {
		out.Action = "reject"
	}
	if c.TicketID != 0 {
		out.TicketID = &c.TicketID
	}
	w.Header().Set("X-Guichet-Action", out.Action)
	return writeJSON(w, http.StatusOK, out)
}

// decodeEvent reads a JSON or form-encoded event.
func (h *pbxWebhook) decodeEvent(w http.ResponseWriter, r *http.Request, in *callEventBody) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" && mt != "multipart/form-data" {
		return h.s.decode(w, r, in)
	}
	r.Body = http.MaxBytesReader(w, r.Body, h.s.maxBody)
	if err := r.ParseForm(); err != nil {
		return malformed("Le formulaire de l'événement n'a pas pu être lu.")
	}
	f := r.PostForm
	*in = callEventBody{Token: f.Get("token"), CallEventInput: core.CallEventInput{Event: f.Get("event"),
		CallID: f.Get("call_id"), Direction: f.Get("direction"), From: f.Get("from"), To: f.Get("to"),
		Queue: f.Get("queue"), User: f.Get("user"), Extension: f.Get("extension"), Cause: f.Get("cause"),
		At: f.Get("at")}}
	return nil
}

// sourceAddr is the address the request came from. A proxy's X-Forwarded-For is
// not trusted: anyone can write it, and the allowlist would mean nothing.
func sourceAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// sourceLimiter is one token bucket per source, on the service's clock (so that
// tests drive it without sleeping). Idle buckets are forgotten.
type sourceLimiter struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newSourceLimiter(rate, burst float64) *sourceLimiter {
	return &sourceLimiter{rate: rate, burst: burst, buckets: map[string]*bucket{}}
}

// allow takes a token of key's bucket at now; when there is none it says how
// long to wait for one.
func (l *sourceLimiter) allow(key string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) > 10000 {
			l.forget(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if now.After(b.last) {
		b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) / l.rate * float64(time.Second)), false
	}
	b.tokens--
	return 0, true
}

// forget drops the buckets that are full again: their sources are quiet.
func (l *sourceLimiter) forget(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}
