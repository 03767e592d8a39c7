package report

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Chart is a bar chart of one breakdown, drawn on the server as SVG: no script,
// readable in an e-mail, printable. The SVG is an image with a title for screen
// readers; the numbers themselves are in the data table printed beside it
// (Chart.Bars), which is what assistive technologies read.
type Chart struct {
	ID    string // unique in the page, for aria references
	Title string
	Help  string // the figure's explanation
	Unit  Unit
	Bars  []Bar
}

// Bar is one bar: a label, its value and the value as text.
type Bar struct {
	Key   string
	Label string
	Value float64
	Text  string
}

// Charts are the report's charts, from the figures.
func (f *Figures) Charts() []Chart {
	return []Chart{
		bucketChart("chart-channel", "volume_by_channel", f.ByChannel),
		bucketChart("chart-week", "volume_by_week", f.ByWeek),
		bucketChart("chart-topics", "topics", f.Topics),
		outcomeChart(f),
		satisfactionChart(f),
	}
}

func bucketChart(id, def string, bs []Bucket) Chart {
	d := Define(def)
	c := Chart{ID: id, Title: d.Label, Help: d.Help, Unit: Count}
	for _, b := range bs {
		c.Bars = append(c.Bars, Bar{Key: b.Key, Label: b.Label, Value: float64(b.N), Text: Integer(int64(b.N))})
	}
	return c
}

func outcomeChart(f *Figures) Chart {
	c := Chart{ID: "chart-outcome", Title: "Résultat des demandes résolues",
		Help: "Demandes résolues dans la période, par résultat.", Unit: Count}
	for _, o := range []struct {
		key string
		r   Ratio
	}{{"answered_by_cell", f.HandledByCell}, {"answered_by_service", f.AnsweredByService},
		{"redirected_to_buyer", f.Redirected}, {"off_topic", f.OffTopic}} {
		label := outcomeLabels[ticketOutcome(o.key)]
		c.Bars = append(c.Bars, Bar{Key: o.key, Label: label, Value: float64(o.r.Num), Text: Integer(int64(o.r.Num))})
	}
	return c
}

func satisfactionChart(f *Figures) Chart {
	d := Define("satisfaction_distribution")
	c := Chart{ID: "chart-satisfaction", Title: d.Label, Help: d.Help, Unit: Count}
	for i, n := range f.Online.Distribution {
		c.Bars = append(c.Bars, Bar{Key: fmt.Sprint(i + 1), Label: fmt.Sprintf("%d / 5", i+1), Value: float64(n),
			Text: Integer(int64(n))})
	}
	return c
}

// Geometry of a chart, in SVG user units.
const (
	chartWidth  = 640
	labelWidth  = 230
	barHeight   = 18
	rowHeight   = 26
	valueMargin = 60
)

// SVG draws the chart: one horizontal bar per line, the longest filling the width.
func (c Chart) SVG() template.HTML {
	height := rowHeight*len(c.Bars) + 8
	maxV := 0.0
	for _, b := range c.Bars {
		maxV = max(maxV, b.Value)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title">`,
		chartWidth, height, chartWidth, height, c.ID)
	fmt.Fprintf(&sb, `<title id="%s-title">%s</title>`, c.ID, html.EscapeString(c.Title))
	span := float64(chartWidth - labelWidth - valueMargin)
	for i, b := range c.Bars {
		y := 4 + i*rowHeight
		w := 0.0
		if maxV > 0 {
			w = span * b.Value / maxV
		}
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" font-size="13" fill="#1b1b1b">%s</text>`,
			labelWidth-8, y+14, html.EscapeString(shorten(b.Label, 32)))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="#000091"/>`, labelWidth, y, w, barHeight)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" font-size="13" fill="#1b1b1b">%s</text>`,
			float64(labelWidth)+w+6, y+14, html.EscapeString(b.Text))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// shorten cuts a label to n characters with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
