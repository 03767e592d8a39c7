package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// The follow-up portal lets a company contact follow its requests without an
// account: it types its e-mail address, receives a single-use link that
// expires, and the link opens a portal session — separate from the agents'
// sessions, tied to an address, never to a user. The contact sees the requests
// whose contact has that address (or, when the deployment enables it, every
// request of the companies that address is a contact of), their answers but
// never the internal notes, call records or audit trail.
const (
	PortalLinkTTL     = 30 * time.Minute // how long a sign-in link works
	PortalSessionIdle = 2 * time.Hour    // a portal session unused this long ends
	PortalSessionMax  = 12 * time.Hour   // and ends this long after the link, used or not
	portalListLimit   = 200
)

// PortalSession is a signed-in company contact. Only core makes one, from a
// cookie token it checked; the portal passes it back to the use cases below.
type PortalSession struct {
	Email     string
	CSRF      string    // the token every portal form carries
	ExpiresAt time.Time // when it ends if not used again
	Token     string    // the cookie value; set only by OpenPortalLink
	id        int64
	hash      string
}

// portalActor is who writes what a company does in the portal: the trail
// records no agent for it (actor_id NULL), like a mail from the company.
func portalActor(ps PortalSession) access.Actor {
	return access.Actor{Name: "Portail : " + ps.Email, Role: access.Agent, TeamID: ticket.CellTeamID}
}

// RequestPortalLink sends a sign-in link to address if it is the contact of
// at least one request; the answer is the same either way, so that the form
// tells nobody which addresses the cell knows. linkBase is the public address
// the token is appended to ("https://…/suivi/connexion?t="). Asking too often
// (per address or per IP) is a rate-limited error.
func (s *Service) RequestPortalLink(ctx context.Context, address, ip, linkBase string) error {
	email, err := company.NormalizeEmail(address)
	if err != nil {
		var f errs.Fields
		f.AddErr("email", err)
		return f.Err()
	}
	email = strings.ToLower(email)
	now := s.clock()
	buckets := []rateRule{{"link-email:" + email, 3, 15 * time.Minute}, {"link-ip:" + ip, 20, time.Hour}}
	if err := s.checkRates(ctx, now, buckets, "Trop de liens demandés : attendez un quart d'heure avant d'en redemander un."); err != nil {
		return err
	}
	known, err := s.store.FindPortalTickets(ctx, email, false, 1)
	if err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if err := recordRates(ctx, tx, now, buckets); err != nil {
			return err
		}
		if len(known) == 0 {
			s.log.InfoContext(ctx, "portal link asked for an unknown address", "event", "portal.link_unknown", "ip", ip)
			return nil
		}
		_, err := s.issueLink(ctx, tx, email, linkBase, now)
		return err
	})
}

// IssuePortalLink makes a sign-in link for address and mails it, for an agent
// who helps a company on the phone; it returns the link too.
func (s *Service) IssuePortalLink(ctx context.Context, a access.Actor, address, linkBase string) (string, error) {
	if err := a.Check(access.UpdateTicket, a.TeamID); err != nil {
		return "", err
	}
	email, err := company.NormalizeEmail(address)
	if err != nil {
		var f errs.Fields
		f.AddErr("email", err)
		return "", f.Err()
	}
	var url string
	err = s.store.Write(ctx, func(tx *store.Tx) (err error) {
		url, err = s.issueLink(ctx, tx, strings.ToLower(email), linkBase, s.clock())
		return err
	})
	return url, err
}

// issueLink stores a new link (its hash only) and queues the mail carrying it.
func (s *Service) issueLink(ctx context.Context, tx *store.Tx, email, linkBase string, now time.Time) (string, error) {
	token := randomToken()
	expires := now.Add(PortalLinkTTL)
	if err := tx.CreatePortalLink(ctx, tokenHash(token), email, now, expires); err != nil {
		return "", err
	}
	url := linkBase + token
	err := s.queueMail(ctx, tx, OutMail{Template: "portal_link", To: []string{email},
		Data: map[string]any{"URL": url, "ExpiresAt": expires}})
	return url, err
}

// OpenPortalLink uses a sign-in link: once, before it expires. It opens a
// portal session whose Token is the cookie to set.
func (s *Service) OpenPortalLink(ctx context.Context, token string) (PortalSession, error) {
	dead := errs.E(errs.Unauthorized, "Ce lien de connexion n'est plus valable (déjà utilisé ou expiré) : demandez-en un nouveau.")
	if token == "" || len(token) > 100 {
		return PortalSession{}, dead
	}
	now := s.clock()
	cookie := randomToken()
	row := &store.PortalSession{TokenHash: tokenHash(cookie), CSRFSecret: randomToken(), CreatedAt: now,
		LastSeenAt: now, ExpiresAt: portalSessionEnd(now, now)}
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		email, found, err := tx.UsePortalLink(ctx, tokenHash(token), now)
		if err != nil {
			return err
		}
		if !found {
			s.log.WarnContext(ctx, "portal link refused (used, expired or unknown)", "event", "portal.link_refused")
			return dead
		}
		row.Email = email
		return tx.CreatePortalSession(ctx, row)
	})
	if err != nil {
		return PortalSession{}, err
	}
	s.log.InfoContext(ctx, "portal sign-in", "event", "portal.sign_in", "email", row.Email)
	ps := portalSessionOf(row)
	ps.Token = cookie
	return ps, nil
}

