package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// callerNames lists what a lookup found: company names, then "contact:" and
// the contact's name.
func callerNames(t *testing.T, s *store.Store, f store.CallerFilter) []string {
	t.Helper()
	found, err := s.FindCallers(context.Background(), f)
	if err != nil {
		t.Fatalf("find callers %+v: %v", f, err)
	}
	var out []string
	for _, c := range found {
		if c.Contact.ID != 0 {
			out = append(out, "contact:"+c.Contact.Name)
		} else {
			out = append(out, c.Company.Name)
		}
	}
	return out
}

// seedDirectory writes companies (each with the contacts named after it, if
// any) in one transaction.
func seedDirectory(t *testing.T, s *store.Store, companies []company.Company, contacts map[string][]string) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	err := s.Write(ctx, func(tx *store.Tx) error {
		for _, c := range companies {
			c.SIREN, c.CreatedAt, c.UpdatedAt = c.SIRET[:9], at, at
			if err := tx.CreateCompany(ctx, &c); err != nil {
				return err
			}
			for _, name := range contacts[c.Name] {
				k := company.Contact{CompanyID: c.ID, Name: name, CreatedAt: at}
				if err := tx.CreateContact(ctx, &k); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// siretOf is a deterministic 14-digit SIRET for the i-th test company.
func siretOf(i int) string { return fmt.Sprintf("5%08d%05d", i, i%100000) }

// TestFindCallersWordsAnywhere: words typed in the middle of a company's or a
// contact's name, in any order, find it through the trigram indexes (0013),
// whether the words are rare (the index lists their rows), all frequent but
// rare together (the index intersects them), or frequent together (the ordered
// scan); the names typed from their start still come from the name index; a
// renamed company is found by its new name only.
func TestFindCallersWordsAnywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var cos []company.Company
		// More than the trigram step's bound (1,000) for "nettoyage", "martin",
		// "peinture" and "durand", but "nettoyage" with "durand" only once.
		for i := range 1050 {
			cos = append(cos, company.Company{SIRET: siretOf(2 * i), Name: fmt.Sprintf("Nettoyage Martin %04d", i)})
			cos = append(cos, company.Company{SIRET: siretOf(2*i + 1), Name: fmt.Sprintf("Peinture Durand %04d", i)})
		}
		cos = append(cos,
			company.Company{SIRET: "44306184100047", Name: "Maçonnerie Dupont et Fils"},
			company.Company{SIRET: "44306184100055", Name: "SARL Plomberie Roux"},
			company.Company{SIRET: "44306184100063", Name: "Nettoyage Durand"},
			company.Company{SIRET: "44306184100071", Name: "Électricité Générale"})
		seedDirectory(t, s, cos, map[string][]string{
			"SARL Plomberie Roux":  {"Anne Dupont"},
			"Électricité Générale": {"Jean Xylo"},
		})
		limit := 8
		cases := []struct {
			words string
			want  []string
		}{
			// From the start of a name: the name index.
			{"maçonnerie dup", []string{"Maçonnerie Dupont et Fils"}},
			{"anne", []string{"contact:Anne Dupont"}},
			// In the middle, rare: companies first (by name), then contacts.
			{"dupont", []string{"Maçonnerie Dupont et Fils", "contact:Anne Dupont"}},
			{"onnerie dup", []string{"Maçonnerie Dupont et Fils"}},
			{"roux plomberie", []string{"SARL Plomberie Roux"}},
			{"DUPONT anne", []string{"contact:Anne Dupont"}},
			{"xylo", []string{"contact:Jean Xylo"}},
			// Frequent words, rare together.
			{"durand nettoyage", []string{"Nettoyage Durand"}},
			// Frequent together: the first names in order.
			{"martin 00", []string{"Nettoyage Martin 0000", "Nettoyage Martin 0001", "Nettoyage Martin 0002",
				"Nettoyage Martin 0003", "Nettoyage Martin 0004", "Nettoyage Martin 0005", "Nettoyage Martin 0006",
				"Nettoyage Martin 0007"}},
			// A word too short for trigrams, with a rare one.
			{"et dupont", []string{"Maçonnerie Dupont et Fils"}},
			{"xylophone", nil},
			{"100%", nil},
		}
		for _, c := range cases {
			if got := callerNames(t, s, store.CallerFilter{Words: c.words, Limit: limit}); !slices.Equal(got, c.want) {
				t.Errorf("words %q found %q, want %q", c.words, got, c.want)
			}
		}
		// A renamed company: found by its new name, no longer by the old one.
		co, err := s.FindCompanyBySIRET(ctx, "44306184100055")
		if err != nil {
			t.Fatal(err)
		}
		co.Name = "Chauffage Lemoine"
		if err := s.Write(ctx, func(tx *store.Tx) error { return tx.UpdateCompany(ctx, co) }); err != nil {
			t.Fatal(err)
		}
		if got := callerNames(t, s, store.CallerFilter{Words: "lemoine"}); !slices.Equal(got, []string{"Chauffage Lemoine"}) {
			t.Errorf("after the rename, lemoine found %q", got)
		}
		if got := callerNames(t, s, store.CallerFilter{Words: "plomberie"}); got != nil {
			t.Errorf("after the rename, the old name still finds %q", got)
		}
	})
}

// TestFindCompaniesWordsAnywhere: the company picker finds every word anywhere
// in the name, in id order, rare or frequent, with its cursor.
func TestFindCompaniesWordsAnywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var cos []company.Company
		for i := range 1050 {
			cos = append(cos, company.Company{SIRET: siretOf(2 * i), Name: fmt.Sprintf("Nettoyage Martin %04d", i)})
			cos = append(cos, company.Company{SIRET: siretOf(2*i + 1), Name: fmt.Sprintf("Peinture Durand %04d", i)})
		}
		cos = append(cos, company.Company{SIRET: "44306184100047", Name: "Maçonnerie Dupont et Fils"},
			company.Company{SIRET: "44306184100063", Name: "Nettoyage Durand"})
		seedDirectory(t, s, cos, nil)
		names := func(text string, after int64, limit int) ([]string, bool) {
			t.Helper()
			list, more, err := s.FindCompanies(ctx, store.CompanyFilter{Text: text, AfterID: after, Limit: limit})
			if err != nil {
				t.Fatalf("find companies %q: %v", text, err)
			}
			var out []string
			for _, c := range list {
				out = append(out, c.Name)
			}
			return out, more
		}
		for text, want := range map[string][]string{
			"dupont":           {"Maçonnerie Dupont et Fils"},
			"fils MAÇONNERIE":  {"Maçonnerie Dupont et Fils"},
			"onnerie dup":      {"Maçonnerie Dupont et Fils"},
			"durand nettoyage": {"Nettoyage Durand"},
			"tin 0001":         {"Nettoyage Martin 0001"},
			"xylophone":        nil,
		} {
			if got, _ := names(text, 0, 20); !slices.Equal(got, want) {
				t.Errorf("%q found %q, want %q", text, got, want)
			}
		}
		// A frequent word: pages in id order, the cursor continuing.
		first, more := names("durand", 0, 2)
		if !slices.Equal(first, []string{"Peinture Durand 0000", "Peinture Durand 0001"}) || !more {
			t.Fatalf("first page of durand: %q, more %v", first, more)
		}
		last, err := s.FindCompanyBySIRET(ctx, siretOf(3))
		if err != nil {
			t.Fatal(err)
		}
		if next, _ := names("durand", last.ID, 1); !slices.Equal(next, []string{"Peinture Durand 0002"}) {
			t.Fatalf("second page of durand: %q", next)
		}
	})
}

