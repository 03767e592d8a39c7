package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs one command in-process on a data directory and returns its exit code
// and outputs.
func cli(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	vars := map[string]string{"GUICHET_DATA_DIR": dir, "GUICHET_LOG_LEVEL": "error"}
	code := run(context.Background(), args, env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return vars[k] }})
	return code, out.String(), errOut.String()
}

func TestUserAddAndTokenCreate(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, dir, "un mot de passe solide\n", "user", "add", "--email", "chef@region.example",
		"--role", "supervisor", "--name", "Chef de cellule", "--password-stdin")
	if code != 0 || !strings.Contains(out, "chef@region.example") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	code, out, errOut = cli(t, dir, "", "token", "create", "--user", "chef@region.example")
	if code != 0 || !strings.HasPrefix(out, "gch_") || strings.Count(out, "\n") != 1 {
		t.Fatalf("token create must print the token alone: %d %q %q", code, out, errOut)
	}
}

func TestBadInvocations(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args     []string
		code     int
		mentions string
	}{
		{[]string{"user", "add", "--email", "x@region.example", "--role", "root"}, 1, "rôle inconnu"},
		{[]string{"user", "add", "--email", "pas-une-adresse", "--role", "agent"}, 1, "email"},
		{[]string{"user", "add", "--role", "agent"}, 2, "--email"},
		{[]string{"user", "remove"}, 2, "user add"},
		{[]string{"token", "create", "--user", "personne@region.example"}, 1, "Aucun compte"},
		{[]string{"token", "create"}, 2, "--user"},
		{[]string{"frobnicate"}, 2, "commande inconnue"},
		{[]string{"serve", "--no-such-flag"}, 2, "no-such-flag"},
	}
	for _, c := range cases {
		code, _, errOut := cli(t, dir, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.mentions) {
			t.Errorf("%v: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.mentions)
		}
	}
}

func TestMigrateAndVersion(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := cli(t, dir, "", "migrate", "--status")
	if code != 0 || !strings.Contains(out, "0001_init.sql\tpending") {
		t.Fatalf("status on a new store: %d %q", code, out)
	}
	code, out, _ = cli(t, dir, "", "migrate")
	if code != 0 || !strings.Contains(out, "0001_init.sql\tapplied") {
		t.Fatalf("migrate: %d %q", code, out)
	}
	code, out, _ = cli(t, dir, "", "version")
	if code != 0 || !strings.HasPrefix(out, "guichet ") {
		t.Fatalf("version: %d %q", code, out)
	}
}

func TestImportReportsRejectedLinesAndKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	file := "../../internal/importer/sirene/testdata/etablissements_lignes_cassees.csv"
	code, out, errOut := cli(t, dir, "", "import", "sirene", "--departements", "all", file)
	if code != 0 || !strings.Contains(out, "créés ") || !strings.Contains(errOut, "ligne 3") ||
		!strings.Contains(errOut, "rejeté") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	code, out, _ = cli(t, dir, "", "import", "sirene", "--departements", "all", "--restart", file)
	if code != 0 || !strings.Contains(out, "créés 0, mis à jour 0") {
		t.Fatalf("second import changed something: %q", out)
	}
	if code, _, errOut := cli(t, dir, "", "import", "xml", file); code != 2 || !strings.Contains(errOut, "inconnu") {
		t.Fatalf("unknown kind: %d %q", code, errOut)
	}
	if code, _, errOut := cli(t, dir, "", "import", "sirene", "/nonexistent.csv"); code != 1 || !strings.Contains(errOut, "nonexistent") {
		t.Fatalf("missing file: %d %q", code, errOut)
	}
}

func TestBenchAgainstAThrowAwayInstance(t *testing.T) {
	profile := filepath.Join(t.TempDir(), "cpu.out")
	code, out, errOut := cli(t, t.TempDir(), "", "bench", "--clients", "2", "--duration", "1s", "--scenario", "mixed", "--json",
		"--cpuprofile", profile)
	if code != 0 || !strings.Contains(out, `"operations"`) || !strings.Contains(out, `"create"`) {
		t.Fatalf("bench: %d %q %q", code, out, errOut)
	}
	if fi, err := os.Stat(profile); err != nil || fi.Size() == 0 {
		t.Fatalf("no CPU profile written: %v", err)
	}
	if code, _, errOut := cli(t, t.TempDir(), "", "bench", "--url", "http://192.0.2.1:8080", "--token", "x"); code != 1 ||
		!strings.Contains(errOut, "loopback") && !strings.Contains(errOut, "boucle") {
		t.Fatalf("a remote target: %d %q", code, errOut)
	}
}
