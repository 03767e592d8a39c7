package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Row is one value of the figures, flat: the CSV writes one line per row, the API
// one item, the report and the dashboard one table cell. A breakdown (by channel,
// by topic, …) is several rows of one figure, each with its Key.
type Row struct {
	ID      string  // the figure's identifier (Definition.ID)
	Key     string  // within a breakdown: the channel, topic, team, week, note…; "" otherwise
	Label   string  // the figure's label, or the breakdown line's
	Value   float64 // in the figure's unit: a count, a share 0–1, business hours, a mean /5
	Defined bool    // false when the value cannot be computed (no denominator, no data)
	Num     int     // for shares: numerator; for times and means: the number of values
	Den     int     // for shares: denominator
	Unit    Unit
}

// Rows flattens the figures in report order.
func (f *Figures) Rows() []Row {
	var out []Row
	count := func(id string, n int) { out = append(out, countRow(id, "", Define(id).Label, n)) }
	ratio := func(id string, r Ratio) { out = append(out, ratioRow(id, "", Define(id).Label, r)) }
	hours := func(id string, t Timing, d time.Duration) {
		out = append(out, Row{ID: id, Label: Define(id).Label, Value: round(d.Hours(), 2), Defined: t.N > 0,
			Num: t.N, Unit: Hours})
	}
	score := func(id string, r Rating) {
		out = append(out, Row{ID: id, Label: Define(id).Label, Value: round(r.Mean(), 2), Defined: r.N() > 0,
			Num: r.N(), Unit: Score})
	}
	count("volume", f.Volume)
	for _, b := range f.ByChannel {
		out = append(out, countRow("volume_by_channel", b.Key, b.Label, b.N))
	}
	for _, b := range f.ByWeek {
		out = append(out, countRow("volume_by_week", b.Key, b.Label, b.N))
	}
	ratio("share_local", f.Local)
	ratio("share_tpe_local", f.TPELocal)
	count("resolved", f.Resolved)
	ratio("handled_by_cell", f.HandledByCell)
	ratio("answered_by_service", f.AnsweredByService)
	ratio("redirected", f.Redirected)
	ratio("off_topic", f.OffTopic)
	for _, b := range f.Escalated {
		out = append(out, ratioRow("escalated", b.Key, b.Label, Ratio{b.N, f.Volume}))
	}
	for _, b := range f.Topics {
		out = append(out, countRow("topics", b.Key, b.Label, b.N))
	}
	for _, b := range f.Consultations {
		out = append(out, countRow("consultations", b.Key, b.Label, b.N))
	}
	hours("first_response_median", f.FirstResponse, f.FirstResponse.Median)
	hours("first_response_p90", f.FirstResponse, f.FirstResponse.P90)
	hours("resolution_median", f.Resolution, f.Resolution.Median)
	hours("resolution_p90", f.Resolution, f.Resolution.P90)
	ratio("sla_first_response", f.SLAFirst)
	ratio("sla_resolution", f.SLAResolution)
	count("past_due_unanswered", f.PastDue)
	score("satisfaction_mean", f.Online)
	count("satisfaction_ratings", f.Online.N())
	for i, n := range f.Online.Distribution {
		note := strconv.Itoa(i + 1)
		out = append(out, countRow("satisfaction_distribution", note, note+" / 5", n))
	}
	ratio("satisfaction_response_rate", f.ResponseRate)
	score("satisfaction_phone_mean", f.Phone)
	count("satisfaction_phone_ratings", f.Phone.N())
	return out
}

func countRow(id, key, label string, n int) Row {
	return Row{ID: id, Key: key, Label: label, Value: float64(n), Defined: true, Num: n, Unit: Count}
}

func ratioRow(id, key, label string, r Ratio) Row {
	return Row{ID: id, Key: key, Label: label, Value: round(r.Value(), 4), Defined: r.Defined(), Num: r.Num,
		Den: r.Den, Unit: Share}
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// Find returns the row of a figure (and a breakdown key), for the tests and the
// comparisons; ok is false when there is none.
func (f *Figures) Find(id, key string) (Row, bool) {
	for _, r := range f.Rows() {
		if r.ID == id && r.Key == key {
			return r, true
		}
	}
	return Row{}, false
}

// Text writes a row's value the French way: "1 234", "85,3 %", "3 h 05",
// "4,8 / 5"; "—" when it is undefined.
func (r Row) Text() string {
	if !r.Defined {
		return "—"
	}
	switch r.Unit {
	case Share:
		return Decimal(r.Value*100, 1) + "\u00a0%"
	case Hours:
		return HoursText(time.Duration(r.Value * float64(time.Hour)))
	case Score:
		return Decimal(r.Value, 1) + "\u00a0/\u00a05"
	}
	return Integer(int64(r.Value))
}

// Integer writes a count with its thousands grouped by a no-break space: "1 234".
func Integer(n int64) string {
	digits := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	for i := len(digits) - 3; i > 0; i -= 3 {
		digits = digits[:i] + "\u00a0" + digits[i:]
	}
	return sign + digits
}

// Decimal writes v with the given decimals and a decimal comma: "85,3".
func Decimal(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := Integer(n)
	if strings.HasPrefix(whole, "-") && n == 0 {
		out = "-0"
	}
	if frac != "" {
		out += "," + frac
	}
	return out
}

// HoursText writes a business-time delay: "45 min", "3 h 05", "27 h 30".
func HoursText(d time.Duration) string {
	m := int64(d.Round(time.Minute) / time.Minute)
	if m < 60 {
		return fmt.Sprintf("%d\u00a0min", m)
	}
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", m/60, m%60)
}
