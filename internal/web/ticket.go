package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// ticketView is the ticket page: the request, its timeline and the forms the
// actor may use.
type ticketView struct {
	*labels
	Ticket    *ticket.Ticket
	Timeline  []entry
	Next      []ticket.State // the states the state form offers
	Outcomes  []ticket.Outcome
	CanReply  bool
	CanNote   bool
	CanUpdate bool
	Mine      bool // assigned to the viewer
	Form      ticketForm
	Done      string // what the last action did, after its redirect

	Scopes     []ticket.Scope
	Priorities []ticket.Priority
	Members    []ticket.UserRef // whom the request may be assigned to
	Macros     []core.Macro
	// Redirect is the reply that sends the company to the buyer, or why there is
	// none (RedirectErr: the consultation is missing or not in the catalog).
	Redirect    string
	RedirectErr string
	OffTopic    string
	Reopen      bool // the request is resolved: offer to reopen it
	// Guidance is what the routing rules propose, the equal-treatment guard
	// and the SLA clocks, shown read-only (qa.go, the "guidance" block).
	Guidance *core.Guidance
	// Mails are the mails queued about the request (the "ticket_mails" block);
	// CanRate offers the note a caller gives by phone on a resolved request.
	Mails   []core.QueuedMail
	CanRate bool
}

// ticketForm is what a failed post typed, shown again with its errors, so that
// nothing typed is lost.
type ticketForm struct {
	Failed  string // "reply", "note", "state", "assign", "assigned", "fields", "escalate", "redirect" or "offtopic"
	Reply   string
	Note    string
	State   string
	Outcome string
	// The classification form, the escalation and the compound answers.
	Topic, Scope, Consultation, Priority string
	Assignee                             string
	Team, EscNote                        string
	Redirect, OffTopic                   string
	Question, Answer                     string            // the Q&A to publish (qa.go)
	Errors                               map[string]string // by field; "" for the form as a whole
}

// Err returns the error of a field of the failed form, when form is it.
func (f ticketForm) Err(form, field string) string {
	if f.Failed != form {
		return ""
	}
	return f.Errors[field]
}

// done lists the actions whose success the page confirms (?done=reply…).
var done = []string{"reply", "note", "state", "assign", "assigned", "fields", "escalate", "redirect", "offtopic", "call", "qa"}

// ticketPage shows one request.
func (s *server) ticketPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	tv, err := s.loadTicket(r.Context(), r, v, id)
	if err != nil {
		return err
	}
	if d := r.URL.Query().Get("done"); slices.Contains(done, d) {
		tv.Done = v.lang.T("ticket.done." + d)
	}
	if raw := r.URL.Query().Get("macro"); raw != "" && tv.CanReply {
		// Inserting a macro without JavaScript: the page comes back with it in
		// the reply box.
		mid, _ := strconv.ParseInt(raw, 10, 64)
		text, err := s.core.MacroText(r.Context(), v.actor, mid, id)
		if err != nil {
			return err
		}
		tv.Form.Reply = text
	}
	return s.render(w, r, v, http.StatusOK, "ticket", ticketTitle(v, tv.Ticket), tv)
}

// loadTicket reads the request, its conversation and its history.
func (s *server) loadTicket(ctx context.Context, r *http.Request, v *visit, id int64) (*ticketView, error) {
	tk, err := s.core.Ticket(ctx, v.actor, id)
	if err != nil {
		return nil, err
	}
	msgs, err := s.core.Messages(ctx, v.actor, id)
	if err != nil {
		return nil, err
	}
	audit, err := s.core.History(ctx, v.actor, id)
	if err != nil {
		return nil, err
	}
	lb, err := s.loadLabels(ctx)
	if err != nil {
		return nil, err
	}
	tv := &ticketView{labels: lb, Ticket: tk, Outcomes: ticket.Outcomes(),
		CanReply:  v.actor.Can(access.ReplyTicket, tk.TeamID),
		CanNote:   v.actor.Can(access.NoteTicket, tk.TeamID),
		CanUpdate: v.actor.Can(access.UpdateTicket, tk.TeamID),
		Mine:      tk.AssigneeID != 0 && tk.AssigneeID == v.actor.UserID}
	for _, st := range ticket.States() {
		// Escalating needs a service to send to: its own form.
		if st != ticket.Escalated && tk.State.CanTransition(st) {
			tv.Next = append(tv.Next, st)
		}
	}
	if tv.Guidance, err = s.core.Guidance(ctx, v.actor, id); err != nil {
		return nil, err
	}
	if tv.Mails, err = s.core.TicketOutMails(ctx, v.actor, id); err != nil {
		return nil, err
	}
	tv.CanRate = tv.CanReply && (tk.State == ticket.Resolved || tk.State == ticket.Closed)
	tv.Timeline = timeline(s.pageFor(r, v, tv), msgs, audit)
	if err := s.loadActions(ctx, v, tv); err != nil {
		return nil, err
	}
	return tv, nil
}

// here is the ticket page's address, where a page answering a post on the
// ticket comes back to.
func (tv *ticketView) here() string { return "/agent/tickets/" + strconv.FormatInt(tv.Ticket.ID, 10) }

func ticketTitle(v *visit, tk *ticket.Ticket) string {
	return v.lang.T("ticket.title", tk.Number, tk.Subject)
}

// ticketID reads the request id of the path; anything else names no request.
func ticketID(r *http.Request) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "La demande « %s » n'existe pas.", raw)
	}
	return id, nil
}
