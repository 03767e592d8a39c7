package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// ticketFilter reads the query of GET /tickets, reporting every bad parameter at
// once under its own name.
func (s *server) ticketFilter(r *http.Request) (ticket.Filter, error) {
	q := r.URL.Query()
	var f errs.Fields
	filter := ticket.Filter{
		States:   enums(&f, r, "state", ticket.State.Valid, "état", ticket.States()),
		Channels: enums(&f, r, "channel", ticket.Channel.Valid, "canal", ticket.Channels()),
		Scopes:   enums(&f, r, "scope", ticket.Scope.Valid, "périmètre", ticket.Scopes()),
		Topics:   values(r, "topic"), TeamIDs: values(r, "team"),
		ConsultationRef: strings.TrimSpace(q.Get("consultation")), Text: strings.TrimSpace(q.Get("q")),
		Sort: ticket.Sort(q.Get("sort")),
	}
	if filter.Sort == "" {
		filter.Sort = ticket.NewestFirst
	}
	if !filter.Sort.Valid() {
		f.Add("sort", fmt.Sprintf("tri inconnu « %s » (created_desc, created_asc ou due_asc)", filter.Sort))
	}
	readAssignee(&f, q.Get("assignee"), &filter)
	if raw := q.Get("company"); raw != "" {
		siret, err := company.NormalizeSIRET(raw)
		f.AddErr("company", err)
		filter.CompanySIRET = siret
	}
	filter.CreatedFrom = s.day(&f, "created_from", q.Get("created_from"), false)
	filter.CreatedTo = s.day(&f, "created_to", q.Get("created_to"), true)
	s.figureFilter(&f, r, &filter)
	var err error
	if filter.Limit, err = pageSize(r); err != nil {
		f.AddErr("", err)
	}
	if raw := q.Get("cursor"); raw != "" && filter.Sort.Valid() {
		filter.After, err = readTicketCursor(raw, filter.Sort)
		f.AddErr("", err)
	}
	return filter, f.Err()
}

// figureQuery are the parameters figureFilter reads.
var figureQuery = []string{"outcome", "resolved_from", "resolved_to", "answered_from", "answered_to", "due", "due_from",
	"due_to", "sla", "past_due", "held_by", "rated", "rating", "rated_from", "rated_to", "surveyed_from",
	"surveyed_to", "departement", "size"}

// figureFilter reads the filters that select the requests a report figure counts
// (docs/reports.md, "Drill-down"): outcome, resolution, first response, due time
// and whether it was met, past due at an instant, team held, rating, survey,
// company département and size.
func (s *server) figureFilter(f *errs.Fields, r *http.Request, filter *ticket.Filter) {
	q := r.URL.Query()
	span := func(name string) (time.Time, time.Time) {
		from := s.day(f, name+"_from", q.Get(name+"_from"), false)
		to := s.day(f, name+"_to", q.Get(name+"_to"), true)
		if !from.IsZero() && !to.IsZero() && !from.Before(to) {
			f.Add(name+"_to", "la fin de la période précède son début")
		}
		return from, to
	}
	filter.Outcomes = enums(f, r, "outcome", func(o ticket.Outcome) bool { return o != "" && o.Valid() }, "résultat",
		ticket.Outcomes())
	filter.ResolvedFrom, filter.ResolvedTo = span("resolved")
	filter.AnsweredFrom, filter.AnsweredTo = span("answered")
	from, to := span("due")
	switch due := q.Get("due"); due {
	case "", "first":
		filter.DueFirstFrom, filter.DueFirstTo = from, to
	case "resolution":
		filter.DueResolutionFrom, filter.DueResolutionTo = from, to
	default:
		f.Add("due", fmt.Sprintf("échéance inconnue « %s » (first ou resolution)", due))
	}
	switch filter.SLAMet = q.Get("sla"); filter.SLAMet {
	case "", "met", "missed":
	default:
		f.Add("sla", fmt.Sprintf("valeur inconnue « %s » (met ou missed)", filter.SLAMet))
	}
	filter.PastDueAt = s.day(f, "past_due", q.Get("past_due"), true)
	filter.HeldBy = strings.TrimSpace(q.Get("held_by"))
	switch filter.Rated = q.Get("rated"); filter.Rated {
	case "", "online", "phone":
	default:
		f.Add("rated", fmt.Sprintf("valeur inconnue « %s » (online ou phone)", filter.Rated))
	}
	if raw := q.Get("rating"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 5 {
			f.Add("rating", fmt.Sprintf("note de 1 à 5 attendue, reçu « %s »", raw))
		}
		filter.Rating = n
	}
	filter.RatedFrom, filter.RatedTo = span("rated")
	filter.SurveyedFrom, filter.SurveyedTo = span("surveyed")
	filter.Departements = values(r, "departement")
	for _, raw := range values(r, "size") {
		size, err := company.ParseSize(raw)
		f.AddErr("size", err)
		filter.CompanySizes = append(filter.CompanySizes, string(size))
	}
}

// enums reads a repeatable parameter whose values are a closed list.
func enums[T ~string](f *errs.Fields, r *http.Request, name string, valid func(T) bool, what string, all []T) []T {
	var out []T
	for _, v := range values(r, name) {
		if !valid(T(v)) {
			f.Add(name, fmt.Sprintf("%s inconnu « %s » (%s)", what, v, joinValues(all)))
			continue
		}
		out = append(out, T(v))
	}
	return out
}

func joinValues[T ~string](all []T) string {
	s := make([]string, len(all))
	for i, v := range all {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// readAssignee reads assignee: a user id, or "none" for unassigned requests.
func readAssignee(f *errs.Fields, raw string, filter *ticket.Filter) {
	switch raw = strings.TrimSpace(raw); raw {
	case "":
	case "none":
		filter.Unassigned = true
	default:
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			f.Add("assignee", fmt.Sprintf("identifiant d'agent ou « none » attendu, reçu « %s »", raw))
		}
		filter.AssigneeID = id
	}
}

// day reads a bound of created_from/created_to: an RFC 3339 instant, or a date
// (YYYY-MM-DD) in the cell's time zone. A date as upper bound includes its whole
// day, as people mean "up to the 30th": the bound becomes the next midnight.
func (s *server) day(f *errs.Fields, name, raw string, upper bool) time.Time {
	if raw == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t
	}
	d, err := time.ParseInLocation(time.DateOnly, raw, s.core.Location())
	if err != nil {
		f.Add(name, fmt.Sprintf("date (2026-11-24) ou instant RFC 3339 (2026-11-24T10:00:00+01:00) attendu, reçu « %s »", raw))
		return time.Time{}
	}
	if upper {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// ticketCursor encodes the position after the last ticket of a page, with its
// order, so that a cursor is never applied to another order.
func ticketCursor(sort ticket.Sort, c ticket.Cursor) *string {
	return encodeCursor(string(sort), strconv.FormatInt(c.Key.UnixMicro(), 10), strconv.FormatInt(c.ID, 10))
}

func readTicketCursor(raw string, sort ticket.Sort) (*ticket.Cursor, error) {
	parts, err := decodeCursor(raw, string(sort), 3)
	if err != nil {
		return nil, err
	}
	key, err := cursorInt(parts[0])
	if err != nil {
		return nil, err
	}
	id, err := cursorInt(parts[1])
	if err != nil {
		return nil, err
	}
	return &ticket.Cursor{Key: time.UnixMicro(key).UTC(), ID: id}, nil
}
