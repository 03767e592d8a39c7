package core

import (
	"context"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/routing"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// The names automatic SLA actions carry in the audit trail, besides the
// policies' and the routing rules' own names.
const (
	rulePause  = "SLA : en attente de l'entreprise (délai suspendu)"
	ruleResume = "SLA : réponse de l'entreprise (délai repris)"
	ruleReply  = "SLA : réponse suivante due"
	ruleAnswer = "SLA : réponse donnée"
)

// routeNew decides, before a new request is written, its SLA due times (from
// the policy that matches it, on the business calendar), the team the routing
// rules send it to when they apply it, and the member of that team who works
// it. The changes are audited with each rule's name once the request has its
// id (routeCreated).
//
// cfg is the configuration CreateTicket read before the transaction; nil when
// the caller read none (calls, inbound mail): it is then taken from memory or
// read through tx.
func (s *Service) routeNew(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, cfg *RoutingConfig) ([]ticket.Change, error) {
	if cfg == nil {
		c, err := s.routingConfig(ctx, tx)
		if err != nil {
			return nil, err
		}
		cfg = &c
	}
	p := s.policyFor(*cfg, tk)
	due := cfg.Calendar.NewDue(p.Targets, tk.CreatedAt, tk.Channel == ticket.Phone, !tk.FirstResponseAt.IsZero())
	tk.Due = ticket.Due{FirstResponse: due.FirstResponse, NextResponse: due.NextResponse, Resolution: due.Resolution}
	r := &ruled{}
	rule := "SLA : " + p.Name
	r.add(rule, "due_first_response", "", stamp(tk.Due.FirstResponse))
	r.add(rule, "due_next_response", "", stamp(tk.Due.NextResponse))
	r.add(rule, "due_resolution", "", stamp(tk.Due.Resolution))
	if err := s.route(ctx, tx, *cfg, tk, tk.CreatedAt, r); err != nil {
		return nil, err
	}
	tk.RuleChanges = &r.changes
	return nil, nil
}

// routeCreated writes the audit entries of routeNew, now that the request has
// its id; the actor of an automatic action is the system (no account).
func (s *Service) routeCreated(ctx context.Context, tx *store.Tx, tk *ticket.Ticket) error {
	if tk.RuleChanges == nil {
		return nil
	}
	err := writeRuled(ctx, tx, tk.ID, tk.CreatedAt, *tk.RuleChanges)
	tk.RuleChanges = nil
	return err
}

// routeUpdate re-evaluates routing and SLA after an update changed tk (already
// applied in memory, not yet written); changes lists what the update changed.
// Waiting for the company pauses the resolution clock, leaving that state
// resumes it; a change of scope, topic or consultation runs the rules again.
func (s *Service) routeUpdate(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, changes []ticket.Change, now time.Time) ([]ticket.Change, error) {
	cfg, err := s.routingConfig(ctx, tx)
	if err != nil {
		return nil, err
	}
	r := &ruled{}
	changed := map[string]bool{}
	for _, c := range changes {
		changed[c.Field] = true
	}
	switch {
	case tk.State == ticket.WaitingCompany && tk.SLAPausedAt.IsZero():
		pauseClock(cfg.Calendar, tk, now, r)
	case tk.State != ticket.WaitingCompany && !tk.SLAPausedAt.IsZero():
		resumeClock(cfg.Calendar, tk, now, r)
	}
	if (changed["scope"] || changed["topic"] || changed["consultation_ref"]) && !changed["team"] && tk.State.IsActive() {
		if err := s.route(ctx, tx, cfg, tk, now, r); err != nil {
			return nil, err
		}
	} else if changed["team"] && tk.AssigneeID == 0 && tk.State.IsActive() {
		if err := s.assign(ctx, tx, cfg, tk, now, r); err != nil {
			return nil, err
		}
	}
	return nil, writeRuled(ctx, tx, tk.ID, now, r.changes)
}

// routeMessage adjusts SLA due times after a message changed tk (in memory, not
// yet written): a company reply resumes the clock and makes an answer due
// (the next response), an answer or a call to the company settles it.
func (s *Service) routeMessage(ctx context.Context, tx *store.Tx, a access.Actor, tk *ticket.Ticket, m *ticket.Message, now time.Time) ([]ticket.Change, error) {
	if m.Kind == ticket.Note {
		return nil, nil
	}
	cfg, err := s.routingConfig(ctx, tx)
	if err != nil {
		return nil, err
	}
	r := &ruled{}
	switch m.Kind {
	case ticket.Inbound:
		if !tk.SLAPausedAt.IsZero() {
			resumeClock(cfg.Calendar, tk, now, r)
		}
		if tk.State.IsActive() && tk.Due.NextResponse.IsZero() {
			// An answer already owed keeps its (earlier) due time.
			tk.Due.NextResponse = cfg.Calendar.ReplyDue(s.policyFor(cfg, tk).Targets, now)
			r.add(ruleReply, "due_next_response", "", stamp(tk.Due.NextResponse))
		}
	case ticket.Outbound, ticket.Call:
		if !tk.Due.NextResponse.IsZero() {
			r.add(ruleAnswer, "due_next_response", stamp(tk.Due.NextResponse), "")
			tk.Due.NextResponse = time.Time{}
		}
	}
	return nil, writeRuled(ctx, tx, tk.ID, now, r.changes)
}

// policyFor is the SLA policy that applies to a request.
func (s *Service) policyFor(cfg RoutingConfig, tk *ticket.Ticket) sla.Policy {
	if p, ok := cfg.Policies.Match(string(tk.Channel), string(tk.Scope), string(tk.Priority)); ok {
		return p
	}
	return sla.Policy{Name: "par défaut", Targets: s.sla}
}

// pauseClock stops the resolution clock while the cell waits for the company;
// no answer is owed meanwhile.
func pauseClock(cal sla.Calendar, tk *ticket.Ticket, now time.Time, r *ruled) {
	k := sla.Clock{Due: tk.Due.Resolution}.Pause(cal, now)
	if !k.Paused {
		return
	}
	tk.SLAPausedAt, tk.SLARemaining = now, k.Remaining
	r.add(rulePause, "sla_paused_at", "", stamp(now))
	if !tk.Due.NextResponse.IsZero() {
		r.add(rulePause, "due_next_response", stamp(tk.Due.NextResponse), "")
		tk.Due.NextResponse = time.Time{}
	}
}

// resumeClock restarts the resolution clock: the business time left when it
// stopped counts from now, and the due time never comes earlier (sla.Clock).
func resumeClock(cal sla.Calendar, tk *ticket.Ticket, now time.Time, r *ruled) {
	k := sla.Clock{Due: tk.Due.Resolution, Paused: true, PausedAt: tk.SLAPausedAt, Remaining: tk.SLARemaining}.Resume(cal, now)
	r.add(ruleResume, "sla_paused_at", stamp(tk.SLAPausedAt), "")
	if !k.Due.Equal(tk.Due.Resolution) {
		r.add(ruleResume, "due_resolution", stamp(tk.Due.Resolution), stamp(k.Due))
	}
	tk.Due.Resolution, tk.SLAPausedAt, tk.SLARemaining = k.Due, time.Time{}, 0
}

// route runs the routing rules on tk and applies what they apply: a move to
// the cell, or to a service when the rule is automatic. Proposals are not
// stored: Guidance computes them when the request is read.
func (s *Service) route(ctx context.Context, tx *store.Tx, cfg RoutingConfig, tk *ticket.Ticket, now time.Time, r *ruled) error {
	facts, _, err := s.routingFacts(ctx, tx, tk)
	if err != nil {
		return err
	}
	d := cfg.Rules.Evaluate(facts)
	if d.TeamID != "" && d.TeamID != tk.TeamID && (d.Apply || d.TeamID == ticket.CellTeamID) && s.teamActive(ctx, d.TeamID) {
		moveTeam(tk, d.TeamID, d.Rule, r)
	}
	if tk.AssigneeID == 0 {
		return s.assign(ctx, tx, cfg, tk, now, r)
	}
	return nil
}

// moveTeam gives the request to another team: a service holds it escalated,
// the cell open; whoever worked it in the former team lets it go.
func moveTeam(tk *ticket.Ticket, team, rule string, r *ruled) {
	r.add(rule, "team", tk.TeamID, team)
	tk.TeamID = team
	to := tk.State
	switch {
	case team != ticket.CellTeamID && (tk.State == ticket.New || tk.State == ticket.Open):
		to = ticket.Escalated
	case team == ticket.CellTeamID && tk.State == ticket.Escalated:
		to = ticket.Open
	}
	if to != tk.State {
		r.add(rule, "state", string(tk.State), string(to))
		tk.State = to
	}
	if tk.AssigneeID != 0 {
		r.add(rule, "assignee", idText(tk.AssigneeID), "")
		tk.AssigneeID, tk.Assignee = 0, nil
	}
}

// assign hands the request to a member of its team present today, as the
// team's mode says (round-robin or least-loaded); absences are respected.
func (s *Service) assign(ctx context.Context, tx *store.Tx, cfg RoutingConfig, tk *ticket.Ticket, now time.Time, r *ruled) error {
	mode := cfg.Assignment[tk.TeamID]
	if mode == "" || mode == routing.Manual {
		return nil
	}
	members, err := tx.FindTeamMembers(ctx, tk.TeamID, sla.DateOf(now.In(s.loc)).String())
	if err != nil {
		return err
	}
	m, ok := routing.Pick(mode, members)
	if !ok {
		return nil
	}
	r.add("Attribution automatique ("+string(mode)+")", "assignee", "", idText(m.ID))
	tk.AssigneeID = m.ID
	return tx.SetAssignmentTurn(ctx, m.ID, now)
}

// routingFacts gathers what the rules read: the request's scope and topic,
// and its consultation with the buyer, when the catalog knows them.
func (s *Service) routingFacts(ctx context.Context, tx consultationFinder, tk *ticket.Ticket) (routing.Facts, *tender.Consultation, error) {
	f := routing.Facts{Scope: string(tk.Scope), Topic: tk.Topic, CellID: ticket.CellTeamID}
	if tk.ConsultationRef == "" {
		return f, nil, nil
	}
	c, err := tx.FindConsultationByRef(ctx, tk.ConsultationRef)
	if errs.Is(err, errs.NotFound) {
		return f, nil, nil
	}
	if err != nil {
		return f, nil, err
	}
	rc := &routing.Consultation{Ref: c.Reference, ServiceID: c.ServiceID, Buyer: routing.BuyerContact{Name: c.BuyerName}}
	if rc.ServiceID == "" && len(c.CPV) > 0 {
		rc.ServiceID = s.services.ServiceFor(c.CPV[0])
	}
	if c.BuyerID != 0 {
		b, err := s.store.FindBuyerByID(ctx, c.BuyerID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return f, nil, err
		}
		if b != nil {
			rc.Own = b.Own
			rc.Buyer = routing.BuyerContact{Name: b.Name, Email: b.Email, Phone: b.Phone, ProfileURL: b.ProfileURL, QAURL: b.QAURL}
		}
	}
	f.Consultation = rc
	return f, c, nil
}

// consultationFinder is a store or a transaction.
type consultationFinder interface {
	FindConsultationByRef(ctx context.Context, ref string) (*tender.Consultation, error)
}

// teamActive reports whether a team exists and is active: a rule never sends
// a request to a service that was retired since the rule was saved.
func (s *Service) teamActive(ctx context.Context, id string) bool {
	teams, err := s.store.FindTeams(ctx)
	if err != nil {
		return false
	}
	for _, t := range teams {
		if t.ID == id {
			return t.Active
		}
	}
	return false
}

// ruled collects changes made by rules, with each rule's name.
type ruled struct{ changes []ticket.RuleChange }

// add records a change; a change from nothing to nothing is not one.
func (r *ruled) add(rule, field, old, new string) {
	if old == new {
		return
	}
	r.changes = append(r.changes, ticket.RuleChange{Rule: rule, Change: ticket.Change{Field: field, Old: old, New: new}})
}

// writeRuled writes rule changes in the audit trail, one entry per rule.
func writeRuled(ctx context.Context, tx *store.Tx, ticketID int64, at time.Time, rcs []ticket.RuleChange) error {
	var order []string
	byRule := map[string][]ticket.Change{}
	for _, rc := range rcs {
		if _, seen := byRule[rc.Rule]; !seen {
			order = append(order, rc.Rule)
		}
		byRule[rc.Rule] = append(byRule[rc.Rule], rc.Change)
	}
	for _, rule := range order {
		if err := tx.CreateAudit(ctx, ticketID, 0, at, rule, byRule[rule]); err != nil {
			return err
		}
	}
	return nil
}

// stamp writes an instant for the audit trail ("" for none).
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// idText writes an account id for the audit trail.
func idText(id int64) string { return strconv.FormatInt(id, 10) }
