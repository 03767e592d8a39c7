package demo

import (
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/ticket"
)

// autoClose is the audit rule of the nightly job that closes requests resolved a
// week ago without a reply.
const autoClose = "auto_close"

// life plays one request from its creation on, through the domain's own rules
// (Ticket.Apply and Ticket.Receive, as the use cases call them), and keeps what
// happened before now: a request made yesterday is still open, one made last
// spring has long been closed. The states, outcome, timestamps, version and audit
// trail are therefore the ones the product itself would have written.
type life struct {
	now   time.Time
	tk    ticket.Ticket
	msgs  []ticket.Message
	audit []ticket.AuditEntry
	over  bool // an event after now was reached: nothing later happens
	err   error
}

// happens reports whether an event at t took place by now.
func (l *life) happens(t time.Time) bool {
	if l.over || l.err != nil || t.After(l.now) {
		l.over = true
		return false
	}
	return true
}

// update applies a change made by actor (0 for the system).
func (l *life) update(t time.Time, actor int64, rule string, u ticket.Update) {
	if !l.happens(t) {
		return
	}
	changes, err := l.tk.Apply(u, t)
	if err != nil {
		l.err = fmt.Errorf("demo: request of %s: %w", l.tk.CreatedAt.Format(time.DateTime), err)
		return
	}
	l.record(t, actor, rule, changes)
}

// say adds a message and its effect on the request.
func (l *life) say(t time.Time, m ticket.Message) {
	if !l.happens(t) {
		return
	}
	m.CreatedAt = t
	changes, err := l.tk.Receive(m, t)
	if err != nil {
		l.err = fmt.Errorf("demo: request of %s: %w", l.tk.CreatedAt.Format(time.DateTime), err)
		return
	}
	l.msgs = append(l.msgs, m)
	l.record(t, m.AuthorID, "", changes)
}

func (l *life) record(t time.Time, actor int64, rule string, changes []ticket.Change) {
	for _, c := range changes {
		l.audit = append(l.audit, ticket.AuditEntry{At: t, ActorID: actor, Field: c.Field, Old: c.Old, New: c.New, Rule: rule})
	}
}

// live creates the request as core.CreateTicket does, then plays its life.
func (g *generator) live(p *plan) *life {
	tk := ticket.Ticket{Channel: p.channel, Subject: g.subject(p), State: ticket.New, Priority: p.priority,
		Topic: p.topic, Scope: p.scope, TeamID: ticket.CellTeamID, CreatedAt: p.at, UpdatedAt: p.at, Version: 1}
	if p.cons != nil {
		tk.ConsultationRef = p.cons.ref
	}
	tk.Due.FirstResponse, tk.Due.Resolution = g.targets.Due(p.at, g.cal.loc)
	var first ticket.Message
	if p.channel == ticket.Phone {
		// An agent logs the call: the call itself is the first response.
		tk.CreatedByID, tk.FirstResponseAt = p.agent.id, p.at
		first = ticket.Message{Kind: ticket.Call, AuthorID: p.agent.id, Body: g.callRecord(p), CreatedAt: p.at,
			CallDuration: callDuration(g.r, 2, 15)}
	} else {
		first = ticket.Message{Kind: ticket.Inbound, Body: g.question(p), CreatedAt: p.at}
	}
	l := &life{now: g.now, tk: tk, msgs: []ticket.Message{first}}
	l.record(p.at, tk.CreatedByID, "", []ticket.Change{{Field: "created"}, {Field: "team", New: ticket.CellTeamID}})
	if p.channel == ticket.Phone {
		g.afterCall(l, p, p.at.Add(first.CallDuration))
	} else {
		g.afterWriting(l, p)
	}
	g.reopenAndClose(l, p)
	return l
}

