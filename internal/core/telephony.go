package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/telephony"
)

// The switchboard's side of the cell (docs/telephony.md): a PBX posts call
// events; each is applied once to its call (internal/telephony folds them in any
// order); a new call pops up on the screens of its queue's agents, an answered
// one opens the answering agent's call form, and a call nobody answered becomes
// a callback request — all in the transaction that records the event.

// CallEventInput is a call event as the webhook received it (JSON or form).
type CallEventInput struct {
	Event     string `json:"event"`
	CallID    string `json:"call_id"`
	Direction string `json:"direction"`
	From      string `json:"from"`
	To        string `json:"to"`
	Queue     string `json:"queue"`
	User      string `json:"user"` // the answering agent's e-mail
	Extension string `json:"extension"`
	Cause     string `json:"cause"`
	// At is when it happened: Unix seconds or RFC 3339; the arrival time when empty.
	At string `json:"at"`
}

// CallEventResult is what the webhook answers.
type CallEventResult struct {
	Call *telephony.Record
	// Duplicate is true when the event was already applied (nothing changed).
	Duplicate bool
	// Reject asks the switchboard to refuse the call (a blocked number).
	Reject bool
}

// pbxActor is who acts for a switchboard: the system, without an account.
func pbxActor(p *telephony.PBX) access.Actor {
	a := access.System()
	a.Name = "Standard " + p.Name
	return a
}

// HashPBXToken is how a switchboard's token is stored.
func HashPBXToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// AuthenticatePBX finds the switchboard of a token and checks that the event
// comes from one of its allowed networks.
func (s *Service) AuthenticatePBX(ctx context.Context, token string, from netip.Addr) (*telephony.PBX, error) {
	if strings.TrimSpace(token) == "" {
		return nil, errs.E(errs.Unauthorized, "Jeton du standard manquant : envoyez « Authorization: Bearer JETON ».")
	}
	p, err := s.store.FindPBXByTokenHash(ctx, HashPBXToken(strings.TrimSpace(token)))
	if errs.Is(err, errs.NotFound) || (err == nil && !p.RevokedAt.IsZero()) {
		return nil, errs.E(errs.Unauthorized, "Jeton du standard invalide ou révoqué.")
	}
	if err != nil {
		return nil, err
	}
	if !p.Allows(from) {
		return nil, errs.E(errs.Forbidden, "Le standard « %s » n'est pas autorisé depuis l'adresse %s.", p.Name, from)
	}
	return p, nil
}

// AddPBX registers a switchboard and returns its token, shown once.
func (s *Service) AddPBX(ctx context.Context, a access.Actor, name, allow string) (string, error) {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return "", err
	}
	var f errs.Fields
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		f.Add("name", "le nom du standard est obligatoire (100 caractères au plus)")
	}
	nets, err := telephony.ParseAllow(allow)
	if err != nil {
		f.AddErr("allow", err)
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	b := make([]byte, 32)
	rand.Read(b)
	token := "pbx_" + hex.EncodeToString(b)
	p := &telephony.PBX{Name: name, TokenHash: HashPBXToken(token), Allow: nets, CreatedAt: s.clock()}
	err = s.store.Write(ctx, func(tx *store.Tx) error { return tx.CreatePBX(ctx, p) })
	if errors.Is(err, store.ErrDuplicate) {
		return "", errs.Field("name", "un standard porte déjà ce nom")
	}
	return token, err
}

// RevokePBX revokes a switchboard's token: its events are refused from now on
// (401), and its calls stay in the log. A new token is `guichet pbx add` under
// another name.
func (s *Service) RevokePBX(ctx context.Context, a access.Actor, name string) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	var found bool
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		var err error
		found, err = tx.RevokePBX(ctx, name, s.clock())
		return err
	})
	if err == nil && !found {
		return errs.Field("name", fmt.Sprintf("aucun standard actif ne s'appelle « %s »", name))
	}
	return err
}

