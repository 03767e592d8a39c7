package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// view is one of the inbox's ready-made selections. Filters typed in the form
// narrow it; an explicit state or sort replaces the view's own.
type view struct {
	ID    string
	apply func(f *ticket.Filter, a access.Actor)
	// forTeams: shown only to the members of a thematic service.
	forTeams bool
}

// active are the states of a request someone still has to work on.
var active = []ticket.State{ticket.New, ticket.Open, ticket.WaitingCompany, ticket.Escalated}

// views are the inbox's tabs, in order; the first is the default.
var views = []view{
	{ID: "todo", apply: func(f *ticket.Filter, _ access.Actor) { f.States = []ticket.State{ticket.New, ticket.Open} }},
	{ID: "mine", apply: func(f *ticket.Filter, a access.Actor) { f.AssigneeID, f.States = a.UserID, active }},
	{ID: "unassigned", apply: func(f *ticket.Filter, _ access.Actor) { f.Unassigned, f.States = true, active }},
	{ID: "service", forTeams: true, apply: func(f *ticket.Filter, a access.Actor) {
		f.TeamIDs, f.States = []string{a.TeamID}, []ticket.State{ticket.Escalated}
	}},
	{ID: "waiting", apply: func(f *ticket.Filter, _ access.Actor) { f.States = []ticket.State{ticket.WaitingCompany} }},
	{ID: "due", apply: func(f *ticket.Filter, _ access.Actor) { f.Sort = ticket.DueFirst }},
	{ID: "all", apply: func(*ticket.Filter, access.Actor) {}},
}

// visibleViews are the tabs an actor sees.
func visibleViews(a access.Actor) []view {
	var out []view
	for _, v := range views {
		if !v.forTeams || (a.TeamID != "" && a.TeamID != ticket.CellTeamID) {
			out = append(out, v)
		}
	}
	return out
}

// inboxQuery is the inbox's address read back: the view, the filters as typed
// (to fill the form again) and the cursor of the page.
type inboxQuery struct {
	View         string
	State        string
	Channel      string
	Topic        string
	Scope        string
	Team         string
	Company      string
	Consultation string
	Agent        string // "me", "none" or an account id
	From, To     string // the creation period, days "2026-11-24", both included
	Q            string
	Sort         string
	After        string
	// Drill holds the filters of a dashboard figure's list (drillKeys), which the
	// dashboard's links carry and the form does not show.
	Drill map[string]string
}

// drillKeys are the query parameters of a dashboard figure's list, in order
// (docs/reports.md, "Drill-down"). A bound is a day ("2026-11-24"; a "_to" bound
// includes it) or an instant in RFC 3339 ("2026-11-24T09:00:00Z", excluded).
var drillKeys = []string{"outcome", "resolved_from", "resolved_to", "answered_from", "answered_to", "due",
	"due_from", "due_to", "sla", "past_due", "held_by", "rated", "rating", "rated_from", "rated_to",
	"surveyed_from", "surveyed_to", "departement", "size"}

// filterKeys are the query parameters a filter form and a link carry, in order.
var filterKeys = []string{"view", "state", "channel", "topic", "scope", "team", "company", "consultation", "agent",
	"created_from", "created_to", "q", "sort"}

func readInboxQuery(q url.Values) inboxQuery {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	return inboxQuery{View: get("view"), State: get("state"), Channel: get("channel"), Topic: get("topic"),
		Scope: get("scope"), Team: get("team"), Company: get("company"), Consultation: get("consultation"),
		Agent: get("agent"), From: get("created_from"), To: get("created_to"), Q: get("q"), Sort: get("sort"),
		After: get("after"), Drill: readDrill(q)}
}

func readDrill(q url.Values) map[string]string {
	var out map[string]string
	for _, k := range drillKeys {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = v
		}
	}
	return out
}

