package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/routing"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/ticket"
)

// getRouting shows the business calendar, the SLA policies, the routing rules
// and the assignment modes in force.
func (s *server) getRouting(w http.ResponseWriter, r *http.Request) error {
	cfg, err := s.core.RoutingConfig(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	if cfg.Assignment == nil {
		cfg.Assignment = routing.Assignment{}
	}
	return writeJSON(w, http.StatusOK, cfg)
}

// putCalendar replaces the business calendar (admins). The calendar's own
// reading errors (an unknown time zone or weekday, an unreadable span) are
// field errors, like Validate's.
func (s *server) putCalendar(w http.ResponseWriter, r *http.Request) error {
	var raw json.RawMessage
	if err := s.decode(w, r, &raw); err != nil {
		return err
	}
	var c sla.Calendar
	if err := json.Unmarshal(raw, &c); err != nil {
		return errs.Field("calendar", err.Error())
	}
	if err := s.core.SaveCalendar(r.Context(), actorOf(r), c); err != nil {
		return err
	}
	return s.getRouting(w, r)
}

// policiesBody is the body of PUT /routing/policies.
type policiesBody struct {
	Policies sla.Policies `json:"policies"`
}

// putPolicies replaces the SLA policies (admins); requests already created
// keep their due times.
func (s *server) putPolicies(w http.ResponseWriter, r *http.Request) error {
	var in policiesBody
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	if err := s.core.SavePolicies(r.Context(), actorOf(r), in.Policies); err != nil {
		return err
	}
	return s.getRouting(w, r)
}

// rulesBody is the body of PUT /routing/rules.
type rulesBody struct {
	Rules              routing.Rules      `json:"rules"`
	Assignment         routing.Assignment `json:"assignment"`
	WarningLeadMinutes *int               `json:"warning_lead_minutes,omitempty"`
}

// putRules replaces the routing rules and assignment modes, and the warning
// lead when given (admins).
func (s *server) putRules(w http.ResponseWriter, r *http.Request) error {
	var in rulesBody
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	if in.WarningLeadMinutes != nil {
		if err := s.core.SaveWarningLead(r.Context(), actorOf(r), *in.WarningLeadMinutes); err != nil {
			return err
		}
	}
	if err := s.core.SaveRouting(r.Context(), actorOf(r), in.Rules, in.Assignment); err != nil {
		return err
	}
	return s.getRouting(w, r)
}

// guidanceJSON is what the rules say about a request: read-only.
type guidanceJSON struct {
	Rule         *string      `json:"rule"`
	Proposal     *string      `json:"proposal"`
	ProposedTeam *string      `json:"proposed_team"`
	Buyer        *buyerAdvice `json:"buyer"`
	Policy       string       `json:"policy"`
	Due          dueFullJSON  `json:"due"`
	Paused       bool         `json:"paused"`
	Guard        guardJSON    `json:"guard"`
	Published    []qaJSON     `json:"published"`
	QAPageURL    *string      `json:"qa_page_url"`
}

type buyerAdvice struct {
	Name  *string `json:"name"`
	Email *string `json:"email"`
	Phone *string `json:"phone"`
	QAURL *string `json:"qa_url"`
}

type dueFullJSON struct {
	FirstResponse *time.Time `json:"first_response"`
	NextResponse  *time.Time `json:"next_response"`
	Resolution    *time.Time `json:"resolution"`
}

type guardJSON struct {
	Flagged    bool       `json:"flagged"`
	Publish    bool       `json:"publish"`
	Redirect   bool       `json:"redirect"`
	QAURL      *string    `json:"qa_url"`
	Deadline   *time.Time `json:"deadline"`
	Formalised bool       `json:"formalised"`
	LastDay    *time.Time `json:"last_day_to_answer"`
	Warn       bool       `json:"warn"`
	Passed     bool       `json:"passed"`
}

type qaJSON struct {
	ID              int64     `json:"id"`
	ConsultationRef string    `json:"consultation_ref"`
	Question        string    `json:"question"`
	Answer          string    `json:"answer"`
	PublishedAt     time.Time `json:"published_at"`
}

// getGuidance shows the routing proposal, the equal-treatment guard and the
// SLA clocks of a request.
func (s *server) getGuidance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "La demande")
	if err != nil {
		return err
	}
	g, err := s.core.Guidance(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, guidanceView(g))
}

