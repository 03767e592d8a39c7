package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/api"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/report/reporttest"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/web"
)

// eachReport is each with the store at hand, for the report's dataset, and
// surveys sent an hour after resolution.
func eachReport(t *testing.T, fn func(t *testing.T, f *fixture, st *reporttest.Store)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := &fixture{t: t, now: reporttest.Now, logs: &syncBuffer{}, users: map[access.Role]*access.User{}}
			log := slog.New(slog.NewJSONHandler(f.logs, nil))
			st := b.Open(t)
			f.svc = core.New(core.Options{Store: st, Now: f.clock, Logger: log,
				Mail: core.MailOptions{BaseURL: "https://guichet.example"}, Reports: core.ReportOptions{SurveyDelay: time.Hour}})
			f.h = web.New(web.Options{Core: f.svc, Logger: log})
			f.seed()
			fn(t, f, st)
		})
	}
}

var dashRow = regexp.MustCompile(`(?s)<tr data-figure="([a-z_0-9]+)">.*?<td class="n">(?:<a href="[^"]*">)?([^<]*)`)

// dashboardValues reads the figures table of the dashboard: figure → text.
func dashboardValues(body string) map[string]string {
	out := map[string]string{}
	for _, m := range dashRow.FindAllStringSubmatch(body, -1) {
		if _, seen := out[m[1]]; !seen {
			out[m[1]] = m[2]
		}
	}
	return out
}

var reportRow = regexp.MustCompile(`<tr><th scope="row">([^<]*)</th><td class="n">([^<]*)</td><td class="help">`)