// values is the query without the cursor: the address of the first page.
func (q inboxQuery) values() url.Values {
	v := url.Values{}
	for i, val := range []string{q.View, q.State, q.Channel, q.Topic, q.Scope, q.Team, q.Company, q.Consultation,
		q.Agent, q.From, q.To, q.Q, q.Sort} {
		if val != "" {
			v.Set(filterKeys[i], val)
		}
	}
	for _, k := range drillKeys {
		if val := q.Drill[k]; val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// filter turns the query into the filter core runs, reporting every bad value
// under its parameter's name.
func (q inboxQuery) filter(a access.Actor, loc *time.Location, limit int) (ticket.Filter, view, error) {
	vw := findView(q.View, a)
	f := ticket.Filter{Limit: limit, Topics: list(q.Topic), TeamIDs: list(q.Team), Text: q.Q,
		ConsultationRef: q.Consultation}
	vw.apply(&f, a)
	var fe errs.Fields
	if q.State != "" {
		f.States = closed(&fe, "state", q.State, ticket.State.Valid)
	}
	f.Channels = closed(&fe, "channel", q.Channel, ticket.Channel.Valid)
	f.Scopes = closed(&fe, "scope", q.Scope, ticket.Scope.Valid)
	if q.Company != "" {
		siret, err := company.NormalizeSIRET(q.Company)
		fe.AddErr("company", err)
		f.CompanySIRET = siret
	}
	q.agent(&fe, &f, a)
	f.CreatedFrom = day(&fe, "created_from", q.From, loc, 0)
	f.CreatedTo = day(&fe, "created_to", q.To, loc, 1) // the whole last day
	if !f.CreatedFrom.IsZero() && !f.CreatedTo.IsZero() && !f.CreatedFrom.Before(f.CreatedTo) {
		fe.Add("created_to", "la fin de la période précède son début")
	}
	q.drill(&fe, &f, loc)
	if q.Sort != "" {
		if f.Sort = ticket.Sort(q.Sort); !f.Sort.Valid() {
			fe.Add("sort", fmt.Sprintf("tri inconnu « %s »", q.Sort))
		}
	}
	if f.Sort == "" {
		f.Sort = ticket.NewestFirst
	}
	if q.After != "" {
		c, err := readCursor(q.After)
		fe.AddErr("after", err)
		f.After = c
	}
	return f, vw, fe.Err()
}

func findView(id string, a access.Actor) view {
	for _, v := range visibleViews(a) {
		if v.ID == id {
			return v
		}
	}
	return views[0]
}

// closed reads a value of a closed list (one value: the form has one select).
func closed[T ~string](fe *errs.Fields, name, raw string, valid func(T) bool) []T {
	if raw == "" {
		return nil
	}
	if !valid(T(raw)) {
		fe.Add(name, fmt.Sprintf("valeur inconnue « %s »", raw))
		return nil
	}
	return []T{T(raw)}
}

func list(raw string) []string {
	if raw == "" {
		return nil
	}
	return []string{raw}
}

// The cursor of the next page is the last row's sort key and id, "KEY_ID", the
// key in microseconds: short, readable in a shared link, and enough for keyset
// pagination (docs/architecture.md). The sort is in the address beside it.
func writeCursor(c *ticket.Cursor) string {
	return strconv.FormatInt(c.Key.UnixMicro(), 10) + "_" + strconv.FormatInt(c.ID, 10)
}

func readCursor(raw string) (*ticket.Cursor, error) {
	key, id, ok := strings.Cut(raw, "_")
	k, err1 := strconv.ParseInt(key, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 {
		return nil, errs.Field("after", "position de page illisible : repartez de la première page")
	}
	return &ticket.Cursor{Key: time.UnixMicro(k).UTC(), ID: n}, nil
}

// agent reads the agent filter: "me", "none" (nobody assigned) or an account id.
// It replaces the assignee part of the view (a view "mine" filtered on another
// agent shows that agent's).
func (q inboxQuery) agent(fe *errs.Fields, f *ticket.Filter, a access.Actor) {
	switch q.Agent {
	case "":
	case "me":
		f.AssigneeID, f.Unassigned = a.UserID, false
	case "none":
		f.AssigneeID, f.Unassigned = 0, true
	default:
		id, err := strconv.ParseInt(q.Agent, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("agent", fmt.Sprintf("agent inconnu « %s »", q.Agent))
			return
		}
		f.AssigneeID, f.Unassigned = id, false
	}
}

// day reads a date of the period filter ("2026-11-24", as an <input type=date>
// sends it; "24/11/2026" as a French agent may type it without one) as the start
// of that day, plus days, in the cell's time zone.
func day(fe *errs.Fields, name, raw string, loc *time.Location, days int) time.Time {
	if raw == "" {
		return time.Time{}
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006"} {
		if d, err := time.ParseInLocation(layout, raw, loc); err == nil {
			return d.AddDate(0, 0, days)
		}
	}
	fe.Add(name, fmt.Sprintf("date illisible « %s » (jj/mm/aaaa)", raw))
	return time.Time{}
}

// drill reads the filters of a dashboard figure's list.
func (q inboxQuery) drill(fe *errs.Fields, f *ticket.Filter, loc *time.Location) {
	d := q.Drill
	if len(d) == 0 {
		return
	}
	f.Outcomes = closed(fe, "outcome", d["outcome"], func(o ticket.Outcome) bool { return o.Valid() && o != "" })
	f.ResolvedFrom, f.ResolvedTo = bounds(fe, "resolved", d, loc)
	f.AnsweredFrom, f.AnsweredTo = bounds(fe, "answered", d, loc)
	from, to := bounds(fe, "due", d, loc)
	switch d["due"] {
	case "", "first":
		f.DueFirstFrom, f.DueFirstTo = from, to
	case "resolution":
		f.DueResolutionFrom, f.DueResolutionTo = from, to
	default:
		fe.Add("due", fmt.Sprintf("échéance inconnue « %s » (first ou resolution)", d["due"]))
	}
	switch f.SLAMet = d["sla"]; f.SLAMet {
	case "", "met", "missed":
	default:
		fe.Add("sla", fmt.Sprintf("valeur inconnue « %s » (met ou missed)", f.SLAMet))
	}
	if raw := d["past_due"]; raw != "" {
		f.PastDueAt = bound(fe, "past_due", raw, loc, 1)
	}
	f.HeldBy = d["held_by"]
	switch f.Rated = d["rated"]; f.Rated {
	case "", "online", "phone":
	default:
		fe.Add("rated", fmt.Sprintf("valeur inconnue « %s » (online ou phone)", f.Rated))
	}
	if raw := d["rating"]; raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 5 {
			fe.Add("rating", fmt.Sprintf("note illisible « %s » (1 à 5)", raw))
		}
		f.Rating = n
	}
	f.RatedFrom, f.RatedTo = bounds(fe, "rated", d, loc)
	f.SurveyedFrom, f.SurveyedTo = bounds(fe, "surveyed", d, loc)
	if raw := d["departement"]; raw != "" {
		for _, dep := range strings.Split(raw, ",") {
			if dep = strings.TrimSpace(dep); dep != "" {
				f.Departements = append(f.Departements, dep)
			}
		}
	}
	if raw := d["size"]; raw != "" {
		size, err := company.ParseSize(raw)
		fe.AddErr("size", err)
		f.CompanySizes = []string{string(size)}
	}
}

// bounds reads the range name_from, name_to.
func bounds(fe *errs.Fields, name string, d map[string]string, loc *time.Location) (from, to time.Time) {
	if raw := d[name+"_from"]; raw != "" {
		from = bound(fe, name+"_from", raw, loc, 0)
	}
	if raw := d[name+"_to"]; raw != "" {
		to = bound(fe, name+"_to", raw, loc, 1)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		fe.Add(name+"_to", "la fin de la période précède son début")
	}
	return from, to
}

// bound reads an instant in RFC 3339, or a day as the start of that day plus days.
func bound(fe *errs.Fields, name, raw string, loc *time.Location, days int) time.Time {
	if t, err := time.Parse(time.RFC3339Nano, raw); err == nil {
		return t.UTC()
	}
	return day(fe, name, raw, loc, days)
}
