package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// The agent workspace's use cases beyond the plain ticket CRUD: the views'
// counts, the call screen (caller lookup, LogCall) and the ticket page's
// compound actions (escalate, redirect to the buyer, off-topic). A compound
// action is one transaction: its message, its changes and their audit entries
// are all written or none is.

// ViewCountLimit caps the count of an inbox view: past it the view says "1 000+".
const ViewCountLimit = 1000

// CountTickets counts the requests a filter selects, up to ViewCountLimit; more
// is true when there are more than that.
func (s *Service) CountTickets(ctx context.Context, a access.Actor, f ticket.Filter) (n int, more bool, err error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return 0, false, err
	}
	n, err = s.store.CountTickets(ctx, f, ViewCountLimit+1)
	if n > ViewCountLimit {
		return ViewCountLimit, true, err
	}
	return n, false, err
}

// CallerMatch is a company or a contact the call screen's lookup found, with
// the company's latest requests.
type CallerMatch struct {
	Company *company.Company // nil: a contact without company
	Contact company.Contact  // ID 0: the company matched by itself
	Recent  []*ticket.Ticket
}

// callerRecent is how many of a caller's latest requests the lookup shows.
const callerRecent = 3

// Callers finds who is calling from what the agent typed: a phone number in any
// written form (compared in E.164), a SIRET or SIREN (or its start, spaces
// allowed), or words of a company's or a contact's name. Fewer than two
// characters find nothing.
func (s *Service) Callers(ctx context.Context, a access.Actor, text string) ([]CallerMatch, error) {
	if err := a.Check(access.ReadCompany, ""); err != nil {
		return nil, err
	}
	f := callerFilter(text)
	if f == (store.CallerFilter{}) {
		return nil, nil
	}
	found, err := s.store.FindCallers(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]CallerMatch, 0, len(found))
	for _, c := range found {
		m := CallerMatch{Company: c.Company, Contact: c.Contact}
		if c.Company != nil && c.Company.ID != 0 {
			m.Recent, _, err = s.store.FindTickets(ctx, ticket.Filter{CompanyID: c.Company.ID, Sort: ticket.NewestFirst,
				Limit: callerRecent})
			if err != nil {
				return nil, err
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// callerFilter reads the lookup text as the company picker does (companyFilter):
// a phone number, digits of a SIRET, or words.
func callerFilter(text string) store.CallerFilter {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) < 2 {
		return store.CallerFilter{}
	}
	cf := companyFilter(CompanyQuery{Text: text})
	switch {
	case cf.Phone != "":
		return store.CallerFilter{Phone: cf.Phone}
	case cf.Text != "" && strings.Trim(cf.Text, "0123456789") == "":
		return store.CallerFilter{Digits: cf.Text}
	}
	return store.CallerFilter{Words: text}
}

// Members lists the accounts that may work a request held by teamID: those a
// request can be assigned to. With teamID "", every account that may work
// requests of its own team (the inbox's agent filter).
func (s *Service) Members(ctx context.Context, a access.Actor, teamID string) ([]ticket.UserRef, error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return nil, err
	}
	users, err := s.store.FindMembers(ctx)
	if err != nil {
		return nil, err
	}
	var out []ticket.UserRef
	for _, u := range users {
		team := teamID
		if team == "" {
			team = u.TeamID
		}
		if u.Actor().Can(access.UpdateTicket, team) {
			out = append(out, ticket.UserRef{ID: u.ID, Name: u.Name, Email: u.Email})
		}
	}
	return out, nil
}

// The endings of a call, as the call screen offers them.
const (
	CallResolved   = "resolved"   // answered during the call: resolved, answered by the cell
	CallFollowUp   = "follow_up"  // to follow: open, assigned to the agent
	CallEscalated  = "escalated"  // sent to a thematic service
	CallRedirected = "redirected" // the caller was sent to the buyer: resolved, redirected
)

// CallEndings lists the endings, in the order the screen offers them.
func CallEndings() []string {
	return []string{CallResolved, CallFollowUp, CallEscalated, CallRedirected}
}

// NewCall is a call logged while on the phone.
type NewCall struct {
	Company         *CompanyInput // nil: an anonymous caller
	Contact         *ContactInput
	Subject         string // empty: the first line of the question
	Topic           string
	Scope           string
	ConsultationRef string
	Question        string
	Answer          string // what the agent answered, or notes: an internal note
	CallSeconds     int
	Ending          string
	TeamID          string // the service, for CallEscalated
	// CallID is the PBX's id of the call when the screen was opened by the
	// telephony pop-up. No column holds it yet: it is logged with the request's
	// number so that the PBX's records can be joined by hand.
	CallID string
}

// LogCall records a call as a phone request: the call itself (question and
// duration), the answer as an internal note, and the ending the agent chose,
// in one transaction. The key, as for CreateTicket, makes a form posted twice
// record one call.
func (s *Service) LogCall(ctx context.Context, a access.Actor, in NewCall, key string) (*ticket.Ticket, error) {
	if err := a.Check(access.CreateTicket, ""); err != nil {
		return nil, err
	}
	if err := a.Check(access.UpdateTicket, ticket.CellTeamID); err != nil {
		return nil, err
	}
	d, u, err := s.draftCall(ctx, a, in)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		w, err := s.writeTicket(ctx, tx, a, d, key, callHash(in))
		if id = w.id; err != nil || !w.created {
			return err
		}
		// A screen pop passed the call log's id: the call led to this request.
		if callID, err := strconv.ParseInt(strings.TrimSpace(in.CallID), 10, 64); err == nil && callID > 0 {
			if err := tx.LinkCall(ctx, callID, id); err != nil {
				return err
			}
		}
		// The request just written, carried through the note and the ending
		// instead of read back before each.
		tk, err := writtenTicket(ctx, tx, w)
		if err != nil {
			return err
		}
		if note := strings.TrimSpace(in.Answer); note != "" {
			m := ticket.Message{Kind: ticket.Note, Body: note, AuthorID: a.UserID, AuthorName: a.Name}
			if err := s.messageOnTicket(ctx, tx, a, tk, m); err != nil {
				return err
			}
			if tk, err = asStored(ctx, tx, tk); err != nil {
				return err
			}
		}
		_, err = s.updateLoaded(ctx, tx, a, tk, u, 0)
		return err
	})
	if err != nil {
		return nil, err
	}
	tk, err := s.store.FindTicketByID(ctx, id)
	if err == nil && in.CallID != "" {
		s.log.InfoContext(ctx, "call logged", "event", "call.logged", "call_id", in.CallID, "ticket", tk.Number)
	}
	return tk, err
}

