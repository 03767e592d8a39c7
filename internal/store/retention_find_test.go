package store

import (
	"context"
	"testing"
)

// TestFindStringsReadsEveryTable: the erasure check reads the tables the
// schema has when it runs, so a table added by a later migration is checked
// without anyone listing it; text and bytes alike, case-insensitively.
func TestFindStringsReadsEveryTable(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "CREATE TABLE later_feature (id INTEGER PRIMARY KEY, note TEXT, data BLOB)"); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO later_feature (note, data) VALUES (?, ?)", "Appel de M. Quasimodo", []byte("\x00RIB ZQX\x01"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	hits, err := s.FindStrings(ctx, []string{"quasimodo", "rib zqx", "absent"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[StringHit]bool{{"later_feature", "note", "quasimodo"}: true, {"later_feature", "data", "rib zqx"}: true}
	if len(hits) != len(want) {
		t.Fatalf("hits %+v", hits)
	}
	for _, h := range hits {
		if !want[h] {
			t.Errorf("unexpected hit %+v", h)
		}
	}
}
