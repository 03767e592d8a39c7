package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := cli(t, dir, "", "migrate"); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	out := filepath.Join(t.TempDir(), "copie")
	code, stdout, errOut := cli(t, dir, "", "backup", "--out", out)
	if code != 0 || !strings.Contains(stdout, "sauvegarde écrite dans "+out) {
		t.Fatalf("backup: %d %q %q", code, stdout, errOut)
	}
	if _, err := os.Stat(filepath.Join(out, "guichet.db")); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := cli(t, dir, "", "backup", "--out", out); code != 1 || !strings.Contains(errOut, "existe déjà") {
		t.Errorf("second backup to the same directory: %d %q", code, errOut)
	}
	if code, _, _ := cli(t, dir, "", "backup", "--out", out, "--force"); code != 0 {
		t.Errorf("--force: %d", code)
	}
	if code, _, errOut := cli(t, dir, "", "backup"); code != 2 || !strings.Contains(errOut, "--out") {
		t.Errorf("no --out: %d %q", code, errOut)
	}
}

func TestBackupCommandOnPostgres(t *testing.T) {
	var stdout, stderr bytes.Buffer
	vars := map[string]string{"GUICHET_DATABASE_URL": "postgres://guichet@db.example/guichet"}
	code := run(context.Background(), []string{"backup", "--out", t.TempDir() + "/x"},
		env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return vars[k] }})
	if code != 1 || !strings.Contains(stderr.String(), "pg_dump") {
		t.Fatalf("got %d %q, want the pg_dump advice", code, stderr.String())
	}
}