// SetExtension says which agent answers at an extension and, optionally, which
// queues' calls pop up on the agent's screen.
func (s *Service) SetExtension(ctx context.Context, a access.Actor, email, extension string, queues []string) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	var f errs.Fields
	u, err := s.store.FindUserByEmail(ctx, strings.TrimSpace(email))
	if err != nil {
		f.Add("user", "aucun compte à l'adresse « "+email+" »")
	}
	extension = strings.TrimSpace(extension)
	if extension != "" && !validExtension(extension) {
		f.Add("extension", "poste invalide « "+extension+" » (1 à 8 chiffres)")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if extension != "" {
			if err := tx.SetExtension(ctx, extension, u.ID, s.clock()); err != nil {
				return err
			}
		}
		for _, q := range queues {
			if q = strings.TrimSpace(q); q != "" {
				if err := tx.AddQueueMember(ctx, q, u.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func validExtension(s string) bool {
	if len(s) == 0 || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// BlockNumber makes the switchboard refuse a number's calls (abuse): they are
// logged as blocked and never become requests.
func (s *Service) BlockNumber(ctx context.Context, a access.Actor, number, reason string) (string, error) {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return "", err
	}
	e164, err := phone.Normalize(number)
	if err != nil {
		return "", errs.Field("number", err.Error())
	}
	return e164, s.store.Write(ctx, func(tx *store.Tx) error {
		return tx.BlockNumber(ctx, e164, strings.TrimSpace(reason), a.UserID, s.clock())
	})
}

// UnblockNumber accepts a number's calls again.
func (s *Service) UnblockNumber(ctx context.Context, a access.Actor, number string) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	e164, err := phone.Normalize(number)
	if err != nil {
		return errs.Field("number", err.Error())
	}
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.UnblockNumber(ctx, e164) })
}

// parseEvent validates an event, reporting every wrong field at once.
func (s *Service) parseEvent(ctx context.Context, in CallEventInput) (telephony.Event, error) {
	var f errs.Fields
	e := telephony.Event{Type: telephony.EventType(strings.TrimSpace(in.Event)), CallID: strings.TrimSpace(in.CallID),
		Queue: strings.TrimSpace(in.Queue), Extension: strings.TrimSpace(in.Extension), At: s.clock()}
	if !e.Type.Valid() {
		f.Add("event", fmt.Sprintf("type d'événement inconnu « %s » (new_call, answered ou hangup)", in.Event))
	}
	if e.CallID == "" || len(e.CallID) > telephony.MaxCallID {
		f.Add("call_id", fmt.Sprintf("identifiant d'appel obligatoire (%d caractères au plus)", telephony.MaxCallID))
	}
	e.Direction = telephony.Direction(orDefault(in.Direction, string(telephony.Inbound)))
	if !e.Direction.Valid() {
		f.Add("direction", "sens inconnu « "+in.Direction+" » (in ou out)")
	}
	e.From = s.eventNumber(&f, "from", in.From, e.Direction == telephony.Outbound)
	e.To = s.eventNumber(&f, "to", in.To, e.Direction == telephony.Inbound)
	if len(e.Queue) > 100 {
		f.Add("queue", "nom de file trop long (100 caractères au plus)")
	}
	if e.Extension != "" && !validExtension(e.Extension) {
		f.Add("extension", "poste invalide « "+e.Extension+" » (1 à 8 chiffres)")
	}
	if e.Type == telephony.Hangup {
		c, ok := telephony.ParseCause(in.Cause)
		if !ok {
			f.Add("cause", "cause inconnue « "+in.Cause+" » (normal, no_answer, busy, cancelled ou voicemail)")
		}
		e.Cause = c
	}
	if at, ok := parseEventTime(in.At); ok {
		e.At = at
	} else {
		f.Add("at", "date invalide « "+in.At+" » (secondes Unix ou RFC 3339)")
	}
	if e.Type == telephony.Answered {
		s.resolveAgent(ctx, &f, &e, strings.TrimSpace(in.User))
	}
	return e, f.Err()
}

// eventNumber reads a number of an event: E.164 in any written form; empty for
// a withheld caller; the side that is the cell's may be an extension.
func (s *Service) eventNumber(f *errs.Fields, field, v string, ours bool) string {
	v = strings.TrimSpace(v)
	switch strings.ToLower(v) {
	case "", "anonymous", "anonyme", "unknown", "private", "masqué", "masque":
		return ""
	}
	if ours && validExtension(v) && len(v) <= 6 {
		return v // an internal extension, not a public number
	}
	n, err := phone.Normalize(v)
	if err != nil {
		f.Add(field, err.Error())
	}
	return n
}

// parseEventTime reads Unix seconds (with a fraction) or RFC 3339; empty is
// "now" (ok with a zero time, replaced by the caller's default).
func parseEventTime(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	if sec, err := strconv.ParseFloat(v, 64); err == nil && sec > 1e9 && sec < 1e11 {
		return time.UnixMicro(int64(sec * 1e6)).UTC(), true
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC().Truncate(time.Microsecond), true
	}
	return time.Time{}, false
}

// resolveAgent finds who answered: the account named by the PBX, else the
// extension's agent (left 0, and the extension kept, when unknown).
func (s *Service) resolveAgent(ctx context.Context, f *errs.Fields, e *telephony.Event, user string) {
	if user != "" {
		if id, err := strconv.ParseInt(user, 10, 64); err == nil && id > 0 {
			e.Agent = id
			return
		}
		u, err := s.store.FindUserByEmail(ctx, user)
		if err != nil {
			f.Add("user", "aucun compte à l'adresse « "+user+" »")
			return
		}
		e.Agent = u.ID
	}
}

// HandleCallEvent applies one event of a switchboard's call. A repeated event
// changes nothing; a hangup of a call never announced is refused (not found);
// a new call from a blocked number is answered Reject.
func (s *Service) HandleCallEvent(ctx context.Context, p *telephony.PBX, in CallEventInput) (*CallEventResult, error) {
	e, err := s.parseEvent(ctx, in)
	if err != nil {
		return nil, err
	}
	if e.At.IsZero() {
		e.At = s.clock()
	}
	var res *CallEventResult
	write := func() error {
		return s.store.Write(ctx, func(tx *store.Tx) error {
			var err error
			res, err = s.applyEvent(ctx, tx, p, e)
			return err
		})
	}
	err = write()
	if errors.Is(err, store.ErrDuplicate) {
		// Two first events of one call, or two missed calls of one caller, raced:
		// the second try sees what the first wrote.
		err = write()
	}
	return res, err
}

// applyEvent is HandleCallEvent's transaction.
func (s *Service) applyEvent(ctx context.Context, tx *store.Tx, p *telephony.PBX, e telephony.Event) (*CallEventResult, error) {
	now := s.clock()
	if e.Type == telephony.Answered && e.Agent == 0 && e.Extension != "" {
		var err error
		if e.Agent, err = tx.FindExtensionUser(ctx, e.Extension); err != nil {
			return nil, err
		}
	}
	c, err := tx.FindCall(ctx, p.ID, e.CallID)
	isNew := errs.Is(err, errs.NotFound)
	switch {
	case isNew && e.Type == telephony.Hangup:
		return nil, errs.E(errs.NotFound, "Appel inconnu « %s » : le raccrochage d'un appel doit suivre son new_call ou son answered.", e.CallID)
	case isNew:
		c = &telephony.Record{PBXID: p.ID, Call: telephony.Call{CallID: e.CallID}, CreatedAt: now}
	case err != nil:
		return nil, err
	}
	fresh, err := tx.RecordCallEvent(ctx, p.ID, e.CallID, e.Key(), now)
	if err != nil {
		return nil, err
	}
	if !fresh {
		if isNew { // the first copy was committed while this one waited: show its call
			if c, err = tx.FindCall(ctx, p.ID, e.CallID); err != nil {
				return nil, err
			}
		}
		return &CallEventResult{Call: c, Duplicate: true, Reject: c.Blocked}, nil
	}
	before := *c
	c.Apply(e)
	if isNew && e.Type == telephony.NewCall && c.Direction == telephony.Inbound && c.From != "" {
		if c.Blocked, err = tx.IsBlocked(ctx, c.From); err != nil {
			return nil, err
		}
	}
	cfg, err := s.loadConfig(ctx, tx)
	if err != nil {
		return nil, err
	}
	// The calendar the admin edits (/agent/admin/routage): its closures and
	// holidays make a call "outside opening hours" too.
	c.ClosedAtStart = c.Direction == telephony.Inbound && !cfg.Calendar.IsOpen(c.StartedAt)
	c.Refresh()
	c.UpdatedAt = now
	if c.NeedsCallback() && c.TicketID == 0 {
		if c.TicketID, err = s.callback(ctx, tx, p, c); err != nil {
			return nil, err
		}
	}
	if before.NeedsCallback() && before.TicketID != 0 && c.Result == telephony.Reached {
		if err := s.lateAnswer(ctx, tx, p, c); err != nil {
			return nil, err
		}
	}
	if isNew {
		err = tx.CreateCall(ctx, c)
	} else {
		err = tx.UpdateCall(ctx, c)
	}
	if err != nil {
		return nil, err
	}
	if !c.Blocked {
		if err := s.popCall(ctx, tx, &before, c, e); err != nil {
			return nil, err
		}
	}
	return &CallEventResult{Call: c, Reject: c.Blocked}, nil
}

// LinkCall records that the call of the log callID (as the screen pop passed
// it to the new-call form) led to the request ticketID. A call already linked
// keeps its request; an unknown or malformed id is ignored, so that a form
// opened by hand never fails for it.
func (s *Service) LinkCall(ctx context.Context, a access.Actor, callID string, ticketID int64) error {
	id, err := strconv.ParseInt(strings.TrimSpace(callID), 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	if err := s.authorize(ctx, a, access.ReplyTicket, ticketID); err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.LinkCall(ctx, id, ticketID) })
}

