package web

import (
	"context"
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
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/ticket"
)

// The dashboard shows the cell's figures (internal/report defines them) for a
// week, a month, a year or any days, optionally for one team, channel or topic,
// beside the previous period and the same period a year before. Every number
// links to the inbox list behind it; every figure says how it is computed.

// dashQuery is the dashboard's address read back.
type dashQuery struct {
	Period  string // week, month, year or custom
	Week    string // 2026-W47
	Month   string // 2026-11
	Year    string // 2026
	From    string // custom: first day
	To      string // custom: last day
	Team    string
	Channel string
	Topic   string
}

func readDashQuery(q url.Values) dashQuery {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	return dashQuery{Period: get("period"), Week: get("week"), Month: get("month"), Year: get("year"),
		From: get("from"), To: get("to"), Team: get("team"), Channel: get("channel"), Topic: get("topic")}
}

// values is the query as an address.
func (q dashQuery) values() url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"period": q.Period, "week": q.Week, "month": q.Month, "year": q.Year,
		"from": q.From, "to": q.To, "team": q.Team, "channel": q.Channel, "topic": q.Topic} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// period reads the period; an empty value is the last complete week, the
// current month or the current year.
func (q dashQuery) period(now time.Time, loc *time.Location) (report.Period, error) {
	now = now.In(loc)
	switch q.Period {
	case "", report.KindWeek:
		if q.Week == "" {
			return report.WeekOf(now, loc).Previous(), nil
		}
		return report.ParseWeek(q.Week, loc)
	case report.KindMonth:
		if q.Month == "" {
			return report.Month(now.Year(), now.Month(), loc), nil
		}
		m, err := time.Parse("2006-01", q.Month)
		if err != nil {
			return report.Period{}, errs.Field("month", fmt.Sprintf("mois « %s » illisible (AAAA-MM)", q.Month))
		}
		return report.Month(m.Year(), m.Month(), loc), nil
	case report.KindYear:
		if q.Year == "" {
			return report.Year(now.Year(), loc), nil
		}
		y, err := strconv.Atoi(q.Year)
		if err != nil || y < 2000 || y > 2100 {
			return report.Period{}, errs.Field("year", fmt.Sprintf("année « %s » illisible", q.Year))
		}
		return report.Year(y, loc), nil
	case report.KindCustom:
		return report.Days(q.From, q.To, loc)
	}
	return report.Period{}, errs.Field("period", fmt.Sprintf("période inconnue « %s » (week, month, year ou custom)", q.Period))
}

func (q dashQuery) filter() report.Filter {
	return report.Filter{Team: q.Team, Channel: q.Channel, Topic: q.Topic}
}

// dashboardView is the dashboard screen.
type dashboardView struct {
	*labels
	Query     dashQuery
	Kinds     []string
	Channels  []ticket.Channel
	Errors    map[string]string
	Period    report.Period
	Previous  report.Period
	YearAgo   report.Period
	Figures   []dashFigure
	Charts    []dashChart
	Services  []dashFigure
	Consults  []dashFigure
	ExportCSV string
	ExportPDF string
	Shown     bool      // figures computed (no error)
	now       time.Time // when the figures were computed
	local     []string  // the territory's départements, for the local shares' lists
	// Deflection is the FAQ suggestions' figure (the knowledge base's, not one
	// of the weekly report's): shown, and sent anyway, per period.
	Deflection *dashFigure
}

// dashFigure is one line of the figures table.
type dashFigure struct {
	ID, Label, Help      string
	Value, Prev, YearAgo string
	URL                  string // the inbox list behind the number; "" when there is none
}

// dashChart is a chart with, for its data table, each bar's inbox link.
type dashChart struct {
	report.Chart
	Links []string
}

