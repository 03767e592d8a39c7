package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/ticket"
)

// The downloads of the dashboard and the inbox: the figures as CSV, the report as
// PDF, and any list of requests as CSV with the inbox's own filters.

// figuresCSV downloads the figures the dashboard shows.
func (s *server) figuresCSV(w http.ResponseWriter, r *http.Request, v *visit) error {
	doc, err := s.dashboardDocument(r, v)
	if err != nil {
		return err
	}
	return download(w, "text/csv; charset=utf-8", fileName(doc, "csv"), func(buf *bytes.Buffer) error {
		return report.WriteFiguresCSV(buf, doc.Figures)
	})
}

// reportPDF downloads the report of the dashboard's period.
func (s *server) reportPDF(w http.ResponseWriter, r *http.Request, v *visit) error {
	doc, err := s.dashboardDocument(r, v)
	if err != nil {
		return err
	}
	return download(w, "application/pdf", fileName(doc, "pdf"), func(buf *bytes.Buffer) error {
		return report.WritePDF(buf, doc)
	})
}

func (s *server) dashboardDocument(r *http.Request, v *visit) (report.Document, error) {
	q := readDashQuery(r.URL.Query())
	p, err := q.period(s.now(), s.loc)
	if err != nil {
		return report.Document{}, err
	}
	return s.core.ReportDocument(r.Context(), v.actor, p, q.filter())
}

// fileName names a download after its period: guichet-2026-W47.pdf,
// guichet-2026-11-01-2026-11-30.csv.
func fileName(d report.Document, ext string) string {
	if d.Period.Kind == report.KindWeek {
		return fmt.Sprintf("guichet-%s.%s", d.Period.ISOWeek(), ext)
	}
	return fmt.Sprintf("guichet-%s-%s.%s", d.Period.From.Format("2006-01-02"), d.Period.Last().Format("2006-01-02"), ext)
}

// ticketsCSV downloads the requests an inbox address selects (its view and
// filters, every page), as the inbox would list them.
func (s *server) ticketsCSV(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := readInboxQuery(r.URL.Query())
	q.After = ""
	f, _, err := q.filter(v.actor, s.loc, ticket.MaxLimit)
	if err != nil {
		return err
	}
	teams, topics, err := s.core.ReportLabels(r.Context())
	if err != nil {
		return err
	}
	return download(w, "text/csv; charset=utf-8", "guichet-demandes.csv", func(buf *bytes.Buffer) error {
		out := report.NewTicketsCSV(buf, s.loc, topics, teams)
		cut, err := s.core.ExportTickets(r.Context(), v.actor, f, out.Write)
		if err != nil {
			return err
		}
		if cut {
			w.Header().Set("X-Guichet-Truncated", "true")
		}
		return out.Close()
	})
}

// download writes a file built in memory first, so that an error is still a clean
// error page rather than half a file.
func download(w http.ResponseWriter, contentType, name string, build func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := build(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(buf.Bytes())
	return err
}
