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
}

// Callback is the callback owed for one caller's missed calls: a request of the
// channel phone, open until the caller is reached or an agent records why not.
type Callback struct {
	TicketID      int64
	Phone         string // E.164 of the caller
	Open          bool
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
