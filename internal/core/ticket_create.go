package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// NewTicket is a request as a channel receives it.
type NewTicket struct {
	Channel         string        `json:"channel"`
	Subject         string        `json:"subject"`
	Body            string        `json:"body"`
	Company         *CompanyInput `json:"company,omitempty"`
	Contact         *ContactInput `json:"contact,omitempty"`
	Topic           string        `json:"topic"`
	Scope           string        `json:"scope"`
	ConsultationRef string        `json:"consultation_ref"`
	Priority        string        `json:"priority"`
	// CallSeconds is the duration of the call that brought a phone request.
	CallSeconds int `json:"call_duration_seconds,omitempty"`
	// Attachments are files kept by StoreAttachment, written with the first
	// message; their count and total size are checked against the channel's limits.
	Attachments []ticket.Attachment `json:"-"`
}

// MaxIdempotencyKey is the longest Idempotency-Key accepted.
const MaxIdempotencyKey = 200

// CreateTicket records a new request with its first message, finding or creating
// the company and the contact. With an idempotency key, the same key sent twice by
// the same user creates one ticket: the second call returns the first ticket and
// created=false; the same key with a different request is an error.
func (s *Service) CreateTicket(ctx context.Context, a access.Actor, in NewTicket, key string) (tk *ticket.Ticket, created bool, err error) {
	if err := a.Check(access.CreateTicket, ""); err != nil {
		return nil, false, err
	}
	if len(key) > MaxIdempotencyKey {
		return nil, false, errs.Field("Idempotency-Key", fmt.Sprintf("clé trop longue (%d caractères au plus)", MaxIdempotencyKey))
	}
	draft, err := s.draftTicket(ctx, a, in)
	if err != nil {
		return nil, false, err
	}
	draft.pre = s.prepareCreate(ctx, draft)
	// The routing configuration, read (or found in memory) before the transaction:
	// neither its read nor its parse then runs on SQLite's one writer.
	cfg, err := s.routingConfig(ctx, s.store)
	if err != nil {
		return nil, false, err
	}
	draft.cfg = &cfg
	hash := requestHash(in)
	var w written
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		w, err = s.writeTicket(ctx, tx, a, draft, key, hash)
		return err
	})
	if errors.Is(err, store.ErrDuplicate) {
		// Another request with the same key won the race: answer with its ticket.
		err = s.store.Write(ctx, func(tx *store.Tx) error {
			w, err = s.writeTicket(ctx, tx, a, draft, key, hash)
			return err
		})
	}
	if err != nil {
		return nil, false, err
	}
	if w.ticket != nil { // the ticket the transaction wrote, as a read would return it
		return w.ticket, true, nil
	}
	// A replay (an earlier request's ticket), or a new request whose assignee's
	// name and address the transaction did not read.
	tk, err = s.store.FindTicketByID(ctx, w.id)
	return tk, w.created, err
}

// written is what writeTicket did: the id of the ticket made, or found by its
// idempotency key (created false); for a new request, the ticket itself as
// FindTicketByID would read it once committed, when the transaction knows all
// of it (nil otherwise), and the id of its first message.
type written struct {
	id        int64
	created   bool
	ticket    *ticket.Ticket
	messageID int64
}

// writtenTicket is the ticket a creation wrote, as FindTicketByID reads it inside
// tx: w.ticket when the transaction knows all of it, read otherwise.
func writtenTicket(ctx context.Context, tx *store.Tx, w written) (*ticket.Ticket, error) {
	if w.ticket != nil {
		return w.ticket, nil
	}
	return tx.FindTicketByID(ctx, w.id)
}

// draft is a validated request ready to be written.
type draft struct {
	ticket  ticket.Ticket
	message ticket.Message
	company *CompanyInput
	contact *ContactInput
	pre     *createPrep    // work done before the transaction; nil when none was
	cfg     *RoutingConfig // routing configuration read before the transaction; nil when none was
}

