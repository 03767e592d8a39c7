package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/routing"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/ticket"
)

// adminRoutingView is the admin screen of the business calendar, the SLA
// policies and the routing rules. Each part is its own form; a refused post
// shows the page again with what was typed and every reason.
type adminRoutingView struct {
	*labels
	Days        []dayRow
	Alsace      bool
	Closures    string // one closure a line: "2026-12-24 2027-01-01 Fêtes"
	Holidays    string // one date a line
	Policies    []policyRow
	WarningLead string // business minutes
	Rules       []ruleRow
	Assignment  []assignRow
	Channels    []ticket.Channel
	Scopes      []ticket.Scope
	Priorities  []ticket.Priority
	Actions     []routing.Action
	Modes       []routing.Mode
	Failed      string   // "calendar", "policies" or "rules": the form the errors are about
	Errors      []string // every reason, "field : message"
	Done        string
}

type dayRow struct{ Key, Name, Spans string }

type policyRow struct {
	Name, Channel, Scope, Priority          string
	FirstResponse, Callback, Next, Resolved string
}

type ruleRow struct {
	Name, Scope, Topic, Action, TeamID string
	Auto, Active                       bool
}

type assignRow struct{ TeamID, Name, Mode string }

// CanManageRouting shows the admin screen's link in the navigation.
func (p *page) CanManageRouting() bool { return p.Actor.Can(access.ManageConfig, "") }

// adminRouting shows the configuration in force.
func (s *server) adminRouting(w http.ResponseWriter, r *http.Request, v *visit) error {
	cfg, err := s.core.RoutingConfig(r.Context(), v.actor)
	if err != nil {
		return err
	}
	view, err := s.routingView(r, cfg)
	if err != nil {
		return err
	}
	if d := r.URL.Query().Get("done"); d == "calendar" || d == "policies" || d == "rules" {
		view.Done = v.lang.T("admin_routing.done." + d)
	}
	return s.render(w, r, v, http.StatusOK, "admin_routing", v.lang.T("admin_routing.title"), view)
}

// routingView fills the screen from a configuration.
func (s *server) routingView(r *http.Request, cfg core.RoutingConfig) (*adminRoutingView, error) {
	lb, err := s.loadLabels(r.Context())
	if err != nil {
		return nil, err
	}
	view := &adminRoutingView{labels: lb, Alsace: cfg.Calendar.AlsaceMoselle, Channels: ticket.Channels(),
		Scopes: ticket.Scopes(), Priorities: ticket.Priorities(), Actions: routing.Actions(), Modes: routing.Modes(),
		WarningLead: strconv.Itoa(cfg.WarningLeadMinutes)}
	for _, wd := range weekOrder {
		var spans []string
		for _, sp := range cfg.Calendar.Hours[wd] {
			spans = append(spans, sp.String())
		}
		view.Days = append(view.Days, dayRow{sla.WeekdayKey(wd), sla.WeekdayFR(wd), strings.Join(spans, ", ")})
	}
	var lines []string
	for _, cl := range cfg.Calendar.Closures {
		lines = append(lines, strings.TrimSpace(cl.From.String()+" "+cl.To.String()+" "+cl.Reason))
	}
	view.Closures = strings.Join(lines, "\n")
	lines = nil
	for _, d := range cfg.Calendar.ExtraHolidays {
		lines = append(lines, d.String())
	}
	view.Holidays = strings.Join(lines, "\n")
	for _, p := range cfg.Policies {
		view.Policies = append(view.Policies, policyRow{p.Name, p.Channel, p.Scope, p.Priority, p.Targets.FirstResponse.Short(),
			p.Targets.Callback.Short(), p.Targets.NextResponse.Short(), p.Targets.Resolution.Short()})
	}
	view.Policies = append(view.Policies, policyRow{})
	for _, rl := range cfg.Rules {
		view.Rules = append(view.Rules, ruleRow{rl.Name, rl.Scope, rl.Topic, string(rl.Action), rl.TeamID, rl.Auto, rl.Active})
	}
	view.Rules = append(view.Rules, ruleRow{Active: true})
	for _, t := range activeTeams(lb.teams) {
		mode := cfg.Assignment[t.ID]
		if mode == "" {
			mode = routing.Manual
		}
		view.Assignment = append(view.Assignment, assignRow{t.ID, t.Name, string(mode)})
	}
	return view, nil
}

