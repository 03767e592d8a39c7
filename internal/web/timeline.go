package web

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/ticket"
)

// entry is one line of a request's timeline: a message (from the company, to
// it, an internal note, a call) or the changes one action made.
type entry struct {
	At       time.Time
	Kind     string // inbound, outbound, note, call, or change
	Author   string
	Body     string
	Duration time.Duration
	Files    []ticket.Attachment // the message's attachments
	Changes  []change
	order    int // messages before the changes they caused at the same instant
}

// change is one field changed, ready to show: field and values translated.
type change struct {
	Field, Old, New string
}

// timeline merges the messages and the audit trail by time. The audit entries
// one action wrote (same instant, same actor) are one line.
func timeline(p *page, msgs []ticket.Message, audit []ticket.AuditEntry) []entry {
	out := make([]entry, 0, len(msgs)+len(audit))
	for _, m := range msgs {
		out = append(out, entry{At: m.CreatedAt, Kind: string(m.Kind), Author: m.AuthorName, Body: m.Body,
			Duration: m.CallDuration, Files: m.Attachments})
	}
	for _, a := range audit {
		c := describe(p, a)
		last := len(out) - 1
		if last >= 0 && out[last].Kind == "change" && out[last].At.Equal(a.At) && out[last].Author == a.ActorName {
			out[last].Changes = append(out[last].Changes, c)
			continue
		}
		out = append(out, entry{At: a.At, Kind: "change", Author: a.ActorName, Changes: []change{c}, order: 1})
	}
	slices.SortStableFunc(out, func(a, b entry) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.order, b.order))
	})
	return out
}

// describe translates an audit entry's field and values.
func describe(p *page, a ticket.AuditEntry) change {
	c := change{Field: p.T("field." + a.Field), Old: a.Old, New: a.New}
	switch a.Field {
	case "state", "outcome", "scope", "priority", "channel":
		c.Old, c.New = p.Label(a.Field, a.Old), p.Label(a.Field, a.New)
	case "topic":
		c.Old, c.New = p.Topic(a.Old), p.Topic(a.New)
	case "team":
		c.Old, c.New = p.Team(a.Old), p.Team(a.New)
	case "assignee":
		c.Old, c.New = userRef(p, a.Old), userRef(p, a.New)
	case "first_response_at":
		c.Old, c.New = "", p.DateTime(parseRFC3339(a.New))
	case "due_first_response", "due_next_response", "due_resolution":
		c.Old, c.New = dueTime(p, a.Old), dueTime(p, a.New)
	case "access_denied":
		c.Old, c.New = "", p.Label("action", a.New)
	}
	return c
}

// userRef names an assignee id: "vous" for the viewer, the number otherwise
// (the names of other accounts are the admin screen's).
func userRef(p *page, id string) string {
	if id == "" {
		return ""
	}
	if id == strconv.FormatInt(p.Actor.UserID, 10) {
		return p.T("ticket.you")
	}
	return p.T("ticket.user", id)
}

// dueTime shows a due time of the audit trail (RFC 3339) as a date; "" stays "".
func dueTime(p *page, s string) string {
	if s == "" {
		return ""
	}
	return p.DateTime(parseRFC3339(s))
}

func parseRFC3339(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