// One period, four surfaces, the same numbers: the dashboard, the report (HTML),
// the CSV of the figures and the API.
func TestSameNumbersOnEverySurface(t *testing.T) {
	eachReport(t, func(t *testing.T, f *fixture, st *reporttest.Store) {
		reporttest.Seed(t, st)
		ctx := context.Background()
		b := f.browser()
		b.signIn(access.Supervisor)
		dash := b.get("/agent/tableau-de-bord?period=week&week=" + reporttest.Week)
		if dash.code != http.StatusOK {
			t.Fatalf("dashboard: %d\n%s", dash.code, dash.body)
		}
		shown := dashboardValues(dash.text())

		p, _ := report.ParseWeek(reporttest.Week, f.svc.Location())
		doc, err := f.svc.ReportDocument(ctx, f.actor(access.Supervisor), p, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var html strings.Builder
		if err := report.WriteHTML(&html, doc); err != nil {
			t.Fatal(err)
		}
		inReport := map[string]string{}
		for _, m := range reportRow.FindAllStringSubmatch(html.String(), -1) {
			inReport[m[1]] = m[2]
		}

		csvPage := b.get("/agent/tableau-de-bord/chiffres.csv?period=week&week=" + reporttest.Week)
		if csvPage.code != http.StatusOK || !strings.HasPrefix(csvPage.body, "\ufeff") {
			t.Fatalf("figures CSV: %d %q", csvPage.code, csvPage.body[:min(40, len(csvPage.body))])
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvPage.body, "\ufeff")))
		r.Comma = ';'
		lines, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		inCSV := map[string]string{}
		for _, l := range lines[1:] {
			inCSV[l[0]+"/"+l[1]] = l[3]
		}

		f.user(access.Supervisor)
		tok, err := f.svc.CreateToken(ctx, access.System(), "supervisor@region.example")
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", "/api/v1/reports/weekly?week="+reporttest.Week, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		api.New(api.Options{Core: f.svc}).ServeHTTP(rec, req)
		var fromAPI struct {
			Figures []struct {
				ID, Text string
				Key      *string
				Value    *float64
			}
		}
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &fromAPI) != nil {
			t.Fatalf("API: %d %s", rec.Code, rec.Body)
		}
		checked := 0
		for _, fig := range fromAPI.Figures {
			key := ""
			if fig.Key != nil {
				key = *fig.Key
			}
			if want, ok := reporttest.Expected[fig.ID+"/"+key]; ok || (key == "" && reporttest.Expected[fig.ID] != 0) {
				if !ok {
					want = reporttest.Expected[fig.ID]
				}
				if fig.Value == nil || abs(*fig.Value-want) > 0.00011 {
					t.Errorf("API %s/%s = %v, want %v", fig.ID, key, fig.Value, want)
				}
			}
			row, _ := doc.Find(fig.ID, key)
			if got := inCSV[fig.ID+"/"+key]; got != row.CSVValue() {
				t.Errorf("CSV %s/%s = %q, report %q", fig.ID, key, got, row.CSVValue())
			}
			if key != "" || fig.ID == "volume_by_channel" {
				continue
			}
			if got, ok := shown[fig.ID]; ok {
				checked++
				if got != fig.Text {
					t.Errorf("dashboard %s = %q, API %q", fig.ID, got, fig.Text)
				}
			}
			if got, ok := inReport[row.Label]; ok && got != fig.Text {
				t.Errorf("report %s = %q, API %q", fig.ID, got, fig.Text)
			}
		}
		if checked < 15 || len(inReport) < 15 {
			t.Errorf("compared %d dashboard figures and %d report figures", checked, len(inReport))
		}
		// Each number links to the requests behind it; each figure says how it is computed.
		if !strings.Contains(dash.text(), `href="/agent?channel=phone&created_from=2026-11-16&created_to=2026-11-22&view=all"`) ||
			!strings.Contains(dash.body, "<details class=\"help\">") || !strings.Contains(dash.body, `role="img"`) {
			t.Error("dashboard without drill-down links, explanations or charts")
		}
	})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestDashboardAccessAndBadInput(t *testing.T) {
	eachReport(t, func(t *testing.T, f *fixture, st *reporttest.Store) {
		agent := f.browser()
		home := agent.signIn(access.Agent)
		if strings.Contains(home.body, "/agent/tableau-de-bord") {
			t.Error("an agent sees the dashboard link")
		}
		if p := agent.get("/agent/tableau-de-bord"); p.code != http.StatusForbidden {
			t.Errorf("agent on the dashboard: %d", p.code)
		}
		viewer := f.browser()
		if home := viewer.signIn(access.Viewer); !strings.Contains(home.body, `href="/agent/tableau-de-bord"`) {
			t.Error("a viewer has no dashboard link")
		}
		for _, c := range []struct{ query, field, msg string }{
			{"period=week&week=2026-W99", "week", "pas de semaine 99"},
			{"period=month&month=novembre", "month", "illisible"},
			{"period=custom&from=2026-11-20&to=2026-11-01", "to", "précède"},
			{"period=decade", "period", "inconnue"},
			{"team=nulle", "team", "inconnue"},
		} {
			p := viewer.get("/agent/tableau-de-bord?" + c.query)
			if p.code != http.StatusUnprocessableEntity || !strings.Contains(p.text(), c.msg) ||
				!strings.Contains(p.body, `id="d-`+c.field+`-error"`) {
				t.Errorf("%s: %d, error on %s?", c.query, p.code, c.field)
			}
		}
		// Month, year and custom periods show with their comparisons.
		for _, q := range []string{"period=month&month=2026-11", "period=year&year=2026", "period=custom&from=2026-11-16&to=2026-11-22"} {
			if p := viewer.get("/agent/tableau-de-bord?" + q); p.code != http.StatusOK || !strings.Contains(p.text(), "Un an plus tôt") {
				t.Errorf("%s: %d", q, p.code)
			}
		}
		// FAQ suggestions shown to a visitor who did not send a question: deflected.
		if err := f.svc.RecordSuggestions(context.Background(), strings.Repeat("d", 32), "rejet",
			[]core.SearchHit{{Kind: "article", Ref: "demander-motifs-rejet"}}); err != nil {
			t.Fatal(err)
		}
		year := strconv.Itoa(f.svc.Now().In(time.FixedZone("", 0)).Year())
		if p := viewer.get("/agent/tableau-de-bord?period=year&year=" + year); !strings.Contains(p.body, `id="deflection"`) ||
			!strings.Contains(p.text(), "100\u202f% (1 sur 1)") {
			t.Errorf("deflection on the dashboard: %d\n%s", p.code, p.text())
		}
		if p := viewer.get("/agent/tableau-de-bord/rapport.pdf?period=week&week=2026-W47"); p.code != http.StatusOK ||
			!strings.HasPrefix(p.body, "%PDF-") || p.header.Get("Content-Disposition") != `attachment; filename="guichet-2026-W47.pdf"` {
			t.Errorf("PDF download: %d %q", p.code, p.header.Get("Content-Disposition"))
		}
	})
}

