package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/ticket"
)

// The inbox's chips: the filters of a dashboard figure's list (drillKeys) that
// the form has no field for. Each says in words what it keeps, « Résolues entre
// le 3 et le 9 novembre 2026 », and links to the same list without it, so that
// an agent arriving from the dashboard sees why the list is short and widens it
// one filter at a time.

// chip is one filter of the list that the form does not show.
type chip struct {
	Text      string // what the filter keeps, or why it was refused
	RemoveURL string // the list's first page without this filter, the others kept
	Invalid   bool   // the value was refused (the page answers 422): the text quotes it
}

// chipMaker builds the chips of one query, in drillKeys order.
type chipMaker struct {
	l      lang
	loc    *time.Location
	q      inboxQuery
	teams  []ticket.Team
	errors map[string]string // the form's errors by parameter
	out    []chip
}

// drillChips lists the chips of q and the address of the list without any of
// them ("Tout effacer": the form's own filters and the view stay).
func drillChips(l lang, loc *time.Location, q inboxQuery, teams []ticket.Team, errors map[string]string) ([]chip, string) {
	if len(q.Drill) == 0 {
		return nil, ""
	}
	c := &chipMaker{l: l, loc: loc, q: q, teams: teams, errors: errors}
	d := q.Drill
	c.add(func() string { return l.T("chips.outcome", l.T("outcome."+d["outcome"])) }, "outcome")
	c.period("chips.resolved", "resolved")
	c.period("chips.answered", "answered")
	c.due()
	c.add(func() string { return l.T("chips.past_due", c.bound(d["past_due"], true)) }, "past_due")
	c.add(func() string { return l.T("chips.held_by", c.teamName(d["held_by"])) }, "held_by")
	c.add(c.rating, "rated", "rating")
	c.period("chips.rated_period", "rated")
	c.period("chips.surveyed", "surveyed")
	c.add(c.departements, "departement")
	c.add(c.size, "size")
	return c.out, q.without(drillKeys...)
}

// add makes the chip of the parameters keys when one of them is set: its text,
// or the refused value and why, and the list without those parameters.
func (c *chipMaker) add(text func() string, keys ...string) {
	c.addRelated(text, keys, nil, nil)
}

// addRelated is add for a chip whose meaning also depends on the parameters
// check (a refused one makes it refused too); its removal drops drop as well.
func (c *chipMaker) addRelated(text func() string, keys, check, drop []string) {
	var set []string
	for _, k := range keys {
		if c.q.Drill[k] != "" {
			set = append(set, k)
		}
	}
	if len(set) == 0 {
		return
	}
	ch := chip{RemoveURL: c.q.without(append(set, drop...)...)}
	for _, k := range append(set, check...) {
		if msg := c.errors[k]; msg != "" {
			ch.Invalid = true
			ch.Text = c.l.T("chips.invalid", k+"="+c.q.Drill[k], msg)
			break
		}
	}
	if !ch.Invalid {
		ch.Text = text()
	}
	c.out = append(c.out, ch)
}

// period is the chip of a range name_from, name_to.
func (c *chipMaker) period(key, name string) {
	from, to := name+"_from", name+"_to"
	c.add(func() string { return c.l.T(key, c.span(c.q.Drill[from], c.q.Drill[to])) }, from, to)
}

// due makes the chips of the SLA figures' lists: the range of due times and
// whether they were met. "due" says which due time both speak of; it goes with
// the last of the two chips removed. Without a range of first-response due
// times, "met" is judged on the resolution (internal/store, figureWhere): the
// chip says what the list does.
func (c *chipMaker) due() {
	d := c.q.Drill
	hasRange, hasSLA := d["due_from"] != "" || d["due_to"] != "", d["sla"] != ""
	rangeKind, slaKind := "first", "resolution"
	if d["due"] == "resolution" {
		rangeKind = "resolution"
	}
	if hasRange {
		slaKind = rangeKind
	}
	// "due" goes with a chip when the other one is not there.
	dropDue := func(other bool) []string {
		if d["due"] != "" && !other {
			return []string{"due"}
		}
		return nil
	}
	c.addRelated(func() string { return c.l.T("chips.due_"+rangeKind, c.span(d["due_from"], d["due_to"])) },
		[]string{"due_from", "due_to"}, []string{"due"}, dropDue(hasSLA))
	c.addRelated(func() string { return c.l.T("chips.sla_" + slaKind + "_" + d["sla"]) },
		[]string{"sla"}, []string{"due"}, dropDue(hasRange))
	if !hasRange && !hasSLA && c.errors["due"] != "" {
		c.add(nil, "due") // alone it filters nothing; refused, it is shown to be removed
	}
}

// rating is the text of the rating chip: the note and where it was given.
func (c *chipMaker) rating() string {
	d := c.q.Drill
	if d["rating"] == "" {
		return c.l.T("chips.rated_" + d["rated"])
	}
	n, _ := strconv.Atoi(d["rating"])
	if d["rated"] == "" {
		return c.l.T("chips.rating", n)
	}
	return c.l.T("chips.rating_"+d["rated"], n)
}

// departements is the text of the département chip: « Départements : 01, 38, 69 ».
func (c *chipMaker) departements() string {
	var deps []string
	for _, dep := range strings.Split(c.q.Drill["departement"], ",") {
		if dep = strings.TrimSpace(dep); dep != "" {
			deps = append(deps, dep)
		}
	}
	return c.l.T(plural(c.l, "chips.departement", len(deps)), strings.Join(deps, ", "))
}

// size is the text of the size chip: « Taille : TPE ».
func (c *chipMaker) size() string {
	s, _ := company.ParseSize(c.q.Drill["size"])
	name := strings.ToUpper(string(s))
	if s == company.SizeUnknown {
		name = c.l.T("company.size.unknown")
	}
	return c.l.T("chips.size", name)
}

// span writes a range of the query in words; bound one bound in full.
func (c *chipMaker) span(from, to string) string { return spanWords(c.l, c.loc, from, to) }

func (c *chipMaker) bound(raw string, upper bool) string { return boundWords(c.l, c.loc, raw, upper) }

// teamName is a team's name, its id when unknown.
func (c *chipMaker) teamName(id string) string {
	for _, t := range c.teams {
		if t.ID == id {
			return t.Name
		}
	}
	return id
}

// without is the address of the list's first page without the parameters keys.
func (q inboxQuery) without(keys ...string) string {
	v := q.values()
	for _, k := range keys {
		v.Del(k)
	}
	if len(v) == 0 {
		return "/agent"
	}
	return "/agent?" + v.Encode()
}