func guidanceView(g *core.Guidance) guidanceJSON {
	out := guidanceJSON{Rule: nonEmpty(g.Rule), Proposal: nonEmpty(string(g.Proposal)), ProposedTeam: nonEmpty(g.ProposedTeam),
		Policy: g.Policy, Paused: g.Paused, QAPageURL: nonEmpty(g.QAPageURL), Published: items(g.Published, qaView),
		Due: dueFullJSON{timestamp(g.Due.FirstResponse), timestamp(g.Due.NextResponse), timestamp(g.Due.Resolution)},
		Guard: guardJSON{Flagged: g.Guard.Flagged, Publish: g.Guard.Publish, Redirect: g.Guard.Redirect, QAURL: nonEmpty(g.Guard.QAURL),
			Deadline: timestamp(g.Guard.Deadline), Formalised: g.Guard.Formalised, LastDay: timestamp(g.Guard.LastDay),
			Warn: g.Guard.Warn, Passed: g.Guard.Passed}}
	if g.Proposal == routing.ProposeRedirect {
		b := g.Buyer
		out.Buyer = &buyerAdvice{Name: nonEmpty(b.Name), Email: nonEmpty(b.Email), Phone: nonEmpty(b.Phone), QAURL: nonEmpty(b.QAURL)}
	}
	return out
}

func qaView(q routing.QA) qaJSON {
	return qaJSON{ID: q.ID, ConsultationRef: q.ConsultationRef, Question: q.Question, Answer: q.Answer, PublishedAt: q.PublishedAt.UTC()}
}

// publishQA publishes the answer to a request as an anonymised question and
// answer of its consultation (our own consultations only).
func (s *server) publishQA(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "La demande")
	if err != nil {
		return err
	}
	var in core.NewQA
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	q, err := s.core.PublishAnswer(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, qaView(*q))
}

// listConsultationQA lists the published questions and answers of one of our
// consultations.
func (s *server) listConsultationQA(w http.ResponseWriter, r *http.Request) error {
	page, err := s.core.PublishedQAs(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[qaJSON]{Items: items(page.Items, qaView)})
}

// listUnanswered lists the requests past a response due time without that
// response (supervisors; the goal is an empty list), oldest due first.
func (s *server) listUnanswered(w http.ResponseWriter, r *http.Request) error {
	limit, err := pageSize(r)
	if err != nil {
		return err
	}
	var after *ticket.Cursor
	if raw := r.URL.Query().Get("cursor"); raw != "" {
		if after, err = readTicketCursor(raw, "unanswered"); err != nil {
			return err
		}
	}
	pg, err := s.core.Unanswered(r.Context(), actorOf(r), after, limit)
	if err != nil {
		return err
	}
	out := page[ticketJSON]{Items: make([]ticketJSON, 0, len(pg.Items))}
	for _, tk := range pg.Items {
		out.Items = append(out.Items, ticketView(tk, s.core.Territory()))
	}
	if pg.Next != nil {
		out.NextCursor = ticketCursor("unanswered", *pg.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}

// notificationJSON is an SLA warning or breach.
type notificationJSON struct {
	ID        int64     `json:"id"`
	TicketID  int64     `json:"ticket_id"`
	Number    string    `json:"number"`
	Subject   string    `json:"subject"`
	Target    string    `json:"target"`
	Kind      string    `json:"kind"`
	DueAt     time.Time `json:"due_at"`
	CreatedAt time.Time `json:"created_at"`
}

// listNotifications lists the caller's SLA notifications, newest first, and
// marks the first page seen.
func (s *server) listNotifications(w http.ResponseWriter, r *http.Request) error {
	var before int64
	if raw := r.URL.Query().Get("cursor"); raw != "" {
		parts, err := decodeCursor(raw, "notifications", 2)
		if err != nil {
			return err
		}
		if before, err = cursorInt(parts[0]); err != nil {
			return err
		}
	}
	pg, err := s.core.Notifications(r.Context(), actorOf(r), before)
	if err != nil {
		return err
	}
	out := page[notificationJSON]{Items: items(pg.Items, func(n core.Notification) notificationJSON {
		return notificationJSON{ID: n.ID, TicketID: n.TicketID, Number: n.Number, Subject: n.Subject, Target: n.Target,
			Kind: n.Kind, DueAt: n.DueAt.UTC(), CreatedAt: n.CreatedAt.UTC()}
	})}
	if pg.Next != 0 {
		out.NextCursor = encodeCursor("notifications", strconv.FormatInt(pg.Next, 10))
	}
	return writeJSON(w, http.StatusOK, out)
}

// listAbsences lists the agents' absences that are not over.
func (s *server) listAbsences(w http.ResponseWriter, r *http.Request) error {
	as, err := s.core.Absences(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[routing.Absence]{Items: items(as, func(a routing.Absence) routing.Absence { return a })})
}

// createAbsence records an agent's leave (supervisors and admins).
func (s *server) createAbsence(w http.ResponseWriter, r *http.Request) error {
	var in routing.Absence
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	in.ID = 0
	a, err := s.core.AddAbsence(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}

// deleteAbsence removes an absence.
func (s *server) deleteAbsence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "L'absence")
	if err != nil {
		return err
	}
	if err := s.core.DeleteAbsence(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
