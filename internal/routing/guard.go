package routing

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/tender"
)

// DCETopic is the topic of questions on the consultation documents, the ones
// the equal-treatment rule is about.
const DCETopic = "dce"

// Guard is what the equal-treatment rule (CCP L3; R2132-6) says about a
// request: information on the documents of an open consultation given to one
// candidate must be given to all.
type Guard struct {
	// Flagged: the request is about the documents (DCE) of a consultation open
	// at the time; nothing else below applies when it is not.
	Flagged bool
	// Publish: the consultation is ours, so the answer is published as an
	// anonymised question and answer of the consultation, not sent privately only.
	Publish bool
	// Redirect: the consultation is another buyer's; the company is sent to
	// that buyer's questions and answers (QAURL, may be empty when unknown).
	Redirect  bool
	BuyerName string
	QAURL     string
	// Deadline is the DLRO. Formalised procedures have a LastDay to answer
	// (DLRO − 6 days, 4 when shortened for urgency); MAPA has none, only a
	// sufficient delay. Warn is set from WarnBefore before LastDay on; Passed
	// once LastDay is over.
	Deadline   time.Time
	Formalised bool
	Urgent     bool
	LastDay    time.Time
	Warn       bool
	Passed     bool
}

// GuardFacts are what the guard reads.
type GuardFacts struct {
	Topic        string
	Consultation *tender.Consultation // nil when none or unknown
	Own          bool                 // its buyer is our organisation
	QAURL        string               // its buyer's questions-and-answers page
	Now          time.Time
	WarnBefore   time.Duration // how long before the last day to warn
}

// CheckGuard applies the equal-treatment rule to a request.
func CheckGuard(f GuardFacts) Guard {
	c := f.Consultation
	if f.Topic != DCETopic || c == nil || c.StatusAt(f.Now) != tender.Open {
		return Guard{}
	}
	g := Guard{Flagged: true, Publish: f.Own, Redirect: !f.Own, BuyerName: c.BuyerName, QAURL: f.QAURL,
		Deadline: c.Deadline, Formalised: tender.IsFormalised(c.Procedure), Urgent: c.Urgent}
	if last, ok := tender.LastDayToAnswer(c.Deadline, g.Formalised, c.Urgent); ok {
		g.LastDay = last
		g.Passed = !f.Now.Before(last)
		g.Warn = !g.Passed && !f.Now.Before(last.Add(-f.WarnBefore))
	}
	return g
}

// QA is a question and its answer published on a consultation, anonymised:
// every candidate reads it, none learns who asked.
type QA struct {
	ID              int64     `json:"id"`
	ConsultationRef string    `json:"consultation_ref"`
	Question        string    `json:"question"`
	Answer          string    `json:"answer"`
	TicketID        int64     `json:"-"` // the request it came from; never shown publicly
	PublishedAt     time.Time `json:"published_at"`
}

// MaxQAText bounds a published question or answer, in characters.
const MaxQAText = 20_000

// Validate checks a question and answer before publication. It cannot tell
// whether the text names the company: the agent rewrites the question, and the
// page reminds them to.
func (q QA) Validate() error {
	var f errs.Fields
	for _, p := range []struct{ field, what, text string }{
		{"question", "la question", q.Question}, {"answer", "la réponse", q.Answer}} {
		n := utf8.RuneCountInString(strings.TrimSpace(p.text))
		switch {
		case !utf8.ValidString(p.text) || strings.ContainsRune(p.text, 0):
			f.Add(p.field, p.what+" contient des caractères invalides")
		case n == 0:
			f.Add(p.field, p.what+" est obligatoire")
		case n > MaxQAText:
			f.Add(p.field, fmt.Sprintf("%s est trop longue (%d caractères, %d au plus)", p.what, n, MaxQAText))
		}
	}
	if strings.TrimSpace(q.ConsultationRef) == "" {
		f.Add("consultation_ref", "la demande ne désigne pas de consultation")
	}
	return f.Err()
}
