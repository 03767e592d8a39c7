package api

import (
	"strings"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// consultationFields is what the picker and the consultation page both show of a
// consultation, its buyer aside (the page shows the buyer's contact).
type consultationFields struct {
	Reference     string     `json:"reference"`
	Object        string     `json:"object"`
	Procedure     *string    `json:"procedure"`
	ContractType  *string    `json:"contract_type"`
	CPV           []string   `json:"cpv"` // main code first
	Status        string     `json:"status"`
	Deadline      *time.Time `json:"deadline"`
	DeadlineParis *string    `json:"deadline_paris"`
	Urgent        bool       `json:"urgent"`
	Service       *string    `json:"service"`
	NoticeURL     *string    `json:"notice_url"`
	LotsCount     *int       `json:"lots_count"`
}

// consultationJSON is one choice of the picker.
type consultationJSON struct {
	consultationFields
	Buyer *buyerRef `json:"buyer"`
}

// consultationDetailJSON is the consultation page: the lots, the buyer to send a
// company to, the last day the buyer may still answer, and the requests about it.
type consultationDetailJSON struct {
	consultationFields
	Buyer                *buyerJSON   `json:"buyer"`
	Lots                 []lotJSON    `json:"lots"`
	AmountCents          *int64       `json:"amount_cents"`
	Winner               *winnerJSON  `json:"winner"`
	PublishedAt          *time.Time   `json:"published_at"`
	LastDayToAnswer      *time.Time   `json:"last_day_to_answer"`
	LastDayToAnswerParis *string      `json:"last_day_to_answer_paris"`
	AnswerRule           string       `json:"answer_rule"`
	Requests             []ticketJSON `json:"requests"`
	RequestsNextCursor   *string      `json:"requests_next_cursor"`
}

type lotJSON struct {
	Number int     `json:"number"`
	Title  string  `json:"title"`
	CPV    *string `json:"cpv"`
}

type winnerJSON struct {
	SIRET *string `json:"siret"`
	Name  *string `json:"name"`
}

// fields renders what every view of a consultation shows. The status is the
// status now: an open consultation past its deadline shows as closed, whatever
// the last import said.
func (s *server) fields(c *tender.Consultation) consultationFields {
	return consultationFields{
		Reference: c.Reference, Object: c.Object, Procedure: nonEmpty(c.Procedure),
		ContractType: nonEmpty(string(c.ContractType)), CPV: append([]string{}, c.CPV...),
		Status: string(c.StatusAt(s.core.Now())), Deadline: timestamp(c.Deadline), DeadlineParis: parisDateTime(c.Deadline),
		Urgent: c.Urgent, Service: nonEmpty(c.ServiceID), NoticeURL: nonEmpty(c.NoticeURL),
	}
}

// consultationView renders a choice of the picker.
func (s *server) consultationView(c *tender.Consultation) consultationJSON {
	lots := c.LotsCount
	out := consultationJSON{consultationFields: s.fields(c)}
	out.LotsCount = &lots
	if c.BuyerID != 0 {
		out.Buyer = &buyerRef{ID: c.BuyerID, Name: c.BuyerName, SIRET: nonEmpty(c.BuyerSIRET)}
	}
	return out
}

// consultationDetail renders the consultation page; requests is the first page
// of the requests about it, newest first.
func (s *server) consultationDetail(c *tender.Consultation, b *tender.Buyer, requests core.TicketPage) consultationDetailJSON {
	lots := len(c.Lots)
	last, rule := answerDelay(c)
	out := consultationDetailJSON{consultationFields: s.fields(c), Lots: items(c.Lots, lotView),
		AmountCents: nonZero(c.AmountCents), PublishedAt: timestamp(c.PublishedAt),
		LastDayToAnswer: timestamp(last), LastDayToAnswerParis: parisDateTime(last), AnswerRule: rule,
		Requests: items(requests.Items, func(tk *ticket.Ticket) ticketJSON { return ticketView(tk, s.core.Territory()) }),
	}
	out.LotsCount = &lots
	if b != nil {
		v := buyerView(b)
		out.Buyer = &v
	}
	if c.WinnerSIRET != "" || c.WinnerName != "" {
		out.Winner = &winnerJSON{SIRET: nonEmpty(c.WinnerSIRET), Name: nonEmpty(c.WinnerName)}
	}
	if requests.Next != nil {
		out.RequestsNextCursor = ticketCursor(ticket.NewestFirst, *requests.Next)
	}
	return out
}

func lotView(l tender.Lot) lotJSON {
	return lotJSON{Number: l.Number, Title: l.Title, CPV: nonEmpty(l.CPV)}
}

// answerDelay returns the last moment the buyer may send complementary
// information on the consultation documents (zero when the law sets no date or
// the deadline is unknown), and the rule in the words an agent repeats on the
// phone.
func answerDelay(c *tender.Consultation) (time.Time, string) {
	formalised := tender.IsFormalised(c.Procedure)
	// In Paris time: the rule keeps the DLRO's wall-clock time when summer time
	// starts or ends in between, which a UTC instant would not.
	last, _ := tender.LastDayToAnswer(c.Deadline.In(tender.Paris()), formalised, c.Urgent)
	folded := tender.Fold(c.Procedure)
	switch {
	case formalised && c.Urgent:
		return last, "R2132-6 : 4 jours avant la DLRO (urgence)"
	case formalised:
		return last, "R2132-6 : 6 jours avant la DLRO"
	case strings.Contains(folded, "adapte") || strings.Contains(folded, "mapa"):
		return last, "MAPA : pas de délai fixe, un délai suffisant"
	case folded == "":
		return last, "Procédure non précisée : délai non calculé"
	}
	return last, "Procédure non formalisée : pas de délai fixe, un délai suffisant"
}

// nonZero renders 0 as null, for amounts that are unknown rather than nil.
func nonZero(n int64) *int64 {
	if n == 0 {
		return nil
	}
	return &n
}