func TestInboxListToCSV(t *testing.T) {
	eachReport(t, func(t *testing.T, f *fixture, st *reporttest.Store) {
		reporttest.Seed(t, st)
		b := f.browser()
		b.signIn(access.Agent)
		p := b.get("/agent/export.csv?view=all&channel=phone&created_from=2026-11-16&created_to=2026-11-22")
		if p.code != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("export: %d %s", p.code, p.header.Get("Content-Type"))
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff")))
		r.Comma = ';'
		lines, err := r.ReadAll()
		if err != nil || !strings.HasPrefix(p.body, "\ufeffnuméro;créée le;canal") {
			t.Fatalf("CSV: %v %q", err, p.body[:min(60, len(p.body))])
		}
		if len(lines) != 3 || lines[1][2] != "Téléphone" || lines[1][1] != "18/11/2026 16:00" {
			t.Errorf("phone requests of the week: %v", lines)
		}
		if bad := b.get("/agent/export.csv?channel=fax"); bad.code != http.StatusUnprocessableEntity ||
			!strings.Contains(bad.text(), "fax") {
			t.Errorf("bad filter: %d", bad.code)
		}
	})
}

var dashLink = regexp.MustCompile(`(?s)<tr data-figure="([a-z_0-9]+)">.*?<td class="n"><a href="([^"]*)">`)

// Every figure's number links to exactly the requests it counts: for a share, its
// numerator; for a time or a mean, the requests measured. The linked list, as
// its CSV export, has as many requests as the figure says.
func TestDashboardDrillDownCounts(t *testing.T) {
	eachReport(t, func(t *testing.T, f *fixture, st *reporttest.Store) {
		reporttest.Seed(t, st)
		b := f.browser()
		b.signIn(access.Supervisor)
		dash := b.get("/agent/tableau-de-bord?period=week&week=" + reporttest.Week)
		if dash.code != http.StatusOK {
			t.Fatalf("dashboard: %d", dash.code)
		}
		p, _ := report.ParseWeek(reporttest.Week, f.svc.Location())
		fig, err := f.svc.Figures(context.Background(), f.actor(access.Supervisor), p, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]int{} // figure → its counts, in order (one per service for "escalated")
		for _, r := range fig.Rows() {
			want[r.ID] = append(want[r.ID], r.Num)
		}
		seen := map[string]int{}
		checked := map[string]bool{}
		for _, m := range dashLink.FindAllStringSubmatch(dash.body, -1) {
			id, link := m[1], html.UnescapeString(m[2])
			i := seen[id]
			seen[id]++
			if i >= len(want[id]) || !strings.HasPrefix(link, "/agent?") {
				continue
			}
			csvPage := b.get("/agent/export.csv?" + strings.TrimPrefix(link, "/agent?"))
			if csvPage.code != http.StatusOK {
				t.Errorf("%s: %s: %d %s", id, link, csvPage.code, csvPage.text())
				continue
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvPage.body, "\ufeff")))
			r.Comma = ';'
			lines, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got := len(lines) - 1; got != want[id][i] {
				t.Errorf("%s (%d): the list %s has %d requests, the figure counts %d", id, i, link, got, want[id][i])
			}
			checked[id] = true
		}
		for _, id := range []string{"volume", "share_local", "share_tpe_local", "resolved", "handled_by_cell",
			"redirected", "off_topic", "escalated", "first_response_median", "resolution_p90", "sla_first_response",
			"sla_resolution", "past_due_unanswered", "satisfaction_mean", "satisfaction_response_rate",
			"satisfaction_phone_ratings"} {
			if !checked[id] {
				t.Errorf("%s: no link checked", id)
			}
		}
		if inbox := b.get(dashLink.FindStringSubmatch(dash.body)[2]); inbox.code != http.StatusOK {
			t.Errorf("the inbox behind a figure: %d", inbox.code)
		}
		for q, field := range map[string]string{"sla=bof": "sla", "rating=9": "rating", "resolved_from=hier": "resolved_from",
			"due=demain": "due", "rated=fax": "rated", "outcome=perdu": "outcome", "size=geante": "size",
			"answered_from=2026-11-20&answered_to=2026-11-10": "answered_to"} {
			if bad := b.get("/agent/export.csv?" + q); bad.code != http.StatusUnprocessableEntity || !strings.Contains(bad.text(), field) {
				t.Errorf("%s: %d, want 422 naming %s", q, bad.code, field)
			}
		}
	})
}