// draftTicket validates the whole input, reporting every wrong field at once.
// It reads what it needs (the topics) through the store: callers inside a write
// transaction use draftTicketIn.
func (s *Service) draftTicket(ctx context.Context, a access.Actor, in NewTicket) (*draft, error) {
	return s.draftTicketIn(ctx, s.store, a, in)
}

// draftTicketIn is draftTicket reading the topics, when they are not in memory,
// through r: the caller's write transaction when it drafts inside one.
func (s *Service) draftTicketIn(ctx context.Context, r topicReader, a access.Actor, in NewTicket) (*draft, error) {
	now := s.clock()
	d := &draft{ticket: ticket.Ticket{
		Channel: ticket.Channel(in.Channel), Subject: strings.TrimSpace(in.Subject), State: ticket.New,
		Priority: ticket.Priority(orDefault(in.Priority, string(ticket.Normal))), Topic: orDefault(in.Topic, "autre"),
		Scope: ticket.Scope(orDefault(in.Scope, string(ticket.General))), ConsultationRef: strings.TrimSpace(in.ConsultationRef),
		TeamID: ticket.CellTeamID, CreatedByID: a.UserID, CreatedAt: now, UpdatedAt: now,
	}}
	d.ticket.Due.FirstResponse, d.ticket.Due.Resolution = s.sla.Due(now, s.loc)
	var f errs.Fields
	f.AddErr("", d.ticket.ValidateNew())
	s.checkTopicIn(ctx, r, &f, d.ticket.Topic)
	d.message = ticket.Message{Kind: ticket.Inbound, Body: strings.TrimSpace(in.Body), CreatedAt: now}
	if d.ticket.Channel == ticket.Phone {
		d.message.Kind, d.message.AuthorID = ticket.Call, a.UserID
	}
	d.message.CallDuration = secondsDuration(in.CallSeconds)
	d.message.Attachments = in.Attachments
	f.AddErr("", s.checkAttachments(d.ticket.Channel, in.Attachments))
	if d.message.Body == "" && d.ticket.Channel != ticket.Phone {
		f.Add("body", "le texte de la demande est obligatoire")
	} else if err := d.message.Validate(); err != nil {
		f.AddErr("", err)
	}
	var err error
	if d.company, err = in.Company.normalize("company"); err != nil {
		f.AddErr("", err)
	}
	if d.contact, err = in.Contact.normalize("contact"); err != nil {
		f.AddErr("", err)
	}
	return d, f.Err()
}

// insertTicket writes the draft (or finds the ticket its idempotency key made).
func (s *Service) insertTicket(ctx context.Context, tx *store.Tx, a access.Actor, d *draft, key, hash string) (int64, bool, error) {
	w, err := s.writeTicket(ctx, tx, a, d, key, hash)
	return w.id, w.created, err
}

