package core

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// Macro is a canned answer: supervisors write it once, agents insert it in a
// reply with its placeholders filled from the request.
type Macro struct {
	ID        int64
	Title     string
	Body      string
	Active    bool
	UpdatedAt time.Time
}

// MacroInput is a macro as the management form sends it.
type MacroInput struct {
	Title  string
	Body   string
	Active bool
}

// Placeholder is a variable a macro may use, with what it is replaced by.
type Placeholder struct {
	Name  string // "{entreprise}"
	Label string // in French, for the management screen
}

// Placeholders lists the variables of macros and of the built-in answers.
func Placeholders() []Placeholder {
	return []Placeholder{
		{"{entreprise}", "nom de l'entreprise"},
		{"{contact}", "nom de la personne"},
		{"{numero}", "numéro de la demande"},
		{"{agent}", "nom de l'agent qui répond"},
		{"{consultation}", "référence de la consultation"},
		{"{objet_consultation}", "objet de la consultation"},
		{"{date_limite}", "date limite de remise des offres"},
		{"{acheteur}", "nom de l'acheteur"},
		{"{acheteur_contact}", "courriel et téléphone de l'acheteur"},
		{"{lien_questions}", "adresse où poser ses questions à l'acheteur"},
	}
}

// The limits of a macro.
const (
	maxMacroTitle = 120
	maxMacroBody  = 10_000
)

var placeholderRE = regexp.MustCompile(`\{[a-z_]+\}`)

// Macros lists the macros: the active ones for anyone who may reply, the
// archived ones too (all) for those who manage them.
func (s *Service) Macros(ctx context.Context, a access.Actor, all bool) ([]Macro, error) {
	action := access.ReadTicket
	if all {
		action = access.ManageMacros
	}
	if err := a.Check(action, ""); err != nil {
		return nil, err
	}
	rows, err := s.store.FindMacros(ctx, all)
	if err != nil {
		return nil, err
	}
	out := make([]Macro, len(rows))
	for i, m := range rows {
		out[i] = macroOf(m)
	}
	return out, nil
}

// SaveMacro creates a macro (id 0) or changes one. Every wrong field is
// reported, unknown placeholders by name.
func (s *Service) SaveMacro(ctx context.Context, a access.Actor, id int64, in MacroInput) (*Macro, error) {
	if err := a.Check(access.ManageMacros, ""); err != nil {
		return nil, err
	}
	m := &store.Macro{ID: id, Title: strings.TrimSpace(in.Title), Body: strings.TrimSpace(in.Body), Active: in.Active,
		CreatedBy: a.UserID, CreatedAt: s.clock(), UpdatedAt: s.clock()}
	if err := validateMacro(m); err != nil {
		return nil, err
	}
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		if id == 0 {
			return tx.CreateMacro(ctx, m)
		}
		return tx.UpdateMacro(ctx, m)
	})
	if err != nil {
		return nil, err
	}
	out := macroOf(m)
	return &out, nil
}

func validateMacro(m *store.Macro) error {
	var f errs.Fields
	switch n := utf8.RuneCountInString(m.Title); {
	case n == 0:
		f.Add("title", "le titre est obligatoire")
	case n > maxMacroTitle || !ticket.CleanText(m.Title) || strings.ContainsAny(m.Title, "\r\n"):
		f.Add("title", fmt.Sprintf("titre invalide (une ligne, %d caractères au plus)", maxMacroTitle))
	}
	switch {
	case m.Body == "":
		f.Add("body", "le texte est obligatoire")
	case len(m.Body) > maxMacroBody || !ticket.CleanText(m.Body):
		f.Add("body", fmt.Sprintf("texte invalide (%d octets au plus, sans caractères de contrôle)", maxMacroBody))
	}
	var unknown []string
	for _, p := range placeholderRE.FindAllString(m.Body, -1) {
		if !knownPlaceholder(p) {
			unknown = append(unknown, p)
		}
	}
	if len(unknown) > 0 {
		f.Add("body", fmt.Sprintf("variable inconnue : %s (voir la liste des variables)", strings.Join(unknown, ", ")))
	}
	return f.Err()
}

func knownPlaceholder(name string) bool {
	for _, p := range Placeholders() {
		if p.Name == name {
			return true
		}
	}
	return false
}

func macroOf(m *store.Macro) Macro {
	return Macro{ID: m.ID, Title: m.Title, Body: m.Body, Active: m.Active, UpdatedAt: m.UpdatedAt}
}

