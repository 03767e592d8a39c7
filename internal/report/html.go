package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"date": DateFR,
}).ParseFS(templateFS, "templates/*.html"))

// keyFigures are the figures the report and the e-mail lead with.
var keyFigures = []string{"volume", "share_local", "share_tpe_local", "handled_by_cell", "redirected", "off_topic",
	"first_response_median", "first_response_p90", "resolution_median", "resolution_p90", "sla_first_response",
	"sla_resolution", "past_due_unanswered", "satisfaction_mean", "satisfaction_response_rate",
	"satisfaction_phone_mean"}

// KeyFigure is a headline figure with its explanation.
type KeyFigure struct {
	Row
	Help string
}

// KeyFigures are the headline figures, in order.
func (f *Figures) KeyFigures() []KeyFigure {
	var out []KeyFigure
	for _, id := range keyFigures {
		r, _ := f.Find(id, "")
		out = append(out, KeyFigure{Row: r, Help: Define(id).Help})
	}
	return out
}

// Document is what the HTML report shows.
type Document struct {
	Title     string
	Cell      string // the cell's name
	Generated time.Time
	*Figures
}

// NewDocument is the report of figures f, generated at the given time.
func NewDocument(f *Figures, cell string, generated time.Time) Document {
	title := "Rapport de la cellule"
	if f.Period.Kind == KindWeek {
		title = "Rapport hebdomadaire"
	}
	return Document{Title: title, Cell: cell, Generated: generated, Figures: f}
}

// Heading is the title with the period: "Rapport hebdomadaire — semaine 47 de 2026 (…)".
func (d Document) Heading() string { return d.Title + " — " + d.Period.Label() }

// Definitions lists every figure, for the report's glossary.
func (d Document) Definitions() []Definition { return definitions }

// Escalations are the "escalated" rows, per service.
func (d Document) Escalations() []Row { return d.rowsOf("escalated") }

// ConsultationRows are the "consultations" rows.
func (d Document) ConsultationRows() []Row { return d.rowsOf("consultations") }

func (d Document) rowsOf(id string) []Row {
	var out []Row
	for _, r := range d.Rows() {
		if r.ID == id {
			out = append(out, r)
		}
	}
	return out
}

// WriteHTML writes the report as a standalone HTML page (its style inline, its
// charts as SVG), the same as the weekly e-mail's attachment-free version.
func WriteHTML(w io.Writer, d Document) error {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "report.html", d); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// SummaryHTML is the body of the weekly e-mail: the key figures as a table.
func SummaryHTML(d Document) (template.HTML, error) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "summary.html", d); err != nil {
		return "", fmt.Errorf("report: summary: %w", err)
	}
	return template.HTML(buf.String()), nil
}

// SummaryText is the plain-text body of the weekly e-mail.
func SummaryText(d Document) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s\n%s\n\n", d.Heading(), d.Cell)
	for _, k := range d.KeyFigures() {
		fmt.Fprintf(&sb, "- %s : %s\n", k.Label, strings.ReplaceAll(k.Text(), "\u00a0", " "))
	}
	sb.WriteString("\nLe rapport complet est joint en PDF, les données en CSV.\n")
	return sb.String()
}

// Help is a figure's explanation, by identifier.
func (d Document) Help(id string) string { return Define(id).Help }

// Formats are the file formats of a report.
var Formats = []string{"pdf", "html", "csv"}

// Write writes the report in a format: "pdf", "html" or "csv" (the figures).
func Write(w io.Writer, d Document, format string) error {
	switch format {
	case "pdf":
		return WritePDF(w, d)
	case "html":
		return WriteHTML(w, d)
	case "csv":
		return WriteFiguresCSV(w, d.Figures)
	}
	return errs.Field("format", fmt.Sprintf("format inconnu « %s » (pdf, html ou csv)", format))
}
