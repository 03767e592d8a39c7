package core

import (
	"context"
	"errors"
	"testing"
)

func TestTTLCacheKeepsDropsAndRefusesStaleReads(t *testing.T) {
	ctx := context.Background()
	var c ttlCache[[]string]
	reads := 0
	stored := []string{"marches"}
	read := func(context.Context) ([]string, error) { reads++; return stored, nil }
	nonEmpty := func(v []string) bool { return len(v) > 0 }

	for range 3 {
		if v, err := c.get(ctx, read, nonEmpty); err != nil || len(v) != 1 || v[0] != "marches" {
			t.Fatalf("get = %v, %v", v, err)
		}
	}
	if reads != 1 {
		t.Fatalf("%d reads for three gets within the TTL, want 1", reads)
	}

	// A save in this process drops the copy: the next get reads the new value.
	stored = []string{"marches", "dume"}
	c.invalidate()
	if v, _ := c.get(ctx, read, nonEmpty); len(v) != 2 || reads != 2 {
		t.Fatalf("after invalidate: %v (%d reads)", v, reads)
	}

	// A read that began before a save returns what it read but is not kept.
	c.invalidate()
	racing := func(context.Context) ([]string, error) {
		reads++
		c.invalidate() // the save commits while the read is under way
		return []string{"avant"}, nil
	}
	if v, _ := c.get(ctx, racing, nonEmpty); len(v) != 1 || v[0] != "avant" {
		t.Fatalf("racing read returned %v", v)
	}
	if v, _ := c.get(ctx, read, nonEmpty); len(v) != 2 {
		t.Fatalf("a read older than the save was kept: %v", v)
	}

	// What keep refuses (no topics before Seed) is returned but read again next time.
	var empty ttlCache[[]string]
	n := 0
	none := func(context.Context) ([]string, error) { n++; return nil, nil }
	empty.get(ctx, none, nonEmpty)
	empty.get(ctx, none, nonEmpty)
	if n != 2 {
		t.Fatalf("an empty list was kept (%d reads)", n)
	}

	// An error is returned and nothing is kept.
	var failing ttlCache[[]string]
	boom := errors.New("base indisponible")
	if _, err := failing.get(ctx, func(context.Context) ([]string, error) { return nil, boom }, nil); !errors.Is(err, boom) {
		t.Fatalf("error = %v", err)
	}
	if failing.ok {
		t.Fatal("a failed read was kept")
	}
}
