package core

import (
	"bytes"
	"context"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/store"
)

// The weekly report: every Monday from WeeklyAt (the cell's time zone), the report
// of the previous ISO week is mailed to the supervisors, the PDF and the CSV
// attached. The job runs every few minutes; report_runs holds one row per week
// sent, claimed in the transaction that queues the mail, so that two instances
// or a restart send it once, and a server that was down on Monday sends it when
// it comes back — the last week only, once.

// weeklyReportEvery is the pause between two checks of the weekly report job.
const weeklyReportEvery = 5 * time.Minute

// sendWeeklyReport is the weekly report job's run.
func (s *Service) sendWeeklyReport(ctx context.Context) error {
	if s.reports.WeeklyOff {
		return nil
	}
	now := s.clock().In(s.loc)
	this := report.WeekOf(now, s.loc)
	if now.Before(this.From.Add(s.reports.WeeklyAt)) {
		return nil
	}
	week := this.Previous()
	last, err := s.store.LastReportWeek(ctx)
	if err != nil || last >= week.ISOWeek() {
		return err
	}
	to, err := s.store.ReportRecipients(ctx)
	if err != nil || len(to) == 0 {
		if err == nil {
			s.log.Warn("weekly report: no active supervisor to send it to", "week", week.ISOWeek())
		}
		return err
	}
	m, err := s.weeklyMail(ctx, week, to)
	if err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		claimed, err := tx.ClaimReportWeek(ctx, week.ISOWeek(), now)
		if err != nil || !claimed {
			return err
		}
		return s.queueMail(ctx, tx, m)
	})
}

// weeklyMail is the weekly report's mail: the summary in its body, the report as
// PDF and the figures as CSV attached.
func (s *Service) weeklyMail(ctx context.Context, week report.Period, to []string) (OutMail, error) {
	doc, err := s.ReportDocument(ctx, access.System(), week, report.Filter{})
	if err != nil {
		return OutMail{}, err
	}
	var pdf, csv bytes.Buffer
	if err := report.WritePDF(&pdf, doc); err != nil {
		return OutMail{}, err
	}
	if err := report.WriteFiguresCSV(&csv, doc.Figures); err != nil {
		return OutMail{}, err
	}
	summary, err := report.SummaryHTML(doc)
	if err != nil {
		return OutMail{}, err
	}
	name := "guichet-" + week.ISOWeek()
	return OutMail{Template: "weekly_report", To: to,
		Data: map[string]any{"Week": week.ISOWeek(), "SummaryHTML": string(summary), "SummaryText": report.SummaryText(doc)},
		Files: []OutFile{{Name: name + ".pdf", ContentType: "application/pdf", Data: pdf.Bytes()},
			{Name: name + ".csv", ContentType: "text/csv; charset=utf-8", Data: csv.Bytes()}},
		Key: "weekly_report:" + week.ISOWeek()}, nil
}
