package api

import (
	"net/http"

	"github.com/guichet/guichet/internal/report"
)

// weeklyReport shows the figures of a week (?week=2026-W47) or of any period
// (?from=2026-11-01&to=2026-11-30), optionally for one team, channel or topic:
// the same figures as the dashboard, the weekly report and the CSV export.
func (s *server) weeklyReport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := report.ParsePeriod(q.Get("week"), q.Get("from"), q.Get("to"), s.core.Now(), s.core.Location())
	if err != nil {
		return err
	}
	f := report.Filter{Team: q.Get("team"), Channel: q.Get("channel"), Topic: q.Get("topic")}
	fig, err := s.core.Figures(r.Context(), actorOf(r), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reportView(&fig))
}

// reportJSON is the figures of a period.
type reportJSON struct {
	Period  periodJSON   `json:"period"`
	Filter  filterJSON   `json:"filter"`
	Figures []figureJSON `json:"figures"`
}

type periodJSON struct {
	Kind  string  `json:"kind"`
	Week  *string `json:"week"`
	From  string  `json:"from"` // first day
	To    string  `json:"to"`   // last day, included
	Label string  `json:"label"`
}

type filterJSON struct {
	Team    *string `json:"team"`
	Channel *string `json:"channel"`
	Topic   *string `json:"topic"`
}

// figureJSON is one figure, or one line of a breakdown (key set).
type figureJSON struct {
	ID          string   `json:"id"`
	Key         *string  `json:"key"`
	Label       string   `json:"label"`
	Unit        string   `json:"unit"`
	Value       *float64 `json:"value"` // null when it cannot be computed
	Text        string   `json:"text"`
	Numerator   int      `json:"numerator"`
	Denominator *int     `json:"denominator"`
	Help        string   `json:"help"`
}

func reportView(f *report.Figures) reportJSON {
	out := reportJSON{
		Period: periodJSON{Kind: f.Period.Kind, From: f.Period.From.Format("2006-01-02"),
			To: f.Period.Last().Format("2006-01-02"), Label: f.Period.Label()},
		Filter: filterJSON{Team: nonEmpty(f.Filter.Team), Channel: nonEmpty(f.Filter.Channel), Topic: nonEmpty(f.Filter.Topic)},
	}
	if f.Period.Kind == report.KindWeek {
		out.Period.Week = nonEmpty(f.Period.ISOWeek())
	}
	for _, r := range f.Rows() {
		fj := figureJSON{ID: r.ID, Key: nonEmpty(r.Key), Label: r.Label, Unit: string(r.Unit), Text: r.Text(),
			Numerator: r.Num, Help: report.Define(r.ID).Help}
		if r.Defined {
			fj.Value = &r.Value
		}
		if r.Unit == report.Share {
			fj.Denominator = &r.Den
		}
		out.Figures = append(out.Figures, fj)
	}
	return out
}

// reportQuery are the parameters of the figures.
var reportQuery = []string{"week", "from", "to", "team", "channel", "topic"}
