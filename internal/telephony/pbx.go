package telephony

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// PBX is a switchboard allowed to post call events. Its token is shown once
// (`guichet pbx add`) and stored as a hash.
type PBX struct {
	ID        int64
	Name      string
	TokenHash string
	// Allow lists the networks it may post from; empty allows any source.
	Allow     []netip.Prefix
	CreatedAt time.Time
	RevokedAt time.Time
}

// ParseAllow reads a comma-separated list of networks ("192.0.2.0/24,
// 2001:db8::1"); a bare address is a network of one.
func ParseAllow(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return nil, fmt.Errorf("adresse ou réseau invalide « %s » (attendu : 192.0.2.10 ou 192.0.2.0/24)", part)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("réseau invalide « %s » (attendu : 192.0.2.0/24)", part)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// AllowString writes Allow back as ParseAllow reads it.
func (p PBX) AllowString() string {
	var parts []string
	for _, a := range p.Allow {
		parts = append(parts, a.String())
	}
	return strings.Join(parts, ",")
}

// Allows reports whether an event may come from addr.
func (p PBX) Allows(addr netip.Addr) bool {
	if len(p.Allow) == 0 {
		return true
	}
	addr = addr.Unmap()
	for _, a := range p.Allow {
		if a.Contains(addr) {
			return true
		}
	}
	return false
}

// Record is a call as the call log stores it.
type Record struct {
	ID    int64
	PBXID int64
	Call
	TicketID  int64
	CreatedAt time.Time
	UpdatedAt time.Time
	// Read side: filled by the store when listing.
	AgentName    string
	TicketNumber string
	// CompanySIRET and CompanyName are the call's company: its request's, else
	// that of the latest contact with the caller's (or callee's) number.
	CompanySIRET string
	CompanyName  string
}

// Callback is the callback owed for one caller's missed calls: a request of the
// channel phone, open until the caller is reached or an agent records why not.
type Callback struct {
	TicketID int64
	Phone    string // E.164 of the caller
	// Open is true until the callback is settled (reached, or given up with a
	// reason).
	Open bool
	// Superseded marks an open callback that no longer gathers the number's
	// missed calls: one came after the grouping window, and a newer callback
	// took them. It still has to be settled.
	Superseded    bool
	MissedCalls   int
	FirstMissedAt time.Time
	LastMissedAt  time.Time
	Attempts      int
	ReachedAt     time.Time
	GaveUpReason  string
}

// Settled reports whether the callback may close: the caller was reached, or an
// agent wrote why they will not be.
func (c Callback) Settled() bool {
	return !c.ReachedAt.IsZero() || strings.TrimSpace(c.GaveUpReason) != ""
}

// BlockedNumber is a number refused at new_call (abuse).
type BlockedNumber struct {
	Phone     string
	Reason    string
	CreatedAt time.Time
}

// Extension is an agent's extension and the queues whose calls pop up on the
// agent's screen.
type Extension struct {
	Extension string
	UserID    int64
	Email     string
	Name      string
	Queues    []string
}

// DefaultCallbackWindow is how close to the last missed call gathered by a
// caller's open callback a new missed call must be to join it, when the
// administrator has not set another window.
const DefaultCallbackWindow = 2 * time.Hour

// Gathers reports whether a missed call at `at` joins this callback rather
// than opening a new one: the callback is open, still gathers the number's
// calls, and its last missed call is within window of at (either side, since
// events may arrive out of order). A burst of calls, each within the window of
// the previous one, stays one request.
func (c Callback) Gathers(at time.Time, window time.Duration) bool {
	if !c.Open || c.Superseded {
		return false
	}
	gap := at.Sub(c.LastMissedAt)
	if gap < 0 {
		gap = -gap
	}
	return gap <= window
}
