package demo

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/ticket"
)

// handling is who ends up answering a request, which decides its outcome.
type handling int

const (
	byCell     handling = iota // the cell answers (the weekly "handled directly")
	byService                  // a thematic service answers on the region's own tender
	redirected                 // sent to the other buyer, the only one who may answer
	offTopic                   // not about public procurement
)

// outcome is what a request handled this way is resolved with.
func (h handling) outcome() ticket.Outcome {
	switch h {
	case byService:
		return ticket.AnsweredByService
	case redirected:
		return ticket.RedirectedToBuyer
	case offTopic:
		return ticket.OutcomeOffTopic
	}
	return ticket.AnsweredByCell
}

// plan is a request decided, before its life is played.
type plan struct {
	at       time.Time
	channel  ticket.Channel
	scope    ticket.Scope
	how      handling
	topic    string
	priority ticket.Priority
	firm     int  // index in the firm set, -1 for an anonymous caller
	newFirm  bool // the firm's first request: it is created with it
	contact  int  // global contact index, -1 for none
	person   *contact
	cons     *consultation
	text     *textCase
	v        vars
	agent    member
	wait     bool // the cell needs a precision from the company first
	research bool // the agent checks before answering, a day or more later
}

// plan draws everything about a request made at t.
func (g *generator) plan(at time.Time) *plan {
	r := g.r
	p := &plan{at: at, firm: -1, contact: -1}
	p.scope = g.scopes.deal(r)
	switch p.scope {
	case ticket.OwnTender:
		p.how = g.ownWay.deal(r)
	case ticket.OtherBuyerTender:
		p.how = g.otherWay.deal(r)
	case ticket.OffTopic:
		p.how = offTopic
	}
	p.topic = g.topics[topicTable(p.scope, p.how)].draw(r)
	p.channel = g.channels.deal(r)
	g.caller(p)
	g.tenderOf(p)
	if p.cons == nil && (p.how == byService || p.how == redirected) {
		p.how = byCell // no tender published yet to send it to
	}
	p.text = g.cases[p.topic].pick(r, p.cons)
	p.v = g.vars(p)
	p.agent = g.crew.agents.draw(r)
	p.priority = priorityOf(r, p)
	wait, research := 0.03, 0.1
	if !g.compact {
		wait, research = 0.08, 0.15
		if p.channel != ticket.Phone {
			research = 0.3
		}
	}
	p.wait = p.how != offTopic && r.chance(wait)
	p.research = !p.wait && p.how == byCell && r.chance(research)
	return p
}

// tenderOf picks the tender a request about a tender speaks of, one of the
// caller's trade when it can, and notes on it what the request tells.
func (g *generator) tenderOf(p *plan) {
	if p.scope != ticket.OwnTender && p.scope != ticket.OtherBuyerTender {
		return
	}
	var tr *trade
	if p.firm >= 0 {
		tr = g.firms.list[p.firm].trade
	}
	p.cons = g.tenders.pick(g.r, p.scope == ticket.OwnTender, p.at, phaseOf(p.topic), tr)
	if p.cons != nil {
		p.cons.note(p.topic, p.firm)
	}
}

// topicTable names the topic weights of a scope and handling.
func topicTable(s ticket.Scope, h handling) string {
	return string(s) + "/" + fmt.Sprint(int(h))
}

// topicTables weight the topics as the cell meets them (DOMAIN.md's frequent
// questions: responding, the DCE, lots, rejection first), depending on whose
// tender the request is about and who answers it.
func topicTables() map[string]weighted[string] {
	t := func(pairs ...any) weighted[string] {
		var w []wt[string]
		for i := 0; i < len(pairs); i += 2 {
			w = append(w, wt[string]{pairs[i].(string), pairs[i+1].(int)})
		}
		return choices(w...)
	}
	return map[string]weighted[string]{
		topicTable(ticket.General, byCell): t("repondre", 30, "seuils_procedures", 17, "dematerialisation", 14,
			"paiement", 11, "rejet", 9, "allotissement", 8, "attribution", 4, "execution", 3, "dce", 4),
		topicTable(ticket.OwnTender, byCell): t("repondre", 20, "dce", 22, "allotissement", 15, "rejet", 16,
			"attribution", 8, "execution", 6, "paiement", 7, "dematerialisation", 6),
		topicTable(ticket.OwnTender, byService): t("dce", 30, "execution", 20, "paiement", 15, "allotissement", 10,
			"attribution", 10, "rejet", 15),
		topicTable(ticket.OtherBuyerTender, byCell): t("repondre", 22, "dce", 16, "allotissement", 12, "rejet", 18,
			"attribution", 8, "execution", 5, "paiement", 8, "dematerialisation", 11),
		topicTable(ticket.OtherBuyerTender, redirected): t("dce", 55, "allotissement", 12, "rejet", 15,
			"attribution", 10, "execution", 4, "paiement", 4),
		topicTable(ticket.OffTopic, offTopic): t("autre", 1),
	}
}