// weekOrder lists the days Monday first, as the French week goes.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// saveCalendar replaces the business calendar.
func (s *server) saveCalendar(w http.ResponseWriter, r *http.Request, v *visit) error {
	c, err := readCalendar(r.PostForm, s.loc)
	if err == nil {
		err = s.core.SaveCalendar(r.Context(), v.actor, c)
	} else {
		// Report what the calendar's own check says of the rest too, at once.
		var f errs.Fields
		f.AddErr("", err)
		f.AddErr("", c.Validate())
		err = f.Err()
	}
	return s.routingSaved(w, r, v, "calendar", err, func(view *adminRoutingView) {
		view.Alsace, view.Closures, view.Holidays = r.PostForm.Get("alsace_moselle") != "", r.PostForm.Get("closures"), r.PostForm.Get("extra_holidays")
		for i := range view.Days {
			view.Days[i].Spans = r.PostForm.Get("hours." + view.Days[i].Key)
		}
	})
}

// readCalendar reads the calendar form; what it cannot read is a field error.
func readCalendar(form url.Values, loc *time.Location) (sla.Calendar, error) {
	c := sla.Calendar{Location: loc, AlsaceMoselle: form.Get("alsace_moselle") != ""}
	var f errs.Fields
	for _, wd := range weekOrder {
		key := sla.WeekdayKey(wd)
		for _, part := range strings.Split(form.Get("hours."+key), ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			sp, err := sla.ParseSpan(strings.TrimSpace(part))
			if err != nil {
				f.Add("hours."+key, sla.WeekdayFR(wd)+" : "+err.Error())
				continue
			}
			c.Hours[wd] = append(c.Hours[wd], sp)
		}
	}
	for i, line := range nonEmptyLines(form.Get("closures")) {
		parts := strings.Fields(line)
		from, err1 := sla.ParseDate(first(parts, 0))
		to, err2 := sla.ParseDate(first(parts, 1))
		if err1 != nil || err2 != nil {
			f.Add("closures."+strconv.Itoa(i), fmt.Sprintf("ligne %d : « %s » illisible (AAAA-MM-JJ AAAA-MM-JJ motif)", i+1, line))
			continue
		}
		reason := ""
		if len(parts) > 2 {
			reason = strings.Join(parts[2:], " ")
		}
		c.Closures = append(c.Closures, sla.Closure{From: from, To: to, Reason: reason})
	}
	for i, line := range nonEmptyLines(form.Get("extra_holidays")) {
		d, err := sla.ParseDate(strings.TrimSpace(line))
		if err != nil {
			f.Add("extra_holidays."+strconv.Itoa(i), fmt.Sprintf("ligne %d : date « %s » illisible (AAAA-MM-JJ)", i+1, line))
			continue
		}
		c.ExtraHolidays = append(c.ExtraHolidays, d)
	}
	return c, f.Err()
}

// savePolicies replaces the SLA policies and the warning lead.
func (s *server) savePolicies(w http.ResponseWriter, r *http.Request, v *visit) error {
	ps, rows, err := readPolicies(r.PostForm)
	lead, convErr := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("warning_lead")))
	if convErr != nil {
		lead = 0
	}
	if err == nil {
		err = s.core.SavePolicies(r.Context(), v.actor, ps)
	}
	if err == nil {
		err = s.core.SaveWarningLead(r.Context(), v.actor, lead)
	}
	return s.routingSaved(w, r, v, "policies", err, func(view *adminRoutingView) {
		view.Policies, view.WarningLead = rows, r.PostForm.Get("warning_lead")
	})
}

