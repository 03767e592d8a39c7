package core

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/live"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/telephony"
	"github.com/guichet/guichet/internal/ticket"
)

// publishTicket announces a change of tk to the workspaces watching it, once tx
// commits (kind: "created", "updated", "message"). A rolled-back change is never
// announced.
func (s *Service) publishTicket(tx *store.Tx, tk *ticket.Ticket, kind string) {
	if s.live == nil {
		return
	}
	data, _ := json.Marshal(live.TicketData{ID: tk.ID, Number: tk.Number, Team: tk.TeamID, Kind: kind})
	tx.AfterCommit(func() { s.live.Publish(live.Event{Type: live.TypeTicket, Data: data}) })
}

// publish sends an event once tx commits.
func (s *Service) publish(tx *store.Tx, typ string, data any, to []int64) {
	if s.live == nil {
		return
	}
	b, err := json.Marshal(data)
	if err != nil {
		s.log.Error("live: event not encoded", "type", typ, "err", err)
		return
	}
	tx.AfterCommit(func() { s.live.Publish(live.Event{Type: typ, Data: b, To: to}) })
}

// LiveHeartbeat is how often a live stream sends a comment line, so that
// proxies keep the connection open and a dead browser is noticed.
const LiveHeartbeat = 25 * time.Second

// SubscribeLive opens the live events of a signed-in user of the workspace: the
// changes of the requests it may read, and the calls addressed to it. The caller
// closes the subscription.
func (s *Service) SubscribeLive(ctx context.Context, a access.Actor) (*live.Subscription, error) {
	if err := a.Check(access.ReadTicket, a.TeamID); err != nil {
		return nil, err
	}
	if s.live == nil {
		return nil, errs.E(errs.NotFound, "Les mises à jour en direct ne sont pas activées.")
	}
	return s.live.Subscribe(a.UserID), nil
}

// SubscribeTicketLive is SubscribeLive for a ticket page: the same events,
// plus the presence of the colleagues typing in that request's boxes. The actor
// must be allowed to read the request.
func (s *Service) SubscribeTicketLive(ctx context.Context, a access.Actor, ticketID int64) (*live.Subscription, error) {
	if _, err := s.Ticket(ctx, a, ticketID); err != nil {
		return nil, err
	}
	if s.live == nil {
		return nil, errs.E(errs.NotFound, "Les mises à jour en direct ne sont pas activées.")
	}
	return s.live.SubscribeTicket(a.UserID, ticketID), nil
}

// The boxes of a ticket page an agent may be typing in.
const (
	PresenceReply = "reply"
	PresenceNote  = "note"
)

// Presence tells the colleagues watching a request that the actor started
// (typing) or stopped typing in its reply or note box. It is a live event
// only: nothing is written, neither in the request nor in its audit trail. Only
// someone who may write in that box may say so (a refusal is audited, as for
// any action on the request); without live updates it does nothing.
func (s *Service) Presence(ctx context.Context, a access.Actor, ticketID int64, box string, typing bool) error {
	action := access.ReplyTicket
	switch box {
	case PresenceReply:
	case PresenceNote:
		action = access.NoteTicket
	default:
		return errs.Field("box", "zone de saisie inconnue « "+box+" » (reply ou note)")
	}
	if err := s.authorize(ctx, a, action, ticketID); err != nil {
		return err
	}
	if s.live == nil {
		return nil
	}
	s.live.PublishPresence(live.PresenceData{Ticket: ticketID, User: a.UserID, Name: a.Name, Box: box, Typing: typing}, s.now())
	return nil
}

// LiveJob connects the broker to the other instances (PostgreSQL LISTEN/NOTIFY).
func (s *Service) liveJobs() []Job {
	if s.live == nil {
		return nil
	}
	return []Job{{Name: "live", Run: s.live.Run}}
}

// CallPop is the data of a "call" live event: a screen pop for the agents of a
// queue, or the answering agent's cue to open the call form.
type CallPop struct {
	// Event is "ringing" (new call for the queue), "answered" (to the agent who
	// answered: open Open), "taken" (to the queue: someone answered), "ended".
	Event   string `json:"event"`
	ID      int64  `json:"id"` // the call in the log: /agent/appels/{id}/fiche shows the caller
	CallID  string `json:"call_id"`
	From    string `json:"from"`    // E.164, "" when withheld
	Display string `json:"display"` // the number as the French write it
	Queue   string `json:"queue"`
	Agent   int64  `json:"agent,omitempty"`
	// Open is the new-call form, prefilled, for the agent who answered:
	// /agent/appel?phone=E164&call_id=ID&started=UNIX (started: the answer, in
	// Unix seconds, so that the form's duration runs from it).
	Open    string `json:"open,omitempty"`
	Seconds int    `json:"duration_seconds,omitempty"`
}

