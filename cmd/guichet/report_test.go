package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportWeekly(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ format, prefix string }{
		{"pdf", "%PDF-"}, {"html", "<!DOCTYPE html>"}, {"csv", "\ufeffindicateur;clé;libellé;valeur"},
	} {
		out := filepath.Join(dir, "rapport."+c.format)
		code, stdout, errOut := cli(t, dir, "", "report", "weekly", "--week", "2026-W47", "--format", c.format, "--out", out)
		if code != 0 || stdout != "" {
			t.Fatalf("%s: %d %q %q", c.format, code, stdout, errOut)
		}
		body, err := os.ReadFile(out)
		if err != nil || !strings.HasPrefix(string(body), c.prefix) {
			t.Errorf("%s file starts %q (%v)", c.format, string(body[:min(30, len(body))]), err)
		}
	}
	// Without --out, standard output; the period is in the file.
	code, stdout, _ := cli(t, dir, "", "report", "weekly", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv")
	if code != 0 || !strings.Contains(stdout, ";01/11/2026;30/11/2026\r\n") {
		t.Errorf("csv on stdout: %d %q", code, stdout[:min(200, len(stdout))])
	}
	for _, bad := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"report", "weekly", "--format", "docx"}, 2, "pdf, html ou csv"},
		{[]string{"report", "weekly", "--week", "2026-W60"}, 1, "pas de semaine 60"},
		{[]string{"report", "weekly", "--week", "2026-W47", "--from", "2026-11-01"}, 1, "pas les deux"},
		{[]string{"report", "monthly"}, 2, "report weekly"},
	} {
		code, _, errOut := cli(t, dir, "", bad.args...)
		if code != bad.code || !strings.Contains(errOut, bad.msg) {
			t.Errorf("%v: %d %q", bad.args, code, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "rapport.pdf.tmp")); err == nil {
		t.Error("a temporary file is left behind")
	}
}