// draftCall validates a call, reporting every wrong field at once, and returns
// the request to create and the update its ending makes.
func (s *Service) draftCall(ctx context.Context, a access.Actor, in NewCall) (*draft, ticket.Update, error) {
	var f errs.Fields
	question := strings.TrimSpace(in.Question)
	if question == "" {
		f.Add("question", "la question de l'appelant est obligatoire")
	}
	subject := strings.TrimSpace(in.Subject)
	if subject == "" {
		subject = firstLine(question, 80)
	}
	u, err := s.callEnding(ctx, a, in)
	f.AddErr("", err)
	d, err := s.draftTicket(ctx, a, NewTicket{Channel: string(ticket.Phone), Subject: subject, Body: question,
		Company: in.Company, Contact: in.Contact, Topic: in.Topic, Scope: in.Scope, ConsultationRef: in.ConsultationRef,
		CallSeconds: in.CallSeconds})
	var de *errs.Error
	if errors.As(err, &de) {
		for _, fe := range de.Fields {
			if fe.Field != "subject" || question != "" {
				f.Add(fe.Field, fe.Message) // an empty question already says why the subject is empty
			}
		}
	} else if err != nil {
		return nil, u, err
	}
	return d, u, f.Err()
}

// callEnding is the update an ending makes once the call is recorded.
func (s *Service) callEnding(ctx context.Context, a access.Actor, in NewCall) (ticket.Update, error) {
	me := a.UserID
	u := ticket.Update{AssigneeID: &me}
	var f errs.Fields
	switch in.Ending {
	case CallResolved, CallRedirected:
		st, oc := ticket.Resolved, ticket.AnsweredByCell
		if in.Ending == CallRedirected {
			oc = ticket.RedirectedToBuyer
		}
		u.State, u.Outcome = &st, &oc
		if in.Ending == CallResolved && strings.TrimSpace(in.Answer) == "" {
			f.Add("answer", "indiquez la réponse donnée pendant l'appel")
		}
	case CallFollowUp:
		st := ticket.Open
		u.State = &st
	case CallEscalated:
		st, team := ticket.Escalated, strings.TrimSpace(in.TeamID)
		u.State, u.TeamID, u.AssigneeID = &st, &team, nil
		if team == "" || team == ticket.CellTeamID {
			f.Add("team", "choisissez le service thématique à qui transmettre l'appel")
		} else {
			s.checkTeam(ctx, &f, team)
		}
	default:
		f.Add("ending", "choisissez comment se termine l'appel (résolu pendant l'appel, à suivre, transmis ou réorienté)")
	}
	return u, f.Err()
}