// PortalSessionFor returns the portal session of a cookie token; an unknown or
// ended one is unauthorized.
func (s *Service) PortalSessionFor(ctx context.Context, token string) (PortalSession, error) {
	expired := errs.E(errs.Unauthorized, "Votre session de suivi a expiré : demandez un nouveau lien.")
	if token == "" || len(token) > 100 {
		return PortalSession{}, expired
	}
	row, err := s.store.FindPortalSession(ctx, tokenHash(token))
	if err != nil {
		return PortalSession{}, err
	}
	now := s.clock()
	if !now.Before(row.ExpiresAt) {
		s.EndPortalSession(ctx, token)
		return PortalSession{}, expired
	}
	if now.Sub(row.LastSeenAt) >= time.Minute {
		row.LastSeenAt, row.ExpiresAt = now, portalSessionEnd(row.CreatedAt, now)
		err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.TouchPortalSession(ctx, row.ID, now, row.ExpiresAt) })
		if err != nil {
			return PortalSession{}, err
		}
	}
	return portalSessionOf(row), nil
}

// EndPortalSession signs a company contact out.
func (s *Service) EndPortalSession(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeletePortalSession(ctx, tokenHash(token)) })
}

func portalSessionEnd(created, seen time.Time) time.Time {
	idle, abs := seen.Add(PortalSessionIdle), created.Add(PortalSessionMax)
	if idle.Before(abs) {
		return idle
	}
	return abs
}

func portalSessionOf(row *store.PortalSession) PortalSession {
	return PortalSession{Email: row.Email, CSRF: row.CSRFSecret, ExpiresAt: row.ExpiresAt, id: row.ID, hash: row.TokenHash}
}

// PortalTickets lists the requests the contact may follow, newest first.
func (s *Service) PortalTickets(ctx context.Context, ps PortalSession) ([]*ticket.Ticket, error) {
	if ps.hash == "" {
		return nil, errs.E(errs.Unauthorized, "Connectez-vous pour suivre vos demandes.")
	}
	return s.store.FindPortalTickets(ctx, ps.Email, s.portalAll, portalListLimit)
}

// PortalTicket returns one request the contact may follow and what the company
// may read of its conversation: its own messages and the cell's answers, with
// their files — never internal notes, call records or the audit trail.
func (s *Service) PortalTicket(ctx context.Context, ps PortalSession, number string) (*ticket.Ticket, []ticket.Message, error) {
	if ps.hash == "" {
		return nil, nil, errs.E(errs.Unauthorized, "Connectez-vous pour suivre vos demandes.")
	}
	tk, err := s.store.FindPortalTicket(ctx, ps.Email, s.portalAll, strings.TrimSpace(number))
	if err != nil {
		return nil, nil, err
	}
	all, err := s.store.FindMessages(ctx, tk.ID)
	if err != nil {
		return nil, nil, err
	}
	var shown []ticket.Message
	for _, m := range all {
		if m.Kind == ticket.Inbound || m.Kind == ticket.Outbound {
			shown = append(shown, m)
		}
	}
	return tk, shown, nil
}

// PortalReply adds the company's message (and files) to its request, which
// reopens it when it was waiting for the company or resolved. A closed request
// takes no more messages: the company asks a new question.
func (s *Service) PortalReply(ctx context.Context, ps PortalSession, number, body string, files []ticket.Attachment) (*ticket.Message, error) {
	tk, _, err := s.PortalTicket(ctx, ps, number)
	if err != nil {
		return nil, err
	}
	return s.AddMessage(ctx, portalActor(ps), tk.ID, NewMessage{Kind: string(ticket.Inbound), Body: body,
		Attachments: files, Via: ticket.Portal})
}

// PortalClose closes a resolved request at the company's word (the answer
// suits it). A request still being handled cannot be closed from the portal:
// the company writes instead that it no longer needs an answer.
func (s *Service) PortalClose(ctx context.Context, ps PortalSession, number string) (*ticket.Ticket, error) {
	tk, _, err := s.PortalTicket(ctx, ps, number)
	if err != nil {
		return nil, err
	}
	if tk.State != ticket.Resolved {
		return nil, errs.E(errs.Conflict, "Seule une demande résolue peut être clôturée ; écrivez-nous si vous n'avez plus besoin de réponse.")
	}
	closed := ticket.Closed
	return s.UpdateTicket(ctx, portalActor(ps), tk.ID, ticket.Update{State: &closed}, tk.Version)
}

// PortalAttachment returns a file of a message the contact may read.
func (s *Service) PortalAttachment(ctx context.Context, ps PortalSession, number string, id int64) (ticket.Attachment, []byte, error) {
	_, msgs, err := s.PortalTicket(ctx, ps, number)
	if err != nil {
		return ticket.Attachment{}, nil, err
	}
	for _, m := range msgs {
		for _, a := range m.Attachments {
			if a.ID == id {
				data, err := s.attach.Open(ctx, a)
				return a, data, err
			}
		}
	}
	return ticket.Attachment{}, nil, errs.E(errs.NotFound, "Aucune pièce jointe de cette demande ne porte ce numéro.")
}

// portalKeyCache holds the public forms' secret once read.
type portalKeyCache struct {
	mu  sync.Mutex
	key []byte
}

// FormKey is the secret the public pages sign with (the form's start time,
// the acknowledgement's address), the same on every instance.
func (s *Service) FormKey(ctx context.Context) ([]byte, error) {
	s.portalKey.mu.Lock()
	defer s.portalKey.mu.Unlock()
	if s.portalKey.key != nil {
		return s.portalKey.key, nil
	}
	var b [32]byte
	rand.Read(b[:])
	v, err := s.store.EnsureSecret(ctx, "public_form", hex.EncodeToString(b[:]), s.clock())
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("core: form key: %w", err)
	}
	s.portalKey.key = key
	return key, nil
}
