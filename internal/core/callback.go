package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/telephony"
	"github.com/guichet/guichet/internal/ticket"
)

// Callbacks (docs/telephony.md): a missed call makes a rappel request, or joins
// the open one of the same number within the grouping window; an agent logs
// attempts; the request closes only once the caller is reached or given up on.

// callback creates the callback request of a missed call, or adds the call to
// the open callback of the same caller, so that a caller who tries several times
// is one request. It returns the request's id.
func (s *Service) callback(ctx context.Context, tx *store.Tx, p *telephony.PBX, c *telephony.Record) (int64, error) {
	a := pbxActor(p)
	cb, found, err := tx.FindOpenCallback(ctx, c.From)
	if err != nil {
		return 0, err
	}
	window, err := s.callbackWindow(ctx, tx)
	if err != nil {
		return 0, err
	}
	if found && cb.Gathers(c.StartedAt, window) {
		return cb.TicketID, s.joinCallback(ctx, tx, a, cb, c)
	}
	body := s.missedText(c, 1)
	if found {
		// Too long after the open callback's last missed call: a new request,
		// and the old one, still to settle, stops gathering the number's calls.
		cb.Superseded = true
		if err := tx.UpdateCallback(ctx, cb); err != nil {
			return 0, err
		}
		if old, err := tx.FindTicketByID(ctx, cb.TicketID); err == nil {
			body += " Un rappel précédent de ce numéro est encore ouvert : demande " + old.Number + "."
		}
	}
	in := NewTicket{Channel: string(ticket.Phone), Subject: "Rappel : appel manqué du " + phone.Format(c.From),
		Body: body, Contact: &ContactInput{Phone: c.From}}
	if contacts, err := tx.FindContactsByPhone(ctx, c.From, 1); err == nil && len(contacts) == 1 {
		in.Contact.Name = contacts[0].Name
		if co, err := tx.FindCompanyOfCall(ctx, contacts[0].CompanyID); err == nil && co.SIRETValid {
			in.Company = &CompanyInput{SIRET: co.SIRET}
		}
	}
	d, err := s.draftTicketIn(ctx, tx, a, in)
	if err != nil {
		return 0, err
	}
	// The caller spoke to nobody: the request waits for its first response, the
	// callback (due within the callback target, on the routing's phone policy).
	d.message.Kind, d.message.AuthorID = ticket.Inbound, 0
	id, _, err := s.insertTicket(ctx, tx, a, d, "", "")
	if err != nil {
		return 0, err
	}
	return id, tx.CreateCallback(ctx, telephony.Callback{TicketID: id, Phone: c.From, Open: true, MissedCalls: 1,
		FirstMissedAt: c.StartedAt, LastMissedAt: c.StartedAt})
}

// joinCallback adds a missed call to the caller's open callback: a note on the
// request says so, and the count goes up.
func (s *Service) joinCallback(ctx context.Context, tx *store.Tx, a access.Actor, cb telephony.Callback, c *telephony.Record) error {
	tk, err := tx.FindTicketByID(ctx, cb.TicketID)
	if err != nil {
		return err
	}
	now := s.clock()
	cb.MissedCalls++
	if c.StartedAt.After(cb.LastMissedAt) {
		cb.LastMissedAt = c.StartedAt
	}
	m := ticket.Message{TicketID: tk.ID, Kind: ticket.Note, Body: s.missedText(c, cb.MissedCalls), CreatedAt: now}
	if err := tx.CreateMessage(ctx, &m); err != nil {
		return err
	}
	change := ticket.Change{Field: "missed_calls", Old: strconv.Itoa(cb.MissedCalls - 1), New: strconv.Itoa(cb.MissedCalls)}
	if err := tx.CreateAudit(ctx, tk.ID, 0, now, "Rappel : nouvel appel manqué", []ticket.Change{change}); err != nil {
		return err
	}
	if err := tx.UpdateCallback(ctx, cb); err != nil {
		return err
	}
	return s.messageAdded(ctx, tx, a, tk, &m)
}