// dashboard shows the figures of a period.
func (s *server) dashboard(w http.ResponseWriter, r *http.Request, v *visit) error {
	lb, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	q := readDashQuery(r.URL.Query())
	d := &dashboardView{labels: lb, Query: q, Channels: ticket.Channels(),
		Kinds: []string{report.KindWeek, report.KindMonth, report.KindYear, report.KindCustom}}
	status := http.StatusOK
	p, err := q.period(s.now(), s.loc)
	d.now, d.local = s.now(), s.core.Territory().Departements
	if err == nil {
		var cmp core.Comparison
		if cmp, err = s.core.CompareFigures(r.Context(), v.actor, p, q.filter()); err == nil {
			d.fill(cmp)
			err = s.fillDeflection(r.Context(), v, d)
		}
	}
	var ce *errs.Error
	if errors.As(err, &ce) && ce.Code == errs.Invalid {
		d.Errors, status = fieldMap(ce), http.StatusUnprocessableEntity
	} else if err != nil {
		return err
	}
	return s.render(w, r, v, status, "dashboard", v.lang.T("dashboard.title"), d)
}

// fillDeflection adds the share of question-form visitors that FAQ suggestions
// answered, for the three periods.
func (s *server) fillDeflection(ctx context.Context, v *visit, d *dashboardView) error {
	text := func(p report.Period) (string, error) {
		df, err := s.core.DeflectionRate(ctx, v.actor, p.From, p.To)
		if err != nil || df.Shown == 0 {
			return v.lang.T("dashboard.deflection_none"), err
		}
		return fmt.Sprintf("%d\u202f%% (%d sur %d)", int(df.Rate*100+0.5), df.Shown-df.Sent, df.Shown), nil
	}
	f := dashFigure{ID: "deflection", Label: v.lang.T("dashboard.deflection"), Help: v.lang.T("dashboard.deflection_help")}
	var err error
	if f.Value, err = text(d.Period); err != nil {
		return err
	}
	if f.Prev, err = text(d.Previous); err != nil {
		return err
	}
	if f.YearAgo, err = text(d.YearAgo); err != nil {
		return err
	}
	d.Deflection = &f
	return nil
}

// fill lays out the three periods' figures.
func (d *dashboardView) fill(c core.Comparison) {
	d.Shown = true
	d.Period, d.Previous, d.YearAgo = c.Current.Period, c.Previous.Period, c.YearBefore.Period
	exp := d.Query.values()
	exp.Set("period", c.Current.Period.Kind)
	d.ExportCSV = "/agent/tableau-de-bord/chiffres.csv?" + exp.Encode()
	d.ExportPDF = "/agent/tableau-de-bord/rapport.pdf?" + exp.Encode()
	prev, ago := c.Previous.Rows(), c.YearBefore.Rows()
	for _, r := range c.Current.Rows() {
		f := dashFigure{ID: r.ID, Label: r.Label, Help: report.Define(r.ID).Help, Value: r.Text(),
			Prev: textOf(prev, r), YearAgo: textOf(ago, r), URL: d.drill(r)}
		switch r.ID {
		case "escalated":
			d.Services = append(d.Services, f)
		case "consultations":
			if f.Label = r.Key; r.Label != "" {
				f.Label += " — " + r.Label
			}
			d.Consults = append(d.Consults, f)
		case "volume_by_channel", "volume_by_week", "topics", "satisfaction_distribution":
			// shown as charts
		default:
			d.Figures = append(d.Figures, f)
		}
	}
	for _, ch := range c.Current.Charts() {
		dc := dashChart{Chart: ch}
		for _, b := range ch.Bars {
			dc.Links = append(dc.Links, d.drill(report.Row{ID: chartFigure[ch.ID], Key: b.Key}))
		}
		d.Charts = append(d.Charts, dc)
	}
}

// chartFigure is the figure each chart draws, for its links.
var chartFigure = map[string]string{"chart-channel": "volume_by_channel", "chart-week": "volume_by_week",
	"chart-topics": "topics", "chart-outcome": "outcome", "chart-satisfaction": "satisfaction_distribution"}

