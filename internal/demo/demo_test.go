package demo_test

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestYear generates the default year (2,000 requests) once per database and
// checks it from every side; one generation serves every check, as hashing the
// demo passwords makes each one cost.
func TestYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		g := generate(t, s, 1, 2000)
		t.Run("shares", func(t *testing.T) { checkShares(t, g) })
		t.Run("identifiers", func(t *testing.T) { checkIdentifiers(t, g) })
		t.Run("timelines", func(t *testing.T) { checkTimelines(t, g) })
		t.Run("logins", func(t *testing.T) { checkLogins(t, g) })
		t.Run("buyers", func(t *testing.T) { checkBuyers(t, g) })
		t.Run("catalog", func(t *testing.T) { checkCatalog(t, g) })
		t.Run("no second demo", func(t *testing.T) {
			if _, err := generateErr(s, 1, 100); err == nil || !strings.Contains(err.Error(), "déjà") {
				t.Fatalf("a second generation in the same store: %v", err)
			}
		})
	})
}

// checkShares checks the figures the cell reports.
func checkShares(t *testing.T, g generated) {
	tks := allTickets(t, g.store)
	if len(tks) != 2000 || g.res.Tickets != 2000 {
		t.Fatalf("%d requests stored, %d reported, want 2000", len(tks), g.res.Tickets)
	}
	territory := g.svc.Territory()
	var withCompany, local, localTPE, offTopic, phoneCalls, resolvedInScope, byCell int
	for _, tk := range tks {
		if tk.Company != nil {
			withCompany++
			if tk.Company.Local(territory) {
				local++
				if tk.Company.Size == company.TPE {
					localTPE++
				}
			}
		}
		if tk.Scope == ticket.OffTopic {
			offTopic++
		}
		if tk.Channel == ticket.Phone {
			phoneCalls++
		}
		if !tk.State.IsActive() && tk.Scope != ticket.OffTopic {
			resolvedInScope++
			if tk.Outcome == ticket.AnsweredByCell {
				byCell++
			}
		}
	}
	within(t, "local companies", share(local, withCompany), 65, 75)
	within(t, "TPE among local companies", share(localTPE, local), 40, 60)
	within(t, "off-topic", share(offTopic, len(tks)), 7, 13)
	within(t, "handled by the cell", share(byCell, resolvedInScope), 85, 95)
	within(t, "phone", share(phoneCalls, len(tks)), 55, 75)
	within(t, "anonymous", share(len(tks)-withCompany, len(tks)), 1, 10)
	checkMonths(t, tks)
}

// checkMonths checks that the off-topic share and the cell's share hold month
// after month, not only over the year.
func checkMonths(t *testing.T, tks []*ticket.Ticket) {
	t.Helper()
	type month struct{ all, off, inScope, cell int }
	months := map[string]*month{}
	for _, tk := range tks {
		key := tk.CreatedAt.Format("2006-01")
		m := months[key]
		if m == nil {
			m = &month{}
			months[key] = m
		}
		m.all++
		if tk.Scope == ticket.OffTopic {
			m.off++
		} else if !tk.State.IsActive() {
			m.inScope++
			if tk.Outcome == ticket.AnsweredByCell {
				m.cell++
			}
		}
	}
	keys := slices.Sorted(maps.Keys(months))
	for _, key := range keys {
		if m := months[key]; m.all >= 30 {
			within(t, key+" off-topic", share(m.off, m.all), 4, 16)
			within(t, key+" handled by the cell", share(m.cell, m.inScope), 80, 97)
		}
	}
}

var (
	e164   = regexp.MustCompile(`^\+[1-9][0-9]{8,14}$`)
	number = regexp.MustCompile(`^20[0-9]{2}-[0-9]{6}$`)
)

// checkIdentifiers checks identifiers as the product checks input.
func checkIdentifiers(t *testing.T, g generated) {
	cos := allCompanies(t, g.store)
	if len(cos) != g.res.Companies || len(cos) < 50 {
		t.Fatalf("%d companies stored, %d reported", len(cos), g.res.Companies)
	}
	for _, c := range cos {
		dep, err := company.DepartementFromCommune(c.CommuneCode)
		if !company.ValidSIRET(c.SIRET) || c.SIREN != c.SIRET[:9] || err != nil || dep != c.Departement ||
			c.Name == "" || c.NAF == "" || !c.SIRETValid {
			t.Errorf("bad company %+v", c)
		}
	}
	for _, tk := range allTickets(t, g.store) {
		ct := tk.Contact
		if ct == nil {
			continue
		}
		if ct.Phone != "" {
			if norm, err := phone.Normalize(ct.Phone); !e164.MatchString(ct.Phone) || err != nil || norm != ct.Phone {
				t.Errorf("contact %q: phone %q is not E.164", ct.Name, ct.Phone)
			}
		}
		if ct.Email != "" {
			if _, err := company.NormalizeEmail(ct.Email); err != nil {
				t.Errorf("contact %q: %v", ct.Name, err)
			}
			if !strings.HasSuffix(ct.Email, ".example") {
				t.Errorf("contact %q: %q could be a real mailbox, want a .example domain", ct.Name, ct.Email)
			}
		}
		if ct.Name == "" || ct.Phone == "" && ct.Email == "" {
			t.Errorf("contact without name or means %+v", ct)
		}
	}
}

// checkLogins signs in with every demo account.
func checkLogins(t *testing.T, g generated) {
	roles := map[access.Role]int{}
	for _, l := range g.res.Logins {
		a, err := g.svc.CheckPassword(context.Background(), l.Email, l.Password)
		if err != nil || a.Role != l.Role || len(l.Password) < core.MinPassword {
			t.Errorf("login %s: %v (role %s)", l.Email, err, a.Role)
		}
		roles[l.Role]++
	}
	want := map[access.Role]int{access.Admin: 1, access.Supervisor: 1, access.Agent: 3, access.Specialist: 4, access.Viewer: 1}
	for r, n := range want {
		if roles[r] != n {
			t.Errorf("%d accounts of role %s, want %d", roles[r], r, n)
		}
	}
}