// writeTicket is insertTicket, also returning the new ticket as it is stored.
func (s *Service) writeTicket(ctx context.Context, tx *store.Tx, a access.Actor, d *draft, key, hash string) (written, error) {
	if key != "" {
		prior, found, err := tx.FindIdempotencyKey(ctx, a.UserID, key)
		if err != nil {
			return written{}, err
		}
		if found && prior.RequestHash != hash {
			return written{}, errs.Field("Idempotency-Key", "cette clé a déjà servi pour une autre demande")
		}
		if found {
			return written{id: prior.TicketID}, nil
		}
	}
	tk := d.ticket // a copy: a retried write starts from the same draft
	co, err := s.upsertCompany(ctx, tx, d.company)
	if err != nil {
		return written{}, err
	}
	if co != nil {
		tk.CompanyID = co.ID
	}
	ct, err := s.upsertContact(ctx, tx, tk.CompanyID, d.contact)
	if err != nil {
		return written{}, err
	}
	if ct != nil {
		tk.ContactID = ct.ID
	}
	if d.message.Kind == ticket.Call {
		tk.FirstResponseAt = tk.CreatedAt // the call itself answered the company
	}
	routed, err := s.routeNew(ctx, tx, a, &tk, d.cfg)
	if err != nil {
		return written{}, err
	}
	if err := tx.CreateTicket(ctx, &tk); err != nil {
		return written{}, err
	}
	s.mailSt.lastTicketID.Store(tk.ID)
	m := d.message
	m.TicketID = tk.ID
	if err := tx.CreateMessage(ctx, &m); err != nil {
		return written{}, err
	}
	created := []ticket.Change{{Field: "created", New: tk.Number}, {Field: "team", New: tk.TeamID}}
	if !tk.FirstResponseAt.IsZero() {
		created = append(created, ticket.Change{Field: "first_response_at", New: tk.FirstResponseAt.Format(time.RFC3339)})
	}
	created = append(created, routed...)
	// The creation's entries and the routing rules' in one statement; routeCreated
	// then finds nothing left to write.
	entries := creationAudit(tk.ID, a.UserID, tk.CreatedAt, created, tk.RuleChanges)
	tk.RuleChanges = nil
	if err := tx.CreateAuditEntries(ctx, entries); err != nil {
		return written{}, err
	}
	if err := s.ticketCreated(ctx, tx, a, &tk, &m, d.pre, co, ct); err != nil {
		return written{}, err
	}
	if key != "" {
		if err := tx.CreateIdempotencyKey(ctx, a.UserID, key, hash, tk.ID, tk.CreatedAt); err != nil {
			return written{}, err
		}
	}
	// The assignee routing chose is known by id only: then stored is nil, and
	// CreateTicket reads the ticket.
	stored, _ := store.AsRead(tk, co, ct, nil)
	return written{id: tk.ID, created: true, ticket: stored, messageID: m.ID}, nil
}

// creationAudit lists the audit entries of a new request: its own changes, by
// the actor, then the routing rules' (routeNew), by the system and grouped by
// rule in the order the rules first appear, as writeRuled writes them.
func creationAudit(ticketID, actorID int64, at time.Time, created []ticket.Change, rules *[]ticket.RuleChange) []ticket.AuditEntry {
	entries := make([]ticket.AuditEntry, 0, len(created)+8)
	for _, c := range created {
		entries = append(entries, ticket.AuditEntry{TicketID: ticketID, At: at, ActorID: actorID, Field: c.Field, Old: c.Old, New: c.New})
	}
	if rules == nil {
		return entries
	}
	done := map[string]bool{}
	for i, first := range *rules {
		if done[first.Rule] {
			continue
		}
		done[first.Rule] = true
		for _, rc := range (*rules)[i:] {
			if rc.Rule == first.Rule {
				entries = append(entries, ticket.AuditEntry{TicketID: ticketID, At: at, Field: rc.Change.Field, Old: rc.Change.Old,
					New: rc.Change.New, Rule: rc.Rule})
			}
		}
	}
	return entries
}

// checkTopic reports a topic that is not in the configured list.
func (s *Service) checkTopic(ctx context.Context, f *errs.Fields, id string) {
	s.checkTopicIn(ctx, s.store, f, id)
}

// checkTopicIn is checkTopic reading the topics, when they are not in memory,
// through r.
func (s *Service) checkTopicIn(ctx context.Context, r topicReader, f *errs.Fields, id string) {
	topics, err := s.activeTopics(ctx, r)
	checkActive(f, "topic", "thème", id, topics, err, func(t ticket.Topic) (string, bool) { return t.ID, t.Active })
}

// checkActive reports id when it is not the id of an active entry of list (the
// configured topics or teams), naming the ones that are.
func checkActive[T any](f *errs.Fields, field, what, id string, list []T, err error, key func(T) (string, bool)) {
	if err != nil {
		f.Add(field, "liste indisponible")
		return
	}
	var ids []string
	for _, e := range list {
		k, active := key(e)
		if k == id && active {
			return
		}
		if active {
			ids = append(ids, k)
		}
	}
	f.Add(field, fmt.Sprintf("%s inconnu « %s » (%s)", what, id, strings.Join(ids, ", ")))
}

// requestHash fingerprints a request so that a reused idempotency key with a
// different request is caught.
func requestHash(in NewTicket) string {
	b, _ := json.Marshal(in)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return strings.TrimSpace(v)
}
