package api

import (
	"net/http"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

// messageJSON is one entry of a request's conversation.
type messageJSON struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	Author      *authorRef `json:"author"` // null: the company wrote it
	Body        string     `json:"body"`
	CallSeconds int        `json:"call_duration_seconds"`
	CreatedAt   time.Time  `json:"created_at"`
}

// authorRef is who wrote a message or made a change.
type authorRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func messageView(m ticket.Message) messageJSON {
	out := messageJSON{ID: m.ID, Kind: string(m.Kind), Body: m.Body, CallSeconds: int(m.CallDuration / time.Second),
		CreatedAt: m.CreatedAt.UTC()}
	if m.AuthorID != 0 {
		out.Author = &authorRef{ID: m.AuthorID, Name: m.AuthorName}
	}
	return out
}

// listMessages shows a request's conversation, oldest first.
func (s *server) listMessages(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "La demande")
	if err != nil {
		return err
	}
	msgs, err := s.core.Messages(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[messageJSON]{Items: items(msgs, messageView)})
}

// addMessage adds a message (company message, answer, note or call) to a request.
func (s *server) addMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "La demande")
	if err != nil {
		return err
	}
	var in core.NewMessage
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	m, err := s.core.AddMessage(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, messageView(*m))
}

// auditJSON is one change of a request's history: who, when, which field, from
// what to what, and the rule when an automatic action made it.
type auditJSON struct {
	ID    int64      `json:"id"`
	At    time.Time  `json:"at"`
	Actor *authorRef `json:"actor"` // null: Guichet itself
	Field string     `json:"field"`
	Old   string     `json:"old"`
	New   string     `json:"new"`
	Rule  *string    `json:"rule"`
}

func auditView(a ticket.AuditEntry) auditJSON {
	out := auditJSON{ID: a.ID, At: a.At.UTC(), Field: a.Field, Old: a.Old, New: a.New, Rule: nonEmpty(a.Rule)}
	if a.ActorID != 0 {
		out.Actor = &authorRef{ID: a.ActorID, Name: a.ActorName}
	}
	return out
}

// history shows a request's audit trail, oldest first.
func (s *server) history(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "La demande")
	if err != nil {
		return err
	}
	trail, err := s.core.History(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[auditJSON]{Items: items(trail, auditView)})
}