// lateAnswer handles an answered event that came after the hangup of a call
// that looked missed (a queued call hung up "normal", see telephony.Call): the
// call was answered after all. Its callback, when this call alone made it and
// nobody tried yet, is settled as reached, so the request can be resolved at
// once; otherwise a note says so. The request stays: nothing is deleted.
func (s *Service) lateAnswer(ctx context.Context, tx *store.Tx, p *telephony.PBX, c *telephony.Record) error {
	cb, found, err := tx.FindCallback(ctx, c.TicketID)
	if err != nil || !found {
		return err
	}
	tk, err := tx.FindTicketByID(ctx, cb.TicketID)
	if err != nil {
		return err
	}
	now := s.clock()
	who := ""
	if c.Agent != 0 {
		if u, err := tx.FindUserByID(ctx, c.Agent); err == nil {
			who = u.Name
		}
	}
	body := fmt.Sprintf("L'appel du %s a en fait été décroché", phone.Format(c.From))
	if who != "" {
		body += " par " + who
	}
	body += " (le standard a signalé la prise d'appel après le raccrochage)."
	if cb.Open && cb.MissedCalls == 1 && cb.Attempts == 0 {
		cb.ReachedAt, cb.Open = c.AnsweredAt, false
		body += " Rappel inutile : la demande peut être résolue."
		if err := tx.UpdateCallback(ctx, cb); err != nil {
			return err
		}
	}
	m := ticket.Message{TicketID: tk.ID, Kind: ticket.Note, Body: body, CreatedAt: now}
	if err := tx.CreateMessage(ctx, &m); err != nil {
		return err
	}
	return s.messageAdded(ctx, tx, pbxActor(p), tk, &m)
}

// keyCallbackWindow is the configuration document of the grouping window of
// missed calls, in minutes (set on the telephony admin screen).
const keyCallbackWindow = "callback_window_minutes"

// MaxCallbackWindow bounds the grouping window: a week.
const MaxCallbackWindow = 7 * 24 * time.Hour

// callbackWindow is the grouping window in force.
func (s *Service) callbackWindow(ctx context.Context, r configReader) (time.Duration, error) {
	docs, err := r.FindConfigs(ctx)
	if err != nil {
		return 0, err
	}
	doc, ok := docs[keyCallbackWindow]
	if !ok {
		return telephony.DefaultCallbackWindow, nil
	}
	minutes, err := strconv.Atoi(strings.TrimSpace(doc))
	if err != nil || minutes < 0 {
		return 0, fmt.Errorf("core: configuration %s illisible: %q", keyCallbackWindow, doc)
	}
	return time.Duration(minutes) * time.Minute, nil
}

// CallbackWindow returns how close together a caller's missed calls must be to
// make one callback request (telephony.DefaultCallbackWindow unless an admin
// set another).
func (s *Service) CallbackWindow(ctx context.Context, a access.Actor) (time.Duration, error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return 0, err
	}
	return s.callbackWindow(ctx, s.store)
}

// SaveCallbackWindow sets the grouping window of missed calls, in minutes
// (0: every missed call makes its own request, up to a week).
func (s *Service) SaveCallbackWindow(ctx context.Context, a access.Actor, typed string) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	minutes, err := strconv.Atoi(strings.TrimSpace(typed))
	if err != nil || minutes < 0 || time.Duration(minutes)*time.Minute > MaxCallbackWindow {
		return errs.Field("callback_window", fmt.Sprintf("durée en minutes attendue, de 0 à %d, reçu « %s »",
			int(MaxCallbackWindow/time.Minute), typed))
	}
	return s.saveConfigs(ctx, a, map[string]any{keyCallbackWindow: minutes})
}

// missedText describes a missed call for the request, in French.
func (s *Service) missedText(c *telephony.Record, n int) string {
	why := map[telephony.Result]string{telephony.Missed: "sans réponse", telephony.Abandoned: "raccroché en attente",
		telephony.BusyLine: "ligne occupée", telephony.ToVoicemail: "messagerie vocale",
		telephony.Closed: "en dehors des heures d'ouverture"}[c.Result]
	at := c.StartedAt.In(s.loc)
	text := fmt.Sprintf("Appel manqué du %s le %02d/%02d/%d à %d h %02d (%s)", phone.Format(c.From), at.Day(),
		int(at.Month()), at.Year(), at.Hour(), at.Minute(), why)
	if c.Queue != "" {
		text += ", file « " + c.Queue + " »"
	}
	if n > 1 {
		text += fmt.Sprintf(" : %de appel manqué de ce numéro.", n)
	} else {
		text += ". À rappeler."
	}
	return text
}

