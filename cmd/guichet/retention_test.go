package main

import (
	"strings"
	"testing"
)

func TestRetentionCommand(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, dir, "", "retention", "--dry-run")
	if code != 0 || !strings.Contains(out, "0 demande(s) closes avant le") || !strings.Contains(out, "(3 ans) seraient anonymisées ; rien n'a été modifié") {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	code, out, _ = cli(t, dir, "", "retention", "--years", "5")
	if code != 0 || !strings.Contains(out, "(5 ans) anonymisées") {
		t.Fatalf("run: %d %q", code, out)
	}
	if code, _, errOut := cli(t, dir, "", "retention", "--years", "-1"); code != 2 || !strings.Contains(errOut, "--years") {
		t.Errorf("bad --years: %d %q", code, errOut)
	}
}
