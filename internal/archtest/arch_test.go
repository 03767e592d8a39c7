// Package archtest checks the dependency rules of STYLE.md by reading the imports
// of every package, so that a wrong import fails the build instead of a review.
package archtest

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/guichet/guichet"

// domain packages import only the standard library and each other.
var domain = []string{"internal/errs", "internal/access", "internal/ticket", "internal/company", "internal/phone", "internal/sla", "internal/tender", "internal/routing", "internal/telephony"}

// entry points never touch the database: they go through internal/core.
var entryPoints = []string{"cmd/guichet", "internal/api", "internal/web", "internal/bench", "internal/portal", "internal/faq"}

// packages lists every package directory of the module with its imports
// (test files included: a test of the domain must not pull a driver either).
func packages(t *testing.T) map[string][]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = slices.Concat(pkg.Imports, pkg.TestImports, pkg.XTestImports)
		return nil
	})
	if len(out) < 10 {
		t.Fatalf("found only %d packages: the walk is broken", len(out))
	}
	return out
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func TestDomainImportsOnlyTheStandardLibrary(t *testing.T) {
	pkgs := packages(t)
	for _, d := range domain {
		imports, ok := pkgs[d]
		if !ok {
			t.Errorf("domain package %s not found", d)
			continue
		}
		for _, imp := range imports {
			inDomain := slices.Contains(domain, strings.TrimPrefix(imp, module+"/"))
			if !isStd(imp) && !inDomain {
				t.Errorf("%s imports %s: the domain may import only the standard library and the domain", d, imp)
			}
		}
	}
}

func TestEntryPointsDoNotImportTheStore(t *testing.T) {
	pkgs := packages(t)
	for path, imports := range pkgs {
		if !isEntryPoint(path) {
			continue
		}
		for _, imp := range imports {
			if imp == module+"/internal/store" {
				t.Errorf("%s imports internal/store: entry points go through internal/core", path)
			}
		}
	}
}

func isEntryPoint(path string) bool {
	for _, e := range entryPoints {
		if path == e || strings.HasPrefix(path, e+"/") {
			return true
		}
	}
	return false
}

// TestTheRulesCanFail checks the checker on a made-up violation, so that a broken
// walk or a renamed module cannot make the rules pass silently.
func TestTheRulesCanFail(t *testing.T) {
	if isStd(module+"/internal/store") || !isStd("net/http") || !isEntryPoint("internal/api") {
		t.Fatal("classification broken")
	}
	pkgs := packages(t)
	if _, ok := pkgs["internal/store"]; !ok {
		t.Fatal("internal/store not found by the walk")
	}
	if !slices.Contains(pkgs["internal/core"], module+"/internal/store") {
		t.Fatal("the walk does not see core's import of the store")
	}
}