// afterCall is the rest of a phone request: usually answered on the line and
// resolved at once; sometimes the agent checks and calls back, the company must
// send something first, or the question goes to a service.
func (g *generator) afterCall(l *life, p *plan, t time.Time) {
	r, agent := g.r, p.agent
	t = g.cal.addWork(t, minutes(r, 1, 10))
	switch {
	case p.how == byService:
		g.escalate(l, p, t)
		return
	case p.wait || p.research:
		state := ticket.Open
		if p.wait {
			state = ticket.WaitingCompany
		}
		l.update(t, agent.id, "", ticket.Update{AssigneeID: &agent.id, State: &state})
		if p.wait {
			g.companyReplies(l, p, t)
		}
		if t = l.tk.UpdatedAt; r.chance(0.4) {
			t = g.cal.addWork(t, minutes(r, 60, 240)) // later the same day
		} else {
			t = g.cal.addDays(r, t, r.between(1, 3))
		}
		l.say(t, ticket.Message{Kind: ticket.Call, AuthorID: agent.id, Body: g.callBack(p), CallDuration: callDuration(r, 2, 8)})
	case !g.compact && r.chance(0.2):
		t = g.cal.addWork(t, minutes(r, 10, 90))
		l.say(t, ticket.Message{Kind: ticket.Outbound, AuthorID: agent.id, Body: g.followUp(p)})
	}
	g.resolve(l, p, agent, g.cal.addWork(l.tk.UpdatedAt, minutes(r, 1, 10)))
}

// afterWriting is the rest of an e-mail, web, portal or API request: an agent
// takes it, answers in writing (after checking, or after a precision from the
// company, for some), and resolves it.
func (g *generator) afterWriting(l *life, p *plan) {
	r, agent := g.r, p.agent
	t := g.cal.addWork(p.at, pickupDelay(r))
	open := ticket.Open
	l.update(t, agent.id, "", ticket.Update{AssigneeID: &agent.id, State: &open})
	t = g.cal.addWork(t, minutes(r, 5, 45))
	switch {
	case p.how == byService:
		g.escalate(l, p, t)
		return
	case p.wait:
		l.say(t, ticket.Message{Kind: ticket.Outbound, AuthorID: agent.id, Body: g.letter(p, agent, pick(r, askPrecision))})
		waiting := ticket.WaitingCompany
		l.update(t.Add(time.Minute), agent.id, "", ticket.Update{State: &waiting})
		g.companyReplies(l, p, t)
		t = g.cal.addWork(l.tk.UpdatedAt, minutes(r, 15, 240))
	case p.research:
		if !g.compact {
			l.say(t, ticket.Message{Kind: ticket.Outbound, AuthorID: agent.id, Body: g.letter(p, agent, holding)})
		}
		t = g.cal.addDays(r, t, r.between(1, 3))
	}
	l.say(t, ticket.Message{Kind: ticket.Outbound, AuthorID: agent.id, Body: g.letter(p, agent, g.answer(p))})
	g.resolve(l, p, agent, g.cal.addWork(t, minutes(r, 1, 20)))
}

// holding is the agent's first answer to a question that needs checking.
const holding = "Nous avons bien reçu votre question. Nous vérifions les documents de la consultation " +
	"et revenons vers vous dans les deux jours ouvrés."

// companyReplies is the company sending what the cell asked for, one to four
// days after t; its reply reopens the request.
func (g *generator) companyReplies(l *life, p *plan, t time.Time) {
	t = g.cal.addDays(g.r, t, g.r.between(1, 4))
	l.say(t, ticket.Message{Kind: ticket.Inbound, Body: fill(pick(g.r, precisionReplies), &p.v)})
}