// CallbackAttempt is an agent's try at calling a caller back.
type CallbackAttempt struct {
	Reached bool   // the caller was reached
	Seconds int    // the length of the call, when reached
	Note    string // what was said, or why the caller will not be reached
	// GiveUp closes the callback without reaching the caller; Note says why.
	GiveUp bool
}

// LogCallback records a callback attempt on a callback request: a call message,
// and, when the caller was reached or the agent gives up with a reason, the
// callback is settled and the request may be resolved.
func (s *Service) LogCallback(ctx context.Context, a access.Actor, ticketID int64, in CallbackAttempt) error {
	if err := s.authorize(ctx, a, access.ReplyTicket, ticketID); err != nil {
		return err
	}
	note := strings.TrimSpace(in.Note)
	if in.GiveUp && note == "" {
		return errs.Field("note", "indiquez pourquoi l'appelant ne sera pas rappelé")
	}
	if in.Seconds < 0 || in.Seconds > 24*3600 {
		return errs.Field("seconds", "durée d'appel invalide")
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		cb, found, err := tx.FindCallback(ctx, ticketID)
		if err != nil {
			return err
		}
		if !found {
			return errs.E(errs.Conflict, "Cette demande n'est pas un rappel.")
		}
		now := s.clock()
		cb.Attempts++
		body := fmt.Sprintf("Rappel n° %d : appelant non joint.", cb.Attempts)
		switch {
		case in.Reached:
			cb.ReachedAt, cb.Open = now, false
			body = fmt.Sprintf("Rappel n° %d : appelant joint.", cb.Attempts)
		case in.GiveUp:
			cb.GaveUpReason, cb.Open = note, false
			body = fmt.Sprintf("Rappel abandonné après %d tentative(s).", cb.Attempts)
		}
		if note != "" {
			body += " " + note
		}
		m := ticket.Message{Kind: ticket.Call, Body: body, AuthorID: a.UserID, AuthorName: a.Name}
		if in.Reached {
			m.CallDuration = secondsDuration(in.Seconds)
		}
		if err := s.addMessageTx(ctx, tx, a, ticketID, &m, now); err != nil {
			return err
		}
		return tx.UpdateCallback(ctx, cb)
	})
}

// addMessageTx adds m to a request inside tx with the effects AddMessage gives
// it (first response, routing, audit, the hooks).
func (s *Service) addMessageTx(ctx context.Context, tx *store.Tx, a access.Actor, id int64, m *ticket.Message, now time.Time) error {
	if err := m.Validate(); err != nil {
		return err
	}
	tk, err := tx.FindTicketByID(ctx, id)
	if err != nil {
		return err
	}
	return s.writeMessage(ctx, tx, a, tk, m, now)
}

// checkCallbackClosing refuses to resolve or close a callback request whose
// caller was neither reached nor given up on with a reason (ticketUpdated).
func (s *Service) checkCallbackClosing(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, changes []ticket.Change) error {
	if tk.State != ticket.Resolved && tk.State != ticket.Closed {
		return nil
	}
	moved := false
	for _, c := range changes {
		moved = moved || c.Field == "state"
	}
	if !moved {
		return nil
	}
	cb, found, err := tx.FindCallback(ctx, tk.ID)
	if err != nil || !found || cb.Settled() {
		return err
	}
	return errs.Field("state", "ce rappel ne peut être clos qu'une fois l'appelant joint, "+
		"ou en indiquant pourquoi il ne le sera pas (« Rappel » sur la demande)")
}

// Callback returns the callback of a request; found is false when the request
// is not one.
func (s *Service) Callback(ctx context.Context, a access.Actor, ticketID int64) (telephony.Callback, bool, error) {
	if _, err := s.Ticket(ctx, a, ticketID); err != nil {
		return telephony.Callback{}, false, err
	}
	return s.store.FindCallbackRead(ctx, ticketID)
}
