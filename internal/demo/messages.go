package demo

import (
	"strings"

	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/ticket"
)

// Short messages keep large volumes small: whole sentences up to these sizes.
const (
	compactAnswer = 220
	compactCall   = 160
)

// subject is the request's subject, short and specific.
func (g *generator) subject(p *plan) string { return fill(pick(g.r, p.text.subjects), &p.v) }

// question is the company's first message: the question as typed in a form, or
// an e-mail with its greeting and signature.
func (g *generator) question(p *plan) string {
	q := fill(pick(g.r, p.text.questions), &p.v)
	if g.compact || p.channel != ticket.Email {
		return q
	}
	r := g.r
	var b strings.Builder
	casual := q[0] >= 'a' && q[0] <= 'z'
	if !startsWithGreeting(q) {
		b.WriteString(pick(r, []string{"Bonjour,", "Bonjour,", "Madame, Monsieur,", "Bonjour Madame, Monsieur,"}) + "\n\n")
	}
	b.WriteString(q)
	if casual {
		b.WriteString("\n\n")
		if p.person != nil {
			b.WriteString(p.person.first)
		}
		return b.String()
	}
	b.WriteString("\n\n" + pick(r, []string{"Cordialement,", "Bien cordialement,", "Merci d'avance pour votre retour.",
		"Dans l'attente de votre réponse, cordialement,"}))
	if p.person != nil {
		b.WriteString("\n" + p.person.Name)
	}
	if p.firm >= 0 {
		b.WriteString("\n" + p.v.societe)
	}
	if p.person != nil && p.person.Phone != "" {
		b.WriteString("\n" + phone.Format(p.person.Phone))
	}
	return b.String()
}

func startsWithGreeting(q string) bool {
	for _, g := range []string{"Bonjour", "bonjour", "Bjr", "Madame"} {
		if strings.HasPrefix(q, g) {
			return true
		}
	}
	return false
}

// callRecord is the agent's record of a call: who called, what they asked, and
// what they were told.
func (g *generator) callRecord(p *plan) string {
	who := "Appel sans nom ni SIRET communiqués"
	if p.person != nil {
		who = "Appel de " + p.person.short()
		if p.firm >= 0 {
			who += " (" + p.v.societe + ")"
		}
	}
	s := who + " : " + fill(p.text.call, &p.v)
	switch {
	case p.how == byService:
		return s + " Question transmise " + toService(p.cons.team) + " pour réponse."
	case p.wait:
		return s + " Réponse après réception des précisions demandées (référence, courrier reçu)."
	case p.research:
		return s + " Vérification à faire avant de rappeler."
	case g.compact:
		return s + " Réponse : " + firstSentences(g.answer(p), compactCall)
	}
	return s + "\nRéponse apportée : " + g.answer(p)
}

// callBack is the agent's record of calling the company back.
func (g *generator) callBack(p *plan) string {
	ans := g.answer(p)
	if g.compact {
		ans = firstSentences(ans, compactCall)
	}
	if p.wait {
		return "Rappel de l'entreprise après réception des précisions. " + ans
	}
	return "Rappel de l'entreprise après vérification. " + ans
}

// followUp confirms in writing what was said on the phone.
func (g *generator) followUp(p *plan) string {
	return g.letter(p, p.agent, "Comme convenu au téléphone, je vous confirme par écrit : "+g.answer(p))
}

// answer is the cell's answer, or its redirection to the other buyer.
func (g *generator) answer(p *plan) string {
	if p.how == redirected {
		tpl, ok := redirects[p.topic]
		if !ok {
			tpl = redirects[""]
		}
		return fill(tpl, &p.v)
	}
	return fill(p.text.answer, &p.v)
}

// serviceAnswer is the thematic service's answer on the region's own tender.
func (g *generator) serviceAnswer(p *plan) string {
	tpl, ok := serviceAnswers[p.topic]
	if !ok {
		tpl = "La réponse à votre question sur la consultation {ref} est publiée dans ses questions-réponses, visibles de tous les candidats."
	}
	return fill(tpl, &p.v)
}

// escalationNote tells the service why the request comes to it.
func (g *generator) escalationNote(p *plan) string {
	return fill("Question sur « {objet} » (consultation {ref}, lot {lot}) : relève du {service}, qui suit la consultation. Transmise pour réponse.", &p.v)
}

// letter wraps an answer to the company in a greeting and the author's signature.
func (g *generator) letter(p *plan, author member, text string) string {
	if g.compact {
		return firstSentences(text, compactAnswer)
	}
	var b strings.Builder
	b.WriteString("Bonjour")
	if p.person != nil {
		b.WriteString(" " + p.person.civility() + " " + p.person.last)
	}
	b.WriteString(",\n\n" + text + "\n\nBien cordialement,\n\n" + author.name + "\n")
	if team, ok := g.crew.teamOf[author.id]; ok {
		s := serviceName(team)
		b.WriteString(strings.ToUpper(s[:1]) + s[1:] + ", direction des achats")
	} else {
		b.WriteString("Cellule contact marchés publics")
	}
	b.WriteString("\nRégion " + g.region)
	return b.String()
}

// maybeNote adds, now and then, an agent's internal note before the resolution.
func (g *generator) maybeNote(l *life, p *plan, by member) {
	if g.compact || !g.r.chance(0.12) {
		return
	}
	l.say(l.tk.UpdatedAt, ticket.Message{Kind: ticket.Note, AuthorID: by.id, Body: pick(g.r, notes)})
}
