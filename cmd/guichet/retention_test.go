package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/core"
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

// TestRetentionPrintsCounts: the run and the dry run say what they erase, by
// kind, and the files deleted.
func TestRetentionPrintsCounts(t *testing.T) {
	svc := core.New(core.Options{})
	rep := core.RetentionReport{Years: 3, Cutoff: time.Date(2023, 11, 24, 9, 0, 0, 0, time.UTC),
		Items:  []core.RetentionItem{{ID: 1, Number: "2023-000001", ClosedAt: time.Date(2023, 1, 5, 9, 0, 0, 0, time.UTC)}},
		Erased: map[string]int{"messages": 3, "attachments": 1, "audit_values": 2, "calls": 0}, Files: 1}
	var out bytes.Buffer
	printRetention(env{stdout: &out}, rep, true, svc)
	if s := out.String(); !strings.Contains(s, "Seraient effacés : 3 messages, 1 pièces jointes, 2 entrées d'historique.") ||
		strings.Contains(s, "appels") || !strings.Contains(s, "1 fichier(s) joint(s) d'une exécution interrompue") {
		t.Errorf("dry run: %q", s)
	}
	out.Reset()
	rep.Done = 1
	printRetention(env{stdout: &out}, rep, false, svc)
	if s := out.String(); !strings.Contains(s, "1 demande(s) closes avant le 24/11/2023 (3 ans) anonymisées.") ||
		!strings.Contains(s, "Effacés : 3 messages") || !strings.Contains(s, "1 fichier(s) joint(s) supprimé(s).") {
		t.Errorf("run: %q", s)
	}
}
