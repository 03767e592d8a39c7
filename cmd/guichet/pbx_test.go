package main

import (
	"strings"
	"testing"
)

// TestPBXCommands: pbx add prints the token alone; extension, block and unblock
// work on the same data; bad input says what is wrong and exits non-zero.
func TestPBXCommands(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := cli(t, dir, "", "pbx", "add", "--name", "Asterisk du siège", "--allow", "192.0.2.0/24,2001:db8::1")
	if code != 0 || !strings.HasPrefix(out, "pbx_") || strings.Count(out, "\n") != 1 {
		t.Fatalf("pbx add must print the token alone: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, dir, "", "pbx", "add", "--name", "Asterisk du siège"); code != 1 || !strings.Contains(errOut, "déjà") {
		t.Fatalf("same name twice: %d %q", code, errOut)
	}
	if code, _, errOut := cli(t, dir, "", "pbx", "add", "--name", "3CX", "--allow", "192.0.2/24"); code != 1 || !strings.Contains(errOut, "192.0.2/24") {
		t.Fatalf("bad network: %d %q", code, errOut)
	}
	cli(t, dir, "", "user", "add", "--email", "claire@region.example", "--role", "agent")
	code, out, errOut = cli(t, dir, "", "pbx", "extension", "--user", "claire@region.example", "--extension", "201", "--queues", "marches")
	if code != 0 || !strings.Contains(out, "201") {
		t.Fatalf("pbx extension: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, dir, "", "pbx", "extension", "--user", "personne@region.example", "--extension", "2x"); code != 1 ||
		!strings.Contains(errOut, "personne@region.example") || !strings.Contains(errOut, "2x") {
		t.Fatalf("bad extension: %d %q", code, errOut)
	}
	code, out, _ = cli(t, dir, "", "pbx", "block", "--number", "06 12 34 56 78", "--reason", "appels injurieux")
	if code != 0 || !strings.Contains(out, "+33612345678") {
		t.Fatalf("pbx block: %d %q", code, out)
	}
	if code, _, errOut := cli(t, dir, "", "pbx", "block", "--number", "bonjour"); code != 1 || !strings.Contains(errOut, "numéro de téléphone invalide") {
		t.Fatalf("block a non-number: %d %q", code, errOut)
	}
	if code, _, _ := cli(t, dir, "", "pbx", "unblock", "--number", "0612345678"); code != 0 {
		t.Fatal("pbx unblock")
	}
	if code, out, errOut := cli(t, dir, "", "pbx", "revoke", "--name", "Asterisk du siège"); code != 0 || !strings.Contains(out, "révoqué") {
		t.Fatalf("pbx revoke: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, dir, "", "pbx", "revoke", "--name", "Asterisk du siège"); code != 1 || !strings.Contains(errOut, "aucun standard actif") {
		t.Fatalf("revoke twice: %d %q", code, errOut)
	}
	if code, _, _ := cli(t, dir, "", "pbx", "remove"); code != 2 {
		t.Fatal("an unknown pbx subcommand is a usage error")
	}
}
