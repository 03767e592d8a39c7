package core_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/report/reporttest"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// The figures summed from the daily aggregates equal the figures computed from
// the tickets alone, on a random dataset, before and after random changes to past
// days: requests moved to another team, topic, company or consultation, reopened,
// resolved, answered, their due times moved; companies changing département or
// size; ratings changed; team changes and requests written with an earlier date.
func TestReportCacheEqualsLiveFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, teams, topics := reportService(t, s)
		ctx := context.Background()
		ds := randomDataset(t, s, teams, topics, 1500)
		loc := svc.Location()
		live := core.WithoutReportCache(ctx)
		periods := []report.Period{report.Year(2026, loc), report.Month(2026, time.November, loc),
			report.Week(2026, 48, loc), // the current week: one closed day, today, days to come
			{Kind: report.KindCustom, From: time.Date(2025, 3, 30, 0, 0, 0, 0, loc), To: time.Date(2025, 10, 27, 0, 0, 0, 0, loc)}}
		filters := []report.Filter{{}, {Team: "travaux"}, {Channel: "email", Topic: topics[1].ID}}
		check := func(stage string) map[string]core.Comparison {
			out := map[string]core.Comparison{}
			for _, p := range periods {
				for _, f := range filters {
					got, err := svc.CompareFigures(ctx, access.System(), p, f)
					if err != nil {
						t.Fatal(err)
					}
					want, err := svc.CompareFigures(live, access.System(), p, f)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s, %s %+v:\n cached %+v\n   live %+v", stage, p.Label(), f, got, want)
					}
					out[p.Label()+fmt.Sprint(f)] = got
				}
			}
			return out
		}
		check("cold cache")
		rows, err := s.ReportDays(ctx, "||", "2024-01-01", "2026-12-31")
		if err != nil {
			t.Fatal(err)
		}
		// 2026 until 23 November, and 2025 (the year before, and its custom days).
		if len(rows) < 327+365 {
			t.Fatalf("%d days cached without filter, want at least %d", len(rows), 327+365)
		}
		if _, ok := rows["2026-11-24"]; ok {
			t.Errorf("today is cached")
		}
		before := check("warm cache")

		r := rand.New(rand.NewPCG(7, 2026))
		past := func() time.Time {
			return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(690 * 24 * time.Hour))))
		}
		err = s.Write(ctx, func(tx *store.Tx) error {
			for range 80 {
				et := ds.tickets[r.IntN(len(ds.tickets))]
				tk, err := tx.FindTicketByID(ctx, et.ID)
				if err != nil {
					return err
				}
				switch r.IntN(8) {
				case 0:
					tk.TeamID = teams[r.IntN(len(teams))].ID
				case 1:
					tk.Topic = topics[r.IntN(len(topics))].ID
				case 2:
					tk.ConsultationRef = fmt.Sprintf("2026-REG-%03d", r.IntN(14))
				case 3: // reopened: leaves its resolution day
					tk.ResolvedAt, tk.Outcome, tk.State = time.Time{}, "", ticket.Open
				case 4:
					tk.ResolvedAt, tk.Outcome, tk.State = tk.CreatedAt.Add(time.Duration(r.IntN(300))*time.Hour),
						"answered_by_cell", ticket.Resolved
				case 5:
					tk.FirstResponseAt = tk.CreatedAt.Add(time.Duration(r.IntN(100)) * time.Hour)
				case 6:
					tk.Due.FirstResponse, tk.Due.Resolution = past(), past()
				case 7:
					tk.Outcome = "redirected_to_buyer"
				}
				if tk.ResolvedAt.After(reporttest.Now) {
					tk.ResolvedAt = reporttest.Now.Add(-time.Hour)
				}
				if tk.FirstResponseAt.After(reporttest.Now) {
					tk.FirstResponseAt = time.Time{}
				}
				v := tk.Version
				tk.Version++
				tk.UpdatedAt = reporttest.Now
				if err := tx.UpdateTicket(ctx, tk, v); err != nil {
					return err
				}
			}
			for i := range 2 {
				c, err := tx.FindCompanyBySIRET(ctx, fmt.Sprintf("%014d", 10000000000000+i))
				if err != nil {
					return err
				}
				c.Departement, c.Size = "75", company.GE
				if err := tx.UpdateCompany(ctx, c); err != nil {
					return err
				}
			}
			n := 0
			for _, et := range ds.tickets {
				if sv := et.survey; sv != nil && !sv.phone && n < 15 {
					n++
					if err := tx.RateSurvey(ctx, et.ID, 1+r.IntN(5), sv.sent.Add(time.Hour)); err != nil {
						return err
					}
				}
			}
			for range 5 {
				et := ds.tickets[r.IntN(len(ds.tickets))]
				if err := tx.CreateAudit(ctx, et.ID, 0, et.CreatedAt.Add(2*time.Minute), "",
					[]ticket.Change{{Field: "team", Old: et.TeamID, New: "mobilite"}}); err != nil {
					return err
				}
			}
			created := time.Date(2026, 2, 10, 10, 0, 0, 0, time.UTC)
			return tx.CreateTicket(ctx, &ticket.Ticket{Channel: ticket.Email, Subject: "Importée", State: ticket.Resolved,
				Priority: ticket.Normal, Topic: topics[0].ID, Scope: ticket.General, TeamID: "travaux", Outcome: "off_topic",
				CreatedAt: created, UpdatedAt: created, ResolvedAt: created.Add(3 * time.Hour), FirstResponseAt: created.Add(time.Hour),
				Due: ticket.Due{FirstResponse: created.Add(4 * time.Hour), Resolution: created.Add(48 * time.Hour)}, Version: 1})
		})
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.ReportCacheState(ctx)
		if err != nil || st.Dirty == 0 {
			t.Fatalf("no dirty mark after changes to past days (%+v, %v)", st, err)
		}
		after := check("after changes")
		if reflect.DeepEqual(before, after) {
			t.Error("the changes changed no figure: the check proves nothing")
		}
		if st, err := s.ReportCacheState(ctx); err != nil || st.Dirty != 0 {
			t.Errorf("dirty marks left after the figures were read: %+v, %v", st, err)
		}
		// Working on today's requests leaves no mark.
		err = s.Write(ctx, func(tx *store.Tx) error {
			tk := &ticket.Ticket{Channel: ticket.Phone, Subject: "Aujourd'hui", State: ticket.Open, Priority: ticket.Normal,
				Topic: topics[0].ID, Scope: ticket.General, TeamID: ticket.CellTeamID, CreatedAt: reporttest.Now,
				UpdatedAt: reporttest.Now, Due: ticket.Due{FirstResponse: reporttest.Now.Add(time.Hour)}, Version: 1}
			if err := tx.CreateTicket(ctx, tk); err != nil {
				return err
			}
			tk.TeamID, tk.Version, tk.FirstResponseAt = "travaux", 2, reporttest.Now.Add(time.Minute)
			return tx.UpdateTicket(ctx, tk, 1)
		})
		if err != nil {
			t.Fatal(err)
		}
		if st, err := s.ReportCacheState(ctx); err != nil || st.Dirty != 0 {
			t.Errorf("today's request left a dirty mark: %+v, %v", st, err)
		}
	})
}

