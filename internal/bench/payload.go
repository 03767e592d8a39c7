package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/guichet/guichet/internal/company"
)

// Topics are the default topic ids a generated request is classified under.
var Topics = []string{"repondre", "dce", "allotissement", "rejet", "attribution", "execution",
	"paiement", "dematerialisation", "seuils_procedures", "autre"}

// TicketRequest is the body of POST /api/v1/tickets, as an integration sends it.
type TicketRequest struct {
	Channel  string         `json:"channel"`
	Subject  string         `json:"subject"`
	Body     string         `json:"body"`
	Company  CompanyRequest `json:"company"`
	Contact  ContactRequest `json:"contact"`
	Topic    string         `json:"topic"`
	Scope    string         `json:"scope"`
	Priority string         `json:"priority"`
}

// CompanyRequest is the company part of a TicketRequest.
type CompanyRequest struct {
	SIRET string `json:"siret"`
	Name  string `json:"name"`
}

// ContactRequest is the contact part of a TicketRequest.
type ContactRequest struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// SIRETPool returns n distinct SIRETs that pass company.ValidSIRET, the same for
// the same seed. The SIREN and the whole number carry a Luhn key, as INSEE's do;
// La Poste's SIREN, which follows another rule, is never drawn.
func SIRETPool(n int, seed int64) []string {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5151e7))
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		siren := withLuhnKey(fmt.Sprintf("%08d", 10_000_000+r.IntN(89_999_999)))
		siret := withLuhnKey(siren + fmt.Sprintf("%04d", 1+r.IntN(99)))
		if seen[siret] || !company.ValidSIRET(siret) || strings.HasPrefix(siret, "356000000") {
			continue
		}
		seen[siret] = true
		out = append(out, siret)
	}
	return out
}

// withLuhnKey appends the digit that makes digits pass the Luhn check.
func withLuhnKey(digits string) string {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 0 { // doubled: the key will sit to its right
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return digits + string(rune('0'+(10-sum%10)%10))
}

var (
	trades   = []string{"Menuiserie", "Boulangerie", "Bâtiment", "Informatique", "Transports", "Atelier", "Imprimerie", "Paysages", "Électricité", "Conseil"}
	surnames = []string{"Dupont", "Martin", "Bernard", "Moreau", "Laurent", "Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Lambert", "Faure"}
	given    = []string{"Anne", "Paul", "Claire", "Karim", "Sophie", "Luc", "Inès", "Marc", "Léa", "Yann"}
	subjects = []string{"Question sur le lot %d", "Dépôt de l'offre sur la plateforme (%d)", "Pièces du DCE, consultation %d",
		"Motifs du rejet de notre offre n° %d", "Retard de paiement, facture %d", "Seuil de procédure adaptée (%d)"}
	channels = []string{"phone", "phone", "phone", "email", "email", "web", "api"}
	scopes   = []string{"general", "general", "general", "own_tender", "own_tender", "other_buyer_tender", "off_topic"}
)

// generator makes realistic ticket requests for one client: companies are drawn
// from a shared pool, so most requests are about a company already known.
type generator struct {
	r      *rand.Rand
	sirets []string
}

func newGenerator(seed int64, client int, sirets []string) *generator {
	return &generator{r: rand.New(rand.NewPCG(uint64(seed), uint64(client)+1)), sirets: sirets}
}

// ticket returns the next request body.
func (g *generator) ticket() TicketRequest {
	i := g.r.IntN(len(g.sirets))
	surname := surnames[i%len(surnames)]
	person := given[i%len(given)]
	return TicketRequest{
		Channel:  channels[g.r.IntN(len(channels))],
		Subject:  fmt.Sprintf(subjects[g.r.IntN(len(subjects))], 1+g.r.IntN(400)),
		Body:     "Bonjour, pouvez-vous nous indiquer la marche à suivre ? Merci d'avance.",
		Company:  CompanyRequest{SIRET: g.sirets[i], Name: fmt.Sprintf("%s %s %d", trades[i%len(trades)], surname, i)},
		Contact:  ContactRequest{Name: person + " " + surname, Email: fmt.Sprintf("contact@entreprise%d.example", i), Phone: fmt.Sprintf("04 72 %02d %02d %02d", i/10000%100, i/100%100, i%100)},
		Topic:    Topics[g.r.IntN(len(Topics))],
		Scope:    scopes[g.r.IntN(len(scopes))],
		Priority: "normal",
	}
}
