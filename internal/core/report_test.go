package core_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/report/reporttest"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// The figures of the hand-built week, each value known in advance.
func TestFiguresOfAKnownWeek(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc := core.New(core.Options{Store: s, Now: func() time.Time { return reporttest.Now }})
		ctx := context.Background()
		if err := svc.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		reporttest.Seed(t, s)
		p, err := report.ParseWeek(reporttest.Week, svc.Location())
		if err != nil {
			t.Fatal(err)
		}
		f, err := svc.Figures(ctx, access.System(), p, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		checkExpected(t, &f, reporttest.Expected)

		// Filters narrow every figure to the requests they select.
		phone, err := svc.Figures(ctx, access.System(), p, report.Filter{Channel: "phone"})
		if err != nil {
			t.Fatal(err)
		}
		checkExpected(t, &phone, map[string]float64{"volume": 2, "resolved": 2, "off_topic": 0.5,
			"handled_by_cell": 1, "satisfaction_phone_ratings": 1, "satisfaction_ratings": 2, "past_due_unanswered": 0})
		travaux, err := svc.Figures(ctx, access.System(), p, report.Filter{Team: "travaux"})
		if err != nil {
			t.Fatal(err)
		}
		checkExpected(t, &travaux, map[string]float64{"volume": 1, "escalated/travaux": 1, "resolution_median": 21})
	})
}

func TestFiguresRefuseBadInputAndRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		p := report.Week(2026, 47, f.svc.Location())
		_, err := f.svc.Figures(ctx, f.actors[access.Agent], p, report.Filter{})
		if e, ok := err.(*errs.Error); !ok || e.Code != errs.Forbidden {
			t.Fatalf("an agent reads the figures: %v", err)
		}
		if _, err := f.svc.Figures(ctx, f.actors[access.Viewer], p, report.Filter{}); err != nil {
			t.Fatalf("a viewer cannot read the figures: %v", err)
		}
		_, err = f.svc.Figures(ctx, f.actors[access.Supervisor], p, report.Filter{Team: "nulle", Channel: "fax", Topic: "x"})
		fields := fieldsOf(t, err)
		for _, name := range []string{"team", "channel", "topic"} {
			if !strings.Contains(fields[name], "inconnu") {
				t.Errorf("field %s: %q", name, fields[name])
			}
		}
	})
}

// checkExpected compares figures with "id" or "id/key" → value.
func checkExpected(t *testing.T, f *report.Figures, want map[string]float64) {
	t.Helper()
	for k, v := range want {
		id, key, _ := strings.Cut(k, "/")
		r, ok := f.Find(id, key)
		if !ok {
			t.Errorf("%s: no such figure", k)
			continue
		}
		if math.Abs(r.Value-v) > 0.00011 {
			t.Errorf("%s = %v, want %v (%d/%d)", k, r.Value, v, r.Num, r.Den)
		}
	}
}