// A holiday the admin adds to the business calendar (/agent/admin/routage)
// changes the business-time figures, cached days included.
func TestReportUsesSavedCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc := core.New(core.Options{Store: s, Now: func() time.Time { return reporttest.Now }})
		ctx := context.Background()
		if err := svc.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		reporttest.Seed(t, s)
		loc := svc.Location()
		week := report.Week(2026, 47, loc)
		before, err := svc.Figures(ctx, access.System(), week, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if h := before.Resolution.Median.Hours(); h != reporttest.Expected["resolution_median"] {
			t.Fatalf("resolution median %v h, want %v h on the default calendar", h, reporttest.Expected["resolution_median"])
		}
		cfg, err := svc.RoutingConfig(ctx, access.System())
		if err != nil {
			t.Fatal(err)
		}
		cal := cfg.Calendar
		cal.ExtraHolidays = append(cal.ExtraHolidays, sla.Date{Year: 2026, Month: time.November, Day: 17},
			sla.Date{Year: 2026, Month: time.November, Day: 18})
		if err := svc.SaveCalendar(ctx, access.System(), cal); err != nil {
			t.Fatal(err)
		}
		after, err := svc.Figures(ctx, access.System(), week, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if after.Resolution == before.Resolution && after.FirstResponse == before.FirstResponse {
			t.Errorf("holidays on 17 and 18 November changed no business time: %+v %+v", after.Resolution, after.FirstResponse)
		}
		live, err := svc.Figures(core.WithoutReportCache(ctx), access.System(), week, report.Filter{})
		if err != nil || !reflect.DeepEqual(after, live) {
			t.Errorf("cached figures after the calendar change:\n%+v\nlive:\n%+v (%v)", after, live, err)
		}
	})
}