// textOf is the value of the same figure in another period's rows ("—" when it has none).
func textOf(rows []report.Row, r report.Row) string {
	for _, o := range rows {
		if o.ID == r.ID && o.Key == r.Key {
			return o.Text()
		}
	}
	return "—"
}

// drill is the inbox list behind a figure: exactly the requests the figure
// counts (for a share, its numerator), with the dashboard's filters — created in
// the period for the counts by creation, resolved in it for the outcomes and the
// resolution times, first answered in it for the response times, due in it for
// the SLA, rated in it for the satisfaction (docs/reports.md, "Drill-down").
func (d *dashboardView) drill(r report.Row) string {
	first, last := d.Period.From.Format("2006-01-02"), d.Period.Last().Format("2006-01-02")
	v := url.Values{"view": {"all"}}
	for k, val := range map[string]string{"team": d.Query.Team, "channel": d.Query.Channel, "topic": d.Query.Topic} {
		if val != "" {
			v.Set(k, val)
		}
	}
	span := func(name string) {
		v.Set(name+"_from", first)
		v.Set(name+"_to", last)
	}
	// What is decided by the end of the period, or by now for the current one.
	past := d.Period.To
	if !d.now.IsZero() && d.now.Before(past) {
		past = d.now
	}
	until := past.UTC().Format(time.RFC3339Nano)
	switch r.ID {
	case "volume":
		span("created")
	case "volume_by_channel":
		span("created")
		v.Set("channel", r.Key)
	case "topics":
		span("created")
		v.Set("topic", r.Key)
	case "consultations":
		span("created")
		v.Set("consultation", r.Key)
	case "escalated":
		span("created")
		v.Set("held_by", r.Key)
	case "share_local", "share_tpe_local":
		span("created")
		v.Set("departement", strings.Join(d.local, ","))
		if r.ID == "share_tpe_local" {
			v.Set("size", "tpe")
		}
	case "volume_by_week":
		w, err := report.ParseWeek(r.Key, d.Period.From.Location())
		if err != nil {
			return ""
		}
		v.Set("created_from", laterDay(w.From, d.Period.From))
		v.Set("created_to", earlierDay(w.Last(), d.Period.Last()))
	case "resolved", "resolution_median", "resolution_p90":
		span("resolved")
	case "handled_by_cell", "answered_by_service", "redirected", "off_topic", "outcome":
		span("resolved")
		v.Set("outcome", map[string]string{"handled_by_cell": "answered_by_cell", "answered_by_service": "answered_by_service",
			"redirected": "redirected_to_buyer", "off_topic": "off_topic", "outcome": r.Key}[r.ID])
	case "first_response_median", "first_response_p90":
		span("answered")
	case "sla_first_response", "sla_resolution":
		v.Set("due", map[bool]string{true: "first", false: "resolution"}[r.ID == "sla_first_response"])
		v.Set("due_from", first)
		v.Set("due_to", until)
		v.Set("sla", "met")
	case "past_due_unanswered":
		v.Set("past_due", until)
	case "satisfaction_mean", "satisfaction_ratings", "satisfaction_distribution":
		span("rated")
		v.Set("rated", "online")
		if r.ID == "satisfaction_distribution" {
			v.Set("rating", r.Key)
		}
	case "satisfaction_phone_mean", "satisfaction_phone_ratings":
		span("rated")
		v.Set("rated", "phone")
	case "satisfaction_response_rate":
		span("surveyed")
		v.Set("rated", "online")
	default:
		return ""
	}
	return "/agent?" + v.Encode()
}

func laterDay(a, b time.Time) string {
	if a.After(b) {
		return a.Format("2006-01-02")
	}
	return b.Format("2006-01-02")
}

func earlierDay(a, b time.Time) string {
	if a.Before(b) {
		return a.Format("2006-01-02")
	}
	return b.Format("2006-01-02")
}

// CanReadReports reports whether the viewer may open the dashboard: its link in
// the navigation.
func (p *page) CanReadReports() bool { return p.Actor.Can(access.ReadReports, "") }
