package store

import (
	"testing"
	"time"
)

// The intervals come from the database as one text; parsing it must give back
// every pair, negative instants included, and refuse anything else.
func TestParseIntervals(t *testing.T) {
	got, err := parseIntervals("1700000000000000,1700000003600000;-5,7")
	if err != nil {
		t.Fatal(err)
	}
	want := []Interval{
		{time.UnixMicro(1700000000000000).UTC(), time.UnixMicro(1700000003600000).UTC()},
		{time.UnixMicro(-5).UTC(), time.UnixMicro(7).UTC()},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got, err := parseIntervals(""); err != nil || len(got) != 0 {
		t.Fatalf("empty: %v %v", got, err)
	}
	for _, bad := range []string{"1", "1,2,3", "1;2", "1,2;", "a,b", "1,2;3"} {
		if _, err := parseIntervals(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
