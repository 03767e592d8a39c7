package ticket

import (
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// MessageKind says who wrote a message and who may read it.
type MessageKind string

// The kinds of message on a request.
const (
	Inbound  MessageKind = "inbound"  // from the company
	Outbound MessageKind = "outbound" // from the cell to the company
	Note     MessageKind = "note"     // internal, never shown to the company
	Call     MessageKind = "call"     // a phone call, with its duration
)

// MessageKinds lists every kind.
func MessageKinds() []MessageKind { return []MessageKind{Inbound, Outbound, Note, Call} }

// Valid reports whether k is a known kind.
func (k MessageKind) Valid() bool { return oneOf(k, MessageKinds()) }

// MaxBody is the longest message body accepted, in bytes.
const MaxBody = 100_000

// Message is one entry of a request's conversation.
type Message struct {
	ID           int64
	TicketID     int64
	Kind         MessageKind
	AuthorID     int64 // the agent for outbound, note and call; 0 for the company
	AuthorName   string
	Body         string
	CallDuration time.Duration // calls only
	CreatedAt    time.Time
	// Attachments are the files that came with the message, written with it.
	Attachments []Attachment
}

// Validate checks a message before it is added.
func (m *Message) Validate() error {
	var f errs.Fields
	if !m.Kind.Valid() {
		f.Add("kind", fmt.Sprintf("type de message inconnu « %s » (inbound, outbound, note ou call)", m.Kind))
	}
	body := strings.TrimSpace(m.Body)
	switch {
	case !CleanText(body):
		f.Add("body", "le message contient des caractères invalides (octet nul ou encodage incorrect)")
	case body == "" && m.Kind != Call:
		f.Add("body", "le message est vide")
	case len(body) > MaxBody:
		f.Add("body", fmt.Sprintf("message trop long (%d octets, %d au plus)", len(body), MaxBody))
	}
	if m.CallDuration < 0 || m.CallDuration > 24*time.Hour {
		f.Add("call_duration_seconds", "durée d'appel hors limites (0 à 86 400 secondes)")
	}
	if m.Kind != Call && m.CallDuration != 0 {
		f.Add("call_duration_seconds", "seul un appel a une durée")
	}
	return f.Err()
}

// Receive applies a message's effect on its request: a company reply reopens,
// the first answer to the company stamps the first response, and nothing is added
// to a closed request but internal notes. It returns the state changes to audit.
func (t *Ticket) Receive(m Message, now time.Time) ([]Change, error) {
	var ch changes
	switch m.Kind {
	case Inbound:
		to, err := AfterCompanyReply(t.State)
		if err != nil {
			return nil, err
		}
		if to != t.State {
			ch.add("state", string(t.State), string(to))
			t.stamp(to, now)
			t.State = to
			ch.set("outcome", (*string)(&t.Outcome), string(NoOutcome))
		}
	case Note:
		// An internal note changes nothing of the request: it must not make a
		// colleague's save of the same request a version conflict.
		return nil, nil
	case Outbound, Call:
		if t.State == Closed {
			return nil, errs.E(errs.Conflict, "Cette demande est close : on ne peut plus y répondre.")
		}
		if t.FirstResponseAt.IsZero() {
			t.FirstResponseAt = now
			ch.add("first_response_at", "", now.UTC().Format(time.RFC3339))
		}
	}
	t.UpdatedAt = now
	t.Version++
	return ch, nil
}
