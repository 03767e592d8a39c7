package core

import (
	"context"
	"net/url"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/routing"
	"github.com/guichet/guichet/internal/ticket"
)

// guardWarnBefore is how long before the last day to answer (R2132-6) the
// ticket page warns.
const guardWarnBefore = 48 * time.Hour

// Guidance is what the rules say about a request, read-only on the ticket
// page and in the API: what the routing rules propose, the equal-treatment
// guard, the questions and answers published from it, and its SLA clocks.
type Guidance struct {
	Rule         string               // the routing rule that matches it now
	Proposal     routing.ProposalKind // "" when nothing is proposed (or it is done)
	ProposedTeam string               // for an escalation
	Buyer        routing.BuyerContact // for a redirection
	Guard        routing.Guard
	Published    []routing.QA // the Q&A published from this request
	QAPageURL    string       // the consultation's public Q&A page (our own consultations)
	Policy       string       // the SLA policy that matches it
	Due          ticket.Due
	Paused       bool // the resolution clock waits for the company
	PausedAt     time.Time
}

// Guidance computes what the rules propose for a request and what the
// equal-treatment guard says, on the current configuration and catalog.
func (s *Service) Guidance(ctx context.Context, a access.Actor, id int64) (*Guidance, error) {
	tk, err := s.Ticket(ctx, a, id)
	if err != nil {
		return nil, err
	}
	cfg, err := s.loadConfig(ctx, s.store)
	if err != nil {
		return nil, err
	}
	facts, c, err := s.routingFacts(ctx, s.store, tk)
	if err != nil {
		return nil, err
	}
	g := &Guidance{Policy: s.policyFor(cfg, tk).Name, Due: tk.Due, Paused: !tk.SLAPausedAt.IsZero(), PausedAt: tk.SLAPausedAt}
	d := cfg.Rules.Evaluate(facts)
	g.Rule = d.Rule
	if tk.State.IsActive() && !proposalDone(tk, d) {
		g.Proposal, g.Buyer = d.Proposal, d.Buyer
		if d.Proposal == routing.ProposeEscalate {
			g.ProposedTeam = d.TeamID
		}
	}
	gf := routing.GuardFacts{Topic: tk.Topic, Consultation: c, Now: s.clock(), WarnBefore: guardWarnBefore}
	if facts.Consultation != nil {
		gf.Own, gf.QAURL = facts.Consultation.Own, facts.Consultation.Buyer.QAURL
		if gf.Own {
			g.QAPageURL = qaPagePath(tk.ConsultationRef)
		}
	}
	g.Guard = routing.CheckGuard(gf)
	g.Published, err = s.store.FindQAsByTicket(ctx, tk.ID)
	return g, err
}

// proposalDone reports whether what a rule proposes is already done: the
// request is with the proposed service, or resolved as it proposes.
func proposalDone(tk *ticket.Ticket, d routing.Decision) bool {
	switch d.Proposal {
	case routing.ProposeEscalate:
		return tk.TeamID == d.TeamID
	case routing.ProposeRedirect:
		return tk.Outcome == ticket.RedirectedToBuyer
	case routing.ProposeOffTopic:
		return tk.Outcome == ticket.OutcomeOffTopic
	}
	return false
}

// qaPagePath is the public page of a consultation's questions and answers.
func qaPagePath(ref string) string { return "/consultations/" + url.PathEscape(ref) + "/questions" }
