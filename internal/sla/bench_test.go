package sla

import (
	"testing"
	"time"
)

// starts are instants spread over 2026 and into 2027, in and out of opening
// hours, so that walks cross weekends, holidays, DST and a new year.
func starts(b *testing.B) []time.Time {
	b.Helper()
	first := at(b, "2026-01-02 08:17")
	out := make([]time.Time, 512)
	for i := range out {
		out[i] = first.Add(time.Duration(i) * 17 * time.Hour)
	}
	return out
}

// BenchmarkAddBusinessTime adds ten business days' worth of business time
// (70 h), as every ticket's resolution and every report's measure do.
func BenchmarkAddBusinessTime(b *testing.B) {
	c, ts := christmas(), starts(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.AddBusinessTime(ts[i%len(ts)], 70*time.Hour)
		i++
	}
}

func BenchmarkBusinessTimeBetween(b *testing.B) {
	c, ts := christmas(), starts(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t := ts[i%len(ts)]
		c.BusinessTimeBetween(t, t.AddDate(0, 0, 14))
		i++
	}
}

// BenchmarkTargetsDue is what creating a ticket costs.
func BenchmarkTargetsDue(b *testing.B) {
	loc, ts := mustParis(b), starts(b)
	tg := DefaultTargets()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tg.Due(ts[i%len(ts)], loc)
		i++
	}
}