// escalate hands a question on the region's own tender to the service that runs
// it; its specialist answers a few days later.
func (g *generator) escalate(l *life, p *plan, t time.Time) {
	r, agent := g.r, p.agent
	team := p.cons.team
	spec := g.crew.specialists[team]
	if !g.compact {
		l.say(t, ticket.Message{Kind: ticket.Note, AuthorID: agent.id, Body: g.escalationNote(p)})
		if p.channel != ticket.Phone {
			l.say(t.Add(time.Minute), ticket.Message{Kind: ticket.Outbound, AuthorID: agent.id,
				Body: g.letter(p, agent, "Votre question porte sur une consultation de la Région : nous l'avons transmise "+
					toService(team)+", qui vous répondra directement dans les meilleurs délais.")})
		}
		t = t.Add(2 * time.Minute)
	}
	escalated := ticket.Escalated
	l.update(t, agent.id, "", ticket.Update{TeamID: &team, AssigneeID: &spec.id, State: &escalated})
	t = g.cal.addDays(r, t, r.between(1, 5))
	m := ticket.Message{Kind: ticket.Outbound, AuthorID: spec.id, Body: g.letter(p, spec, g.serviceAnswer(p))}
	if r.chance(0.3) {
		m = ticket.Message{Kind: ticket.Call, AuthorID: spec.id, CallDuration: callDuration(r, 3, 12),
			Body: "Rappel de l'entreprise par " + serviceName(team) + ". " + g.serviceAnswer(p)}
	}
	l.say(t, m)
	g.resolve(l, p, spec, g.cal.addWork(t, minutes(r, 2, 30)))
}

// resolve closes the work with the outcome of the way the request was handled.
func (g *generator) resolve(l *life, p *plan, by member, t time.Time) {
	g.maybeNote(l, p, by)
	resolved, outcome := ticket.Resolved, p.how.outcome()
	l.update(t, by.id, "", ticket.Update{AssigneeID: &by.id, State: &resolved, Outcome: &outcome})
}

// reopenAndClose lets a few companies write again after the answer, then closes
// the requests resolved a week before, as the nightly job does.
func (g *generator) reopenAndClose(l *life, p *plan) {
	r := g.r
	if l.tk.State != ticket.Resolved {
		return
	}
	if !g.compact && p.how != offTopic && r.chance(0.03) {
		by := member{id: l.tk.AssigneeID}
		t := g.cal.addDays(r, l.tk.UpdatedAt, r.between(1, 2))
		l.say(t, ticket.Message{Kind: ticket.Inbound, Body: fill(pick(r, thanks), &p.v)})
		t = g.cal.addWork(t, minutes(r, 20, 180))
		l.say(t, ticket.Message{Kind: ticket.Outbound, AuthorID: by.id, Body: "Bonjour, vous trouverez le document " +
			"demandé sur la page de la consultation, rubrique des pièces. La même règle vaut pour chaque lot."})
		g.resolve(l, p, by, g.cal.addWork(t, minutes(r, 1, 10)))
		if l.tk.State != ticket.Resolved {
			return
		}
	}
	d := l.tk.ResolvedAt.In(g.cal.loc).AddDate(0, 0, 7)
	closed := ticket.Closed
	l.update(time.Date(d.Year(), d.Month(), d.Day(), 2, 0, 0, 0, g.cal.loc), 0, autoClose, ticket.Update{State: &closed})
}

// pickupDelay is how long a written request waits for an agent, in opening
// hours: mostly within the hour, a few past the one-day target.
func pickupDelay(r *rng) time.Duration {
	switch x := r.Float64(); {
	case x < 0.6:
		return minutes(r, 5, 60)
	case x < 0.9:
		return minutes(r, 60, 240)
	case x < 0.97:
		return minutes(r, 240, 420)
	}
	return minutes(r, 420, 1050)
}

// minutes draws a duration between lo and hi minutes, to the second.
func minutes(r *rng, lo, hi int) time.Duration {
	return time.Duration(lo)*time.Minute + time.Duration(r.Int64N(int64(hi-lo)*60))*time.Second
}

// callDuration draws a call's length, short calls being the most frequent.
func callDuration(r *rng, lo, hi int) time.Duration {
	u := r.Float64()
	return time.Duration(float64(lo*60)+float64(float64((hi-lo)*60)*u*u)) * time.Second
}