// readPolicies reads the policy rows; a row without a name and targets is the
// empty row for a new policy, skipped.
func readPolicies(form url.Values) (sla.Policies, []policyRow, error) {
	var ps sla.Policies
	var rows []policyRow
	var f errs.Fields
	for i := 0; form.Has("p" + strconv.Itoa(i) + ".name"); i++ {
		get := func(k string) string { return strings.TrimSpace(form.Get("p" + strconv.Itoa(i) + "." + k)) }
		row := policyRow{get("name"), get("channel"), get("scope"), get("priority"), get("first_response"), get("callback"), get("next_response"), get("resolution")}
		rows = append(rows, row)
		if row == (policyRow{}) {
			continue
		}
		p := sla.Policy{Name: row.Name, Channel: row.Channel, Scope: row.Scope, Priority: row.Priority}
		for _, t := range []struct {
			key, text string
			dst       *sla.Target
		}{{"first_response", row.FirstResponse, &p.Targets.FirstResponse}, {"callback", row.Callback, &p.Targets.Callback},
			{"next_response", row.Next, &p.Targets.NextResponse}, {"resolution", row.Resolved, &p.Targets.Resolution}} {
			tg, err := sla.ParseTarget(t.text)
			if err != nil {
				f.Add(fmt.Sprintf("policies.%d.targets.%s", len(ps), t.key), fmt.Sprintf("politique %d : %v", len(ps)+1, err))
			}
			*t.dst = tg
		}
		ps = append(ps, p)
	}
	return ps, append(rows, policyRow{}), f.Err()
}

// saveRules replaces the routing rules and the assignment modes.
func (s *server) saveRules(w http.ResponseWriter, r *http.Request, v *visit) error {
	var rules routing.Rules
	var rows []ruleRow
	for i := 0; r.PostForm.Has("r" + strconv.Itoa(i) + ".name"); i++ {
		get := func(k string) string { return strings.TrimSpace(r.PostForm.Get("r" + strconv.Itoa(i) + "." + k)) }
		row := ruleRow{get("name"), get("scope"), get("topic"), get("action"), get("team_id"), get("auto") != "", get("active") != ""}
		rows = append(rows, row)
		if row.Name == "" && row.Action == "" {
			continue
		}
		rules = append(rules, routing.Rule{Name: row.Name, Scope: row.Scope, Topic: row.Topic, Action: routing.Action(row.Action),
			TeamID: row.TeamID, Auto: row.Auto, Active: row.Active})
	}
	as := routing.Assignment{}
	for key, vals := range r.PostForm {
		if team, ok := strings.CutPrefix(key, "mode."); ok && len(vals) > 0 && vals[0] != string(routing.Manual) {
			as[team] = routing.Mode(vals[0])
		}
	}
	err := s.core.SaveRouting(r.Context(), v.actor, rules, as)
	return s.routingSaved(w, r, v, "rules", err, func(view *adminRoutingView) {
		view.Rules = append(rows, ruleRow{Active: true})
		for i := range view.Assignment {
			view.Assignment[i].Mode = r.PostForm.Get("mode." + view.Assignment[i].TeamID)
		}
	})
}

// routingSaved goes back to the screen after a save, or shows it again with
// what was typed (keep) and every reason when the input was refused.
func (s *server) routingSaved(w http.ResponseWriter, r *http.Request, v *visit, form string, err error, keep func(*adminRoutingView)) error {
	if err == nil {
		http.Redirect(w, r, "/agent/admin/routage?done="+form+"#"+form, http.StatusSeeOther)
		return nil
	}
	var ce *errs.Error
	if !errors.As(err, &ce) || ce.Code != errs.Invalid {
		return err
	}
	cfg, lerr := s.core.RoutingConfig(r.Context(), v.actor)
	if lerr != nil {
		return lerr
	}
	view, lerr := s.routingView(r, cfg)
	if lerr != nil {
		return lerr
	}
	keep(view)
	view.Failed = form
	for _, fe := range ce.Fields {
		view.Errors = append(view.Errors, fe.Message)
	}
	if len(view.Errors) == 0 {
		view.Errors = []string{ce.Message}
	}
	return s.render(w, r, v, http.StatusUnprocessableEntity, "admin_routing", v.lang.T("admin_routing.title"), view)
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func first(parts []string, i int) string {
	if i < len(parts) {
		return parts[i]
	}
	return ""
}