// CallFormURL is the address of the new-call form prefilled for a call.
func CallFormURL(c *telephony.Record) string {
	v := url.Values{}
	v.Set("phone", c.From)
	v.Set("call_id", strconv.FormatInt(c.ID, 10))
	v.Set("started", strconv.FormatInt(c.LastAnswer().Unix(), 10))
	return "/agent/appel?" + v.Encode()
}

// popCall sends the live events of a call event, once tx commits: the queue's
// agents see a new call ringing, the agent who answered is sent to the call
// form and the others see it taken, everyone sees it end. A queue without
// configured members pops up on every signed-in screen.
func (s *Service) popCall(ctx context.Context, tx *store.Tx, before, c *telephony.Record, e telephony.Event) error {
	if s.live == nil || c.Direction != telephony.Inbound {
		return nil
	}
	members, err := tx.FindQueueMembers(ctx, c.Queue)
	if err != nil {
		return err
	}
	pop := CallPop{ID: c.ID, CallID: c.CallID, From: c.From, Display: phone.Format(c.From), Queue: c.Queue, Agent: c.Agent}
	send := func(event string, to []int64) {
		p := pop
		p.Event = event
		s.publish(tx, live.TypeCall, p, to)
	}
	switch {
	case e.Type == telephony.NewCall && !c.Ended() && c.AnsweredAt.IsZero():
		send("ringing", members)
	case e.Type == telephony.Answered && !c.Ended() && c.Agent != 0 && c.Agent == e.Agent:
		pop.Open = CallFormURL(c)
		send("answered", []int64{c.Agent})
		pop.Open = ""
		send("taken", without(members, c.Agent))
	case e.Type == telephony.Hangup && before.EndedAt.IsZero():
		pop.Seconds = int(c.Duration() / time.Second)
		send("ended", members)
	}
	return nil
}

// without is ids minus one; an empty list (everyone) stays empty.
func without(ids []int64, id int64) []int64 {
	if len(ids) == 0 {
		return nil
	}
	out := make([]int64, 0, len(ids))
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return []int64{-1} // nobody else
	}
	return out
}

// CallerView is what the screen pop shows of a call: the number, who has it
// (contacts and their company, by E.164 match), the company's open requests, the
// last exchanges with it and the number's previous calls.
type CallerView struct {
	Call      *telephony.Record
	Contacts  []company.Contact
	Company   *company.Company
	Open      []*ticket.Ticket    // the company's open requests, newest first
	Exchanges []Exchange          // the company's last messages, newest first (no internal notes)
	Previous  []*telephony.Record // the number's previous calls
}

// CallerOf returns the screen pop of a call of the log.
func (s *Service) CallerOf(ctx context.Context, a access.Actor, callID int64) (*CallerView, error) {
	if err := a.Check(access.ReadTicket, a.TeamID); err != nil {
		return nil, err
	}
	c, err := s.store.FindCallByID(ctx, callID)
	if err != nil {
		return nil, err
	}
	v := &CallerView{Call: c}
	if c.From == "" {
		return v, nil
	}
	if v.Contacts, err = s.store.FindContactsByPhone(ctx, c.From, 5); err != nil {
		return nil, err
	}
	for _, ct := range v.Contacts {
		if ct.CompanyID != 0 {
			if v.Company, err = s.store.FindCompanyOfCall(ctx, ct.CompanyID); err != nil {
				return nil, err
			}
			break
		}
	}
	if err := s.companyHistory(ctx, v); err != nil {
		return nil, err
	}
	prev, _, err := s.store.FindCalls(ctx, store.CallFilter{Phone: c.From, Limit: 6})
	for _, p := range prev {
		if p.ID != c.ID && len(v.Previous) < 5 {
			v.Previous = append(v.Previous, p)
		}
	}
	return v, err
}

// companyHistory fills the open requests and the last exchanges of the caller's
// company (the latest messages of its three latest requests, notes aside).
func (s *Service) companyHistory(ctx context.Context, v *CallerView) error {
	if v.Company == nil {
		return nil
	}
	recent, _, err := s.store.FindTickets(ctx, ticket.Filter{CompanyID: v.Company.ID, Limit: 20, Sort: ticket.NewestFirst})
	if err != nil {
		return err
	}
	for i, tk := range recent {
		if tk.State.IsActive() && len(v.Open) < 5 {
			v.Open = append(v.Open, tk)
		}
		if i >= 3 {
			continue
		}
		msgs, err := s.store.FindMessages(ctx, tk.ID)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if m.Kind != ticket.Note {
				v.Exchanges = append(v.Exchanges, Exchange{Ticket: tk, Message: m})
			}
		}
	}
	slices.SortFunc(v.Exchanges, func(a, b Exchange) int { return b.Message.CreatedAt.Compare(a.Message.CreatedAt) })
	v.Exchanges = v.Exchanges[:min(len(v.Exchanges), 3)]
	return nil
}

// Exchange is a message of the caller's company, with its request.
type Exchange struct {
	Ticket  *ticket.Ticket
	Message ticket.Message
}