// MacroText is a macro's text with its placeholders filled from a request, for
// the reply box.
func (s *Service) MacroText(ctx context.Context, a access.Actor, macroID, ticketID int64) (string, error) {
	if err := s.authorize(ctx, a, access.ReplyTicket, ticketID); err != nil {
		return "", err
	}
	m, err := s.store.FindMacroByID(ctx, macroID)
	if err != nil {
		return "", err
	}
	if !m.Active {
		return "", errs.E(errs.NotFound, "La réponse type « %s » est archivée.", m.Title)
	}
	return s.fillText(ctx, a, ticketID, m.Body)
}

// redirectText is the reply that sends a company to the buyer.
const redirectText = `Bonjour,

Votre question porte sur la consultation {consultation} ({objet_consultation}), passée par {acheteur}. Seul l'acheteur peut y répondre, et sa réponse sera communiquée à tous les candidats.

Posez votre question à l'acheteur : {lien_questions}
Contact de l'acheteur : {acheteur_contact}

Nous restons à votre disposition pour toute question générale sur la commande publique.

Cordialement,
{agent}
Cellule contact marchés publics`

// offTopicText is the polite answer to a question outside the cell's remit.
const offTopicText = `Bonjour,

Nous avons bien reçu votre demande n° {numero}. La cellule contact répond aux entreprises sur les marchés publics (candidature, dossier de consultation, attribution, exécution, paiement) ; votre question ne relève pas de ce domaine et nous ne pouvons pas y répondre.

Nous vous invitons à vous adresser au service compétent.

Cordialement,
{agent}
Cellule contact marchés publics`

// RedirectText is the reply that sends the company to the buyer of the
// request's consultation, with the buyer's contact and Q&A address from the
// catalog. A request without consultation, or whose consultation has no buyer,
// cannot be redirected: the error says which field to fill.
func (s *Service) RedirectText(ctx context.Context, a access.Actor, ticketID int64) (string, error) {
	tk, err := s.Ticket(ctx, a, ticketID)
	if err != nil {
		return "", err
	}
	if tk.ConsultationRef == "" {
		return "", errs.Field("consultation_ref", "indiquez d'abord la consultation : l'acheteur se trouve par elle")
	}
	_, b, err := s.Consultation(ctx, a, tk.ConsultationRef)
	if errs.Is(err, errs.NotFound) || (err == nil && b == nil) {
		return "", errs.Field("consultation_ref", fmt.Sprintf("la consultation %s n'est pas au catalogue, ou sans acheteur connu", tk.ConsultationRef))
	}
	if err != nil {
		return "", err
	}
	return s.fillText(ctx, a, ticketID, redirectText)
}

// OffTopicText is the polite off-topic answer for a request.
func (s *Service) OffTopicText(ctx context.Context, a access.Actor, ticketID int64) (string, error) {
	return s.fillText(ctx, a, ticketID, offTopicText)
}

// fillText replaces the placeholders of text with the request's values. A value
// the request does not have (no consultation, no buyer) becomes "", so a macro
// still reads; the agent edits the reply before sending it.
func (s *Service) fillText(ctx context.Context, a access.Actor, ticketID int64, text string) (string, error) {
	tk, err := s.Ticket(ctx, a, ticketID)
	if err != nil {
		return "", err
	}
	vars := map[string]string{"{numero}": tk.Number, "{agent}": a.Name, "{consultation}": tk.ConsultationRef}
	if tk.Company != nil {
		vars["{entreprise}"] = tk.Company.Name
	}
	if tk.Contact != nil {
		vars["{contact}"] = tk.Contact.Name
	}
	if tk.ConsultationRef != "" {
		c, b, err := s.Consultation(ctx, a, tk.ConsultationRef)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return "", err
		}
		fillConsultation(vars, c, b, s.loc)
	}
	return placeholderRE.ReplaceAllStringFunc(text, func(p string) string {
		if v, ok := vars[p]; ok || knownPlaceholder(p) {
			return v
		}
		return p // not a placeholder: text in braces the author meant
	}), nil
}

func fillConsultation(vars map[string]string, c *tender.Consultation, b *tender.Buyer, loc *time.Location) {
	if c == nil {
		return
	}
	vars["{objet_consultation}"], vars["{acheteur}"] = c.Object, c.BuyerName
	if !c.Deadline.IsZero() {
		d := c.Deadline.In(loc)
		vars["{date_limite}"] = fmt.Sprintf("%s à %d h %02d", d.Format("02/01/2006"), d.Hour(), d.Minute())
	}
	if b == nil {
		return
	}
	vars["{acheteur}"] = b.Name
	var contact []string
	if b.Email != "" {
		contact = append(contact, b.Email)
	}
	if b.Phone != "" {
		contact = append(contact, phone.Format(b.Phone))
	}
	vars["{acheteur_contact}"] = strings.Join(contact, ", ")
	vars["{lien_questions}"] = b.QAURL
	if b.QAURL == "" {
		vars["{lien_questions}"] = b.ProfileURL
	}
}