// firstLine is the first line of text, cut at max characters on a word.
func firstLine(text string, max int) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	line = strings.TrimSpace(line)
	if r := []rune(line); len(r) > max {
		cut := string(r[:max])
		if i := strings.LastIndex(cut, " "); i > max/2 {
			cut = cut[:i]
		}
		line = cut + "…"
	}
	return line
}

func callHash(in NewCall) string {
	b, _ := json.Marshal(in)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// EscalateToService sends a request to a thematic service, with a note for it:
// the team changes, the state becomes escalated and the assignee is cleared (the
// service picks it up).
func (s *Service) EscalateToService(ctx context.Context, a access.Actor, id int64, teamID, note string, version int) (*ticket.Ticket, error) {
	team := strings.TrimSpace(teamID)
	var f errs.Fields
	if team == "" || team == ticket.CellTeamID {
		f.Add("team", "choisissez le service thématique à qui transmettre la demande")
	} else {
		s.checkTeam(ctx, &f, team)
	}
	if strings.TrimSpace(note) == "" {
		f.Add("note", "expliquez au service ce qui est attendu de lui")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	st, nobody := ticket.Escalated, int64(0)
	m := &ticket.Message{Kind: ticket.Note, Body: note, AuthorID: a.UserID, AuthorName: a.Name}
	return s.act(ctx, a, id, version, m, ticket.Update{TeamID: &team, State: &st, AssigneeID: &nobody})
}

// RedirectToBuyer answers the company that its question is for the buyer of the
// consultation (body: the reply, with the buyer's contact) and resolves the
// request with the outcome redirected_to_buyer.
func (s *Service) RedirectToBuyer(ctx context.Context, a access.Actor, id int64, body string, version int) (*ticket.Ticket, error) {
	st, oc := ticket.Resolved, ticket.RedirectedToBuyer
	m := &ticket.Message{Kind: ticket.Outbound, Body: body, AuthorID: a.UserID, AuthorName: a.Name}
	return s.act(ctx, a, id, version, m, ticket.Update{State: &st, Outcome: &oc})
}

// MarkOffTopic answers politely that the question is outside the cell's remit
// and resolves the request as off-topic (scope and outcome).
func (s *Service) MarkOffTopic(ctx context.Context, a access.Actor, id int64, body string, version int) (*ticket.Ticket, error) {
	st, oc, sc := ticket.Resolved, ticket.OutcomeOffTopic, ticket.OffTopic
	m := &ticket.Message{Kind: ticket.Outbound, Body: body, AuthorID: a.UserID, AuthorName: a.Name}
	return s.act(ctx, a, id, version, m, ticket.Update{State: &st, Outcome: &oc, Scope: &sc})
}

// act runs a compound action on a request read at version: a message, then an
// update, in one transaction. The version is required: a compound action always
// comes from a form that showed the request.
func (s *Service) act(ctx context.Context, a access.Actor, id int64, version int, m *ticket.Message, u ticket.Update) (*ticket.Ticket, error) {
	if err := s.authorize(ctx, a, actionFor(m.Kind), id); err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, a, access.UpdateTicket, id); err != nil {
		return nil, err
	}
	if version <= 0 {
		return nil, errs.Field("version", "version de la demande absente : rechargez la page")
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		tk, err := tx.FindTicketByID(ctx, id)
		if err != nil {
			return err
		}
		if tk.Version != version {
			return errs.E(errs.Conflict, "La demande %s a été modifiée entre-temps (version %d, vous aviez la %d) : rechargez-la.",
				tk.Number, tk.Version, version)
		}
		if err := s.messageInTx(ctx, tx, a, id, *m); err != nil {
			return err
		}
		_, err = s.updateInTx(ctx, tx, a, id, u, 0)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindTicketByID(ctx, id)
}

// messageInTx adds a message inside a transaction, as AddMessage does.
func (s *Service) messageInTx(ctx context.Context, tx *store.Tx, a access.Actor, id int64, m ticket.Message) error {
	tk, err := tx.FindTicketByID(ctx, id)
	if err != nil {
		return err
	}
	return s.messageOnTicket(ctx, tx, a, tk, m)
}

// messageOnTicket is messageInTx on tk, the request as tx holds it.
func (s *Service) messageOnTicket(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, m ticket.Message) error {
	if err := a.Check(actionFor(m.Kind), tk.TeamID); err != nil {
		return err
	}
	m.Body = strings.TrimSpace(m.Body)
	if err := m.Validate(); err != nil {
		return err
	}
	return s.writeMessage(ctx, tx, a, tk, &m, s.clock())
}

// updateInTx applies an update inside a transaction, as UpdateTicket does.
func (s *Service) updateInTx(ctx context.Context, tx *store.Tx, a access.Actor, id int64, u ticket.Update, version int) (*ticket.Ticket, error) {
	tk, err := tx.FindTicketByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.updateLoaded(ctx, tx, a, tk, u, version)
}

// updateLoaded is updateInTx on tk, the request as tx holds it; tk is changed.
func (s *Service) updateLoaded(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, u ticket.Update, version int) (*ticket.Ticket, error) {
	if err := a.Check(access.UpdateTicket, tk.TeamID); err != nil {
		return nil, err
	}
	if version != 0 && version != tk.Version {
		return nil, errs.E(errs.Conflict, "La demande %s a été modifiée entre-temps : rechargez-la.", tk.Number)
	}
	if err := checkAssignee(ctx, tx, tk, u); err != nil {
		return nil, err
	}
	read, now := tk.Version, s.clock()
	changes, err := tk.Apply(u, now)
	if err != nil || len(changes) == 0 {
		return tk, err
	}
	routed, err := s.routeUpdate(ctx, tx, a, tk, changes, now)
	if err != nil {
		return nil, err
	}
	changes = append(changes, routed...)
	if err := tx.UpdateTicket(ctx, tk, read); err != nil {
		return nil, err
	}
	if err := tx.CreateAudit(ctx, tk.ID, a.UserID, now, "", changes); err != nil {
		return nil, err
	}
	return tk, s.ticketUpdated(ctx, tx, a, tk, changes)
}

// asStored returns tk, changed in memory by tx, as FindTicketByID would read it
// inside tx (times at the stored precision); it reads the ticket only when tk
// names an assignee whose name it does not hold.
func asStored(ctx context.Context, tx *store.Tx, tk *ticket.Ticket) (*ticket.Ticket, error) {
	if stored, ok := store.AsRead(*tk, tk.Company, tk.Contact, tk.Assignee); ok && (tk.Assignee == nil || tk.Assignee.ID == tk.AssigneeID) {
		return stored, nil
	}
	return tx.FindTicketByID(ctx, tk.ID)
}

// CheckSIRET reads a typed SIRET and says whether the catalog knows it: the
// company when it does, nil when the SIRET is valid but unknown (the call
// screen then asks for the name to create it), an error naming the field when
// the SIRET is not valid.
func (s *Service) CheckSIRET(ctx context.Context, a access.Actor, typed string) (*company.Company, error) {
	c, err := s.Company(ctx, a, typed)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	return c, err
}