// caller picks who asks: a few anonymous callers (mostly the off-topic ones),
// else a company from the pool the decks say (local or not, TPE or not).
func (g *generator) caller(p *plan) {
	r := g.r
	anonymous := 0.015
	if p.scope == ticket.OffTopic {
		anonymous = 0.35
	}
	if r.chance(anonymous) {
		g.anonymousCaller(p)
		return
	}
	pool := poolElsewhere
	if g.local.deal(r) {
		pool = poolLocalOther
		if g.tpe.deal(r) {
			pool = poolLocalTPE
		}
	}
	fs := g.firms
	list := fs.pools[pool]
	if used := fs.used[pool]; used < len(list) && (used == 0 || r.chance(fs.newShare[pool])) {
		p.firm, p.newFirm = list[used], true
		fs.used[pool]++
	} else {
		// Repeat callers: some companies call far more than others.
		u := r.Float64() // u·√u: exact on every platform, unlike math.Pow
		p.firm = list[int(float64(float64(used)*u)*math.Sqrt(u))]
	}
	f := &fs.list[p.firm]
	i := 0
	if len(f.people) > 1 && r.chance(0.35) {
		i = 1 + r.IntN(len(f.people)-1)
	}
	p.contact, p.person = f.contact0+i, &f.people[i]
}

// anonymousCaller is someone who gives a name and a phone number or an e-mail
// address, but no SIRET; half of the callers give nothing at all.
func (g *generator) anonymousCaller(p *plan) {
	r := g.r
	if p.channel == ticket.Phone && r.chance(0.5) {
		return
	}
	who := pick(r, firstNames)
	c := &contact{first: who.first, last: pick(r, familyNames), woman: who.woman}
	c.Name = c.first + " " + c.last
	if p.channel == ticket.Phone {
		c.Phone = mobilePhone(r)
	} else {
		c.Email = slug(c.first, "-") + "." + slug(c.last, "") + fmt.Sprint(r.IntN(90)+10) + "@" +
			pick(r, []string{"orange.example", "free.example", "laposte.example", "sfr.example", "wanadoo.example"})
	}
	p.person = c
}

// vars gathers what the request's texts speak of.
func (g *generator) vars(p *plan) vars {
	r := g.r
	v := vars{at: p.at, metier: "entreprise", ville: pick(r, g.towns), effectif: r.between(1, 9)}
	if p.firm >= 0 {
		f := &g.firms.list[p.firm]
		v.societe, v.metier, v.ville = f.co.Name, f.trade.worker, f.town.name
		if f.co.Size != company.TPE {
			v.effectif = r.between(10, 240)
		}
	}
	v.jours = r.between(35, 120)
	v.datefacture = p.at.AddDate(0, 0, -v.jours)
	v.facture = fmt.Sprintf("%d-%04d", v.datefacture.Year(), r.between(12, 1800))
	v.montant = r.between(8, 600) * 100
	v.marche = r.between(15, 400) * 1000
	if c := p.cons; c != nil {
		v.ref, v.objet, v.acheteur, v.dlro = c.ref, c.object, c.buyer, c.deadline
		v.procedure, v.service = c.procedure(), strings.TrimPrefix(serviceName(c.team), "le ")
	}
	v.lot = lotOf(r, p.cons)
	v.lot2 = v.lot%max(2, lotCount(p.cons)) + 1
	return v
}

func lotCount(c *consultation) int {
	if c == nil {
		return 1
	}
	return c.lots
}

// priorityOf raises what cannot wait (a deposit before the deadline, a long
// unpaid invoice) and lowers what is not the cell's business.
func priorityOf(r *rng, p *plan) ticket.Priority {
	switch {
	case p.how == offTopic:
		return choices(wt[ticket.Priority]{ticket.Low, 7}, wt[ticket.Priority]{ticket.Normal, 3}).draw(r)
	case p.cons != nil && phaseOf(p.topic) == phaseOpen && p.cons.deadline.After(p.at) &&
		p.cons.deadline.Sub(p.at) < 72*time.Hour:
		return ticket.Urgent
	case p.topic == "paiement" && p.v.jours > 60:
		return ticket.High
	}
	return choices(wt[ticket.Priority]{ticket.Normal, 92}, wt[ticket.Priority]{ticket.High, 5},
		wt[ticket.Priority]{ticket.Low, 3}).draw(r)
}

// caseSet is a topic's kinds of question, split by whether they need a tender.
type caseSet struct {
	ref, plain []*textCase
	lots       map[*textCase]bool // speaks of several lots
}

func newCaseSet(cases []textCase) caseSet {
	s := caseSet{lots: map[*textCase]bool{}}
	for i := range cases {
		c := &cases[i]
		if c.ref {
			s.ref = append(s.ref, c)
		} else {
			s.plain = append(s.plain, c)
		}
		all := strings.Join(append(append([]string{c.call, c.answer}, c.subjects...), c.questions...), " ")
		s.lots[c] = strings.Contains(all, "{lot")
	}
	return s
}

// pick returns a kind of question: mostly one about the tender when there is
// one, one about a lot only when the tender has several.
func (s caseSet) pick(r *rng, cons *consultation) *textCase {
	if cons == nil || len(s.ref) == 0 || len(s.plain) > 0 && r.chance(0.2) {
		return pick(r, s.plain)
	}
	for range 6 {
		c := pick(r, s.ref)
		if cons.lots > 1 || !s.lots[c] {
			return c
		}
	}
	if len(s.plain) > 0 {
		return pick(r, s.plain)
	}
	return pick(r, s.ref)
}
