package demo_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
)

// allBuyers reads every buyer, page by page.
func allBuyers(t *testing.T, s *store.Store) []*tender.Buyer {
	t.Helper()
	var out []*tender.Buyer
	var after int64
	for {
		page, more, err := s.FindBuyers(context.Background(), "", after, 200)
		if err != nil {
			t.Fatalf("find buyers: %v", err)
		}
		out = append(out, page...)
		if !more {
			return out
		}
		after = page[len(page)-1].ID
	}
}

// allConsultations reads every consultation of the catalog. The store lists at
// most 200 at a time without a cursor, so it reads them buyer by buyer and
// status by status, and fails if one of those lists may have been cut.
func allConsultations(t *testing.T, s *store.Store) []*tender.Consultation {
	t.Helper()
	var out []*tender.Consultation
	for _, b := range allBuyers(t, s) {
		for _, st := range []tender.Status{tender.Open, tender.Closed, tender.Awarded, tender.Cancelled} {
			f := store.ConsultationFilter{BuyerID: b.ID, Statuses: []tender.Status{st}, Limit: 200}
			page, err := s.FindConsultations(context.Background(), f)
			if err != nil {
				t.Fatalf("find consultations: %v", err)
			}
			if len(page) == 200 {
				t.Fatalf("%s has 200 %s consultations or more: the list may be cut", b.Name, st)
			}
			out = append(out, page...)
		}
	}
	return out
}

// officialCPV reads the CPV 2008 list that internal/tender tests against.
func officialCPV(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open("../tender/testdata/cpv2008.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	codes := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			codes[line] = true
		}
	}
	return codes
}

// checkBuyers checks the catalog's buyers: our own organisation, the region,
// under its real name, then the others, each with a valid SIRET and contacts
// that can never reach a real mailbox.
func checkBuyers(t *testing.T, g generated) {
	buyers := allBuyers(t, g.store)
	if len(buyers) < 60 || len(buyers) != g.res.Buyers {
		t.Fatalf("%d buyers stored, %d reported", len(buyers), g.res.Buyers)
	}
	kinds := map[tender.BuyerKind]int{}
	var own []*tender.Buyer
	for _, b := range buyers {
		kinds[b.Kind]++
		if b.Own {
			own = append(own, b)
		}
		if !company.ValidSIRET(b.SIRET) || b.Name == "" {
			t.Errorf("buyer %q: SIRET %q", b.Name, b.SIRET)
		}
		if _, err := company.NormalizeEmail(b.Email); err != nil || !strings.HasSuffix(b.Email, ".example") {
			t.Errorf("buyer %q: e-mail %q (%v)", b.Name, b.Email, err)
		}
		if norm, err := phone.Normalize(b.Phone); err != nil || norm != b.Phone || !e164.MatchString(b.Phone) {
			t.Errorf("buyer %q: phone %q", b.Name, b.Phone)
		}
		for _, u := range []string{b.ProfileURL, b.QAURL} {
			if host, _, _ := strings.Cut(strings.TrimPrefix(u, "https://"), "/"); !strings.HasPrefix(u, "https://") ||
				!strings.HasSuffix(host, ".example") {
				t.Errorf("buyer %q: URL %q", b.Name, u)
			}
		}
	}
	if len(own) != 1 || own[0].Name != "Région Auvergne-Rhône-Alpes" || own[0].Kind != tender.Region {
		t.Errorf("our own organisation: %+v", own)
	}
	for _, k := range tender.BuyerKinds() {
		if kinds[k] == 0 {
			t.Errorf("no buyer of kind %s: %v", k, kinds)
		}
	}
}