// CanOriginate reports whether the switchboard can call out for the agents
// (GUICHET_PBX_ORIGINATE_URL is set).
func (s *Service) CanOriginate() bool { return s.originate != "" }

// Originate asks the switchboard to ring the agent's extension and then call
// number (click-to-call).
func (s *Service) Originate(ctx context.Context, a access.Actor, number string) error {
	if err := a.Check(access.ReplyTicket, a.TeamID); err != nil {
		return err
	}
	if s.originate == "" {
		return errs.E(errs.NotFound, "L'appel depuis Guichet n'est pas configuré : composez le numéro sur votre poste.")
	}
	e164, err := phone.Normalize(number)
	if err != nil {
		return errs.Field("to", err.Error())
	}
	ext, err := s.store.FindUserExtension(ctx, a.UserID)
	if err != nil {
		return err
	}
	if ext == "" {
		return errs.Field("to", "aucun poste n'est associé à votre compte (guichet pbx extension)")
	}
	national := strings.ReplaceAll(phone.Format(e164), " ", "")
	target := strings.NewReplacer("{from_extension}", url.QueryEscape(ext), "{to}", url.QueryEscape(e164),
		"{to_national}", url.QueryEscape(national)).Replace(s.originate)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, nil)
	if err != nil {
		return fmt.Errorf("core: originate: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.log.WarnContext(ctx, "originate failed", "err", err)
		return errs.E(errs.Conflict, "Le standard ne répond pas : composez le numéro sur votre poste.")
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return errs.E(errs.Conflict, "Le standard a refusé l'appel (HTTP %d) : composez le numéro sur votre poste.", resp.StatusCode)
	}
	return nil
}

// TelephonySettings is what the telephony admin screen shows.
type TelephonySettings struct {
	Extensions []telephony.Extension
	Blocked    []telephony.BlockedNumber
}

// Telephony returns the agents' extensions and the blocked numbers.
func (s *Service) Telephony(ctx context.Context, a access.Actor) (*TelephonySettings, error) {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return nil, err
	}
	var out TelephonySettings
	var err error
	if out.Extensions, err = s.store.FindExtensions(ctx); err != nil {
		return nil, err
	}
	out.Blocked, err = s.store.FindBlockedNumbers(ctx)
	return &out, err
}