// TestFindCallersBySIRETStart: digits are the start of a SIRET, read as a range
// of the SIRET index up to the next digit string, at the ends of the range.
func TestFindCallersBySIRETStart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) { checkSIRETStart(t, s) })
}

func checkSIRETStart(t *testing.T, s *store.Store) {
	t.Helper()
	seedDirectory(t, s, []company.Company{
		{SIRET: "44306184100047", Name: "Menuiserie Dupont"},
		{SIRET: "44399999900011", Name: "Plomberie Martin"},
		{SIRET: "44400000000017", Name: "Peinture Roux"},
		{SIRET: "99999999900011", Name: "Entreprise 999"},
	}, nil)
	for digits, want := range map[string][]string{
		"443":            {"Menuiserie Dupont", "Plomberie Martin"},
		"443061841":      {"Menuiserie Dupont"},
		"4439999":        {"Plomberie Martin"},
		"444":            {"Peinture Roux"},
		"999":            {"Entreprise 999"},
		"44306184100047": {"Menuiserie Dupont"},
		"12":             nil,
	} {
		if got := callerNames(t, s, store.CallerFilter{Digits: digits}); !slices.Equal(got, want) {
			t.Errorf("digits %q found %q, want %q", digits, got, want)
		}
	}
}

// TestFindCallersBySIRETStartFrenchCollation runs the SIRET-start lookup on a
// PostgreSQL database whose default collation is French (ICU fr-FR), where ":"
// sorts before the digits: the range "443" to "443:" the lookup used was empty
// there. Skipped when no server answers or it has no ICU French collation.
func TestFindCallersBySIRETStartFrenchCollation(t *testing.T) {
	if testing.Short() {
		t.Skip("creates a database")
	}
	admin := os.Getenv("GUICHET_TEST_POSTGRES")
	if admin == "" {
		admin = storetest.DefaultURL
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after the database is dropped: cleanups run last first
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var icu bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_collation
		WHERE collname = 'fr-FR-x-icu' AND collprovider = 'i')`).Scan(&icu); err != nil {
		t.Skipf("PostgreSQL leg skipped: no server reachable (%v)", err)
	}
	if !icu {
		t.Skip("skipped: this PostgreSQL server has no ICU French collation (fr-FR-x-icu in pg_collation)")
	}
	name := fmt.Sprintf("guichet_test_fr_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name+
		" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'fr-FR'"); err != nil {
		t.Fatalf("create a French-collated database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	s, err := store.Open(context.Background(), store.Options{DatabaseURL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The premise: this database sorts "443:" before the SIRETs starting with 443.
	fr, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer fr.Close()
	var before bool
	if err := fr.QueryRowContext(ctx, "SELECT '443:' < '44306184100047'").Scan(&before); err != nil || !before {
		t.Fatalf("the database does not sort as a French collation does (%v, %v)", before, err)
	}
	checkSIRETStart(t, s)
	if got := callerNames(t, s, store.CallerFilter{Words: strings.ToLower("Dupont")}); len(got) != 1 {
		t.Errorf("a word in the middle of a name found %q under the French collation", got)
	}
}