// checkCatalog checks the consultations: about 700 open at now, most from
// other buyers, each with lots, valid CPV codes and a deadline after its
// publication; past ones closed, awarded to a company, or cancelled; and every
// request's consultation among them.
func checkCatalog(t *testing.T, g generated) {
	cs := allConsultations(t, g.store)
	if len(cs) != g.res.Consultations {
		t.Fatalf("%d consultations stored, %d reported", len(cs), g.res.Consultations)
	}
	official := officialCPV(t)
	paris, _ := time.LoadLocation("Europe/Paris")
	refs := map[string]bool{}
	statuses := map[tender.Status]int{}
	var own, open, ownOpen, urgent int
	for _, c := range cs {
		refs[c.Reference] = true
		st := c.StatusAt(now)
		statuses[st]++
		if st == tender.Open {
			open++
		}
		if c.BuyerName == "Région Auvergne-Rhône-Alpes" {
			own++
			if st == tender.Open {
				ownOpen++
			}
		}
		if c.Urgent {
			urgent++
		}
		checkConsultation(t, c, official, paris)
	}
	t.Logf("%d consultations, %d open at now, statuses %v, %d urgent", len(cs), open, statuses, urgent)
	if open < 600 || open > 760 || open != g.res.Open {
		t.Errorf("%d consultations open at now (%d reported), want about 700", open, g.res.Open)
	}
	within(t, "the region's share of the consultations", share(own, len(cs)), 10, 20)
	within(t, "the region's share of the open consultations", share(ownOpen, open), 10, 20)
	for _, st := range []tender.Status{tender.Closed, tender.Awarded, tender.Cancelled} {
		if statuses[st] == 0 {
			t.Errorf("no %s consultation: %v", st, statuses)
		}
	}
	if urgent == 0 {
		t.Error("no urgent consultation")
	}
	for _, tk := range allTickets(t, g.store) {
		if tk.ConsultationRef != "" && !refs[tk.ConsultationRef] {
			t.Errorf("%s speaks of consultation %s, which is not in the catalog", tk.Number, tk.ConsultationRef)
		}
	}
	checkLots(t, g.store, cs[:min(len(cs), 40)], official)
	checkWinners(t, g, cs)
}

// checkConsultation checks one consultation as the product would show it.
func checkConsultation(t *testing.T, c *tender.Consultation, official map[string]bool, paris *time.Location) {
	t.Helper()
	if c.Object == "" || c.Procedure == "" || c.ContractType == "" || c.BuyerID == 0 || c.LotsCount < 1 || len(c.CPV) == 0 {
		t.Errorf("%s: incomplete %+v", c.Reference, c)
	}
	for _, code := range c.CPV {
		if p, err := tender.ParseCPV(code); err != nil || p.Check == "" || !p.CheckOK || !official[code] {
			t.Errorf("%s: CPV %q (%v)", c.Reference, code, err)
		}
	}
	if !c.Deadline.After(c.PublishedAt) || c.PublishedAt.After(now) {
		t.Errorf("%s: published %v, deadline %v", c.Reference, c.PublishedAt, c.Deadline)
	}
	if d := c.Deadline.In(paris); d.Minute() != 0 || d.Hour() < 10 || d.Hour() > 17 {
		t.Errorf("%s: deadline %v is not a round hour of the day in Paris", c.Reference, d)
	}
	if (c.Status == tender.Awarded) != (c.WinnerSIRET != "") || c.WinnerSIRET != "" && !company.ValidSIRET(c.WinnerSIRET) {
		t.Errorf("%s: %s, winner %q %q", c.Reference, c.Status, c.WinnerSIRET, c.WinnerName)
	}
}

// checkLots reads a few consultations whole and checks their lots.
func checkLots(t *testing.T, s *store.Store, cs []*tender.Consultation, official map[string]bool) {
	t.Helper()
	for _, c := range cs {
		full, err := s.FindConsultationByRef(context.Background(), c.Reference)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range full.Lots {
			if l.Number != i+1 || l.Title == "" || !official[l.CPV] {
				t.Errorf("%s: lot %+v", c.Reference, l)
			}
		}
		if len(full.Lots) != c.LotsCount {
			t.Errorf("%s: %d lots, %d counted", c.Reference, len(full.Lots), c.LotsCount)
		}
	}
}

// checkWinners checks that the contracts went to demo companies: nearly all
// of them called the cell during the year, so are stored.
func checkWinners(t *testing.T, g generated, cs []*tender.Consultation) {
	t.Helper()
	stored := map[string]bool{}
	for _, co := range allCompanies(t, g.store) {
		stored[co.SIRET] = true
	}
	awarded, known := 0, 0
	for _, c := range cs {
		if c.Status == tender.Awarded {
			awarded++
			if stored[c.WinnerSIRET] {
				known++
			}
		}
	}
	within(t, "contracts awarded to a company of the demo", share(known, awarded), 80, 100)
}

// catalogDigest sums up the catalog, for the determinism test.
func catalogDigest(t *testing.T, s *store.Store) string {
	t.Helper()
	h := sha256.New()
	for _, c := range allConsultations(t, s) {
		fmt.Fprintln(h, c.Reference, c.BuyerSIRET, c.Object, c.Procedure, c.CPV, c.LotsCount, c.PublishedAt.UnixMicro(),
			c.Deadline.UnixMicro(), c.Urgent, c.Status, c.WinnerSIRET, c.AmountCents)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}
