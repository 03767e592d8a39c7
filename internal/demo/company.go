package demo

import (
	"fmt"
	"strings"

	"github.com/guichet/guichet/internal/company"
)

// Pools of companies. A request first draws its pool, so that the shares the
// cell reports (70 % local, half of them TPE) hold whatever companies exist.
const (
	poolLocalTPE = iota
	poolLocalOther
	poolElsewhere
	poolCount
)

// poolShares are the pools' shares of companies and of requests, per 20.
var poolShares = [poolCount]int{7, 7, 6}

// firm is a demo company with its people, before it is stored.
type firm struct {
	co       company.Company
	town     *commune
	trade    *trade
	owner    string    // the family name in the company's name, "" when none
	people   []contact // its contacts, the first one calls most
	contact0 int       // global index of people[0]
}

// contact is a person of a firm with what the messages need to address them.
type contact struct {
	company.Contact
	first, last string
	woman       bool
}

// civility is "Madame" or "Monsieur".
func (c *contact) civility() string {
	if c.woman {
		return "Madame"
	}
	return "Monsieur"
}

// short is "Mme Durand" or "M. Durand", as an agent notes a caller.
func (c *contact) short() string {
	if c.woman {
		return "Mme " + c.last
	}
	return "M. " + c.last
}

// firmSet is every demo company, by pool, and which of them already called.
type firmSet struct {
	list     []firm
	pools    [poolCount][]int // firm indexes, in the order they first call
	used     [poolCount]int   // pools[p][:used[p]] have called at least once
	newShare [poolCount]float64
	contacts int // how many contacts the firms have in all
}

// firmBuilder makes firms with unique SIRETs and domains.
type firmBuilder struct {
	r       *rng
	local   weighted[*commune]
	others  weighted[*commune]
	sirets  map[string]bool
	domains map[string]bool
}

// makeFirms builds n companies, 70 % of them in the territory, and sets for
// each pool the share of requests that come from a company calling for the
// first time, so that by the end of the year nearly all of them have called.
func makeFirms(seed int64, n int, territory company.Territory, requests int) (*firmSet, error) {
	b := &firmBuilder{r: newRNG(seed, streamCompanies), sirets: map[string]bool{}, domains: map[string]bool{}}
	var local, others []wt[*commune]
	for i := range communes {
		c := &communes[i]
		dep, err := company.DepartementFromCommune(c.code)
		if err != nil {
			return nil, fmt.Errorf("demo: commune %s: %w", c.code, err)
		}
		if territory.Contains(dep) {
			local = append(local, wt[*commune]{c, c.weight})
		} else {
			others = append(others, wt[*commune]{c, c.weight})
		}
	}
	if len(local) == 0 || len(others) == 0 {
		return nil, fmt.Errorf("demo: the territory %q leaves no demo town inside or outside it", territory.Name)
	}
	b.local, b.others = choices(local...), choices(others...)
	set := &firmSet{}
	pools := newDeck(wt[int]{poolLocalTPE, poolShares[0]}, wt[int]{poolLocalOther, poolShares[1]},
		wt[int]{poolElsewhere, poolShares[2]})
	for range n {
		p := pools.deal(b.r)
		f := b.firm(p)
		f.contact0 = set.contacts
		set.contacts += len(f.people)
		set.pools[p] = append(set.pools[p], len(set.list))
		set.list = append(set.list, f)
	}
	for p := range poolCount {
		expected := float64(requests) * float64(poolShares[p]) / 20
		set.newShare[p] = min(1, float64(len(set.pools[p]))/max(1, expected))
	}
	return set, nil
}

// firm makes one company of pool p.
func (b *firmBuilder) firm(p int) firm {
	r := b.r
	var f firm
	size := company.TPE
	switch p {
	case poolLocalOther:
		size = choices(wt[company.Size]{company.PME, 76}, wt[company.Size]{company.ETI, 16},
			wt[company.Size]{company.GE, 8}).draw(r)
	case poolElsewhere:
		size = choices(wt[company.Size]{company.TPE, 30}, wt[company.Size]{company.PME, 45},
			wt[company.Size]{company.ETI, 15}, wt[company.Size]{company.GE, 10}).draw(r)
	}
	if p == poolElsewhere {
		f.town = b.others.draw(r)
	} else {
		f.town = b.local.draw(r)
	}
	for {
		f.trade = &trades[r.IntN(len(trades))]
		if f.trade.big || size == company.TPE || size == company.PME {
			break
		}
	}
	siret := b.siret(size)
	dep, _ := company.DepartementFromCommune(f.town.code)
	f.co = company.Company{SIRET: siret, SIREN: company.SIRENOf(siret), Size: size, NAF: pick(r, f.trade.naf),
		CommuneCode: f.town.code, Departement: dep, SIRETValid: true}
	f.co.Name, f.owner = b.name(&f)
	domain := b.domain(&f)
	for i := range b.staffCount(size) {
		f.people = append(f.people, b.contact(&f, i, domain))
	}
	return f
}

// staffCount is how many people of a company call the cell.
func (b *firmBuilder) staffCount(size company.Size) int {
	switch size {
	case company.TPE:
		return choices(wt[int]{1, 7}, wt[int]{2, 3}).draw(b.r)
	case company.PME:
		return choices(wt[int]{1, 4}, wt[int]{2, 4}, wt[int]{3, 2}).draw(b.r)
	}
	return b.r.between(2, 3)
}

// siret draws a SIREN (8 digits and its Luhn key) and a NIC (4 digits and the
// key of the whole SIRET), unique in the demo and never La Poste's SIREN.
func (b *firmBuilder) siret(size company.Size) string {
	r := b.r
	for {
		siren := fmt.Sprintf("%c%07d", "345789"[r.IntN(6)], r.IntN(10_000_000))
		siren = withKey(siren, company.ValidSIREN)
		if siren == "" || siren == "356000000" {
			continue
		}
		var nic string
		switch size {
		case company.TPE:
			nic = fmt.Sprintf("%04d", choices(wt[int]{1, 7}, wt[int]{2, 2}, wt[int]{3, 1}).draw(r))
		case company.PME:
			nic = fmt.Sprintf("%04d", r.between(1, 9))
		default:
			nic = fmt.Sprintf("%04d", r.between(10, 999))
		}
		s := withKey(siren+nic, company.ValidSIRET)
		if s != "" && !b.sirets[s] {
			b.sirets[s] = true
			return s
		}
	}
}

// withKey appends the digit that makes valid accept the number, or returns "".
func withKey(payload string, valid func(string) bool) string {
	for d := '0'; d <= '9'; d++ {
		if s := payload + string(d); valid(s) {
			return s
		}
	}
	return ""
}

// name builds a company name from its trade, a family name or its area, and
// returns the family name it used.
func (b *firmBuilder) name(f *firm) (name, owner string) {
	r, head := b.r, pick(b.r, f.trade.heads)
	family := pick(r, familyNames)
	switch f.co.Size {
	case company.ETI, company.GE:
		switch r.IntN(3) {
		case 0:
			return "Groupe " + family, family
		case 1:
			return head + " " + family + " " + pick(r, []string{"SA", "SAS"}), family
		}
		return head + " " + f.town.area + " SAS", ""
	}
	kind := choices(wt[int]{0, 35}, wt[int]{1, 12}, wt[int]{2, 20}, wt[int]{3, 10}, wt[int]{4, 8}).draw(r)
	switch {
	case kind == 1:
		name, owner = family+" "+head, family
	case kind == 2:
		name = head + " " + f.town.area
	case kind == 3 && f.trade.family:
		name, owner = head+" "+family+" et Fils", family
	case kind == 4 && f.co.Size == company.PME:
		name = acronym(r) + " " + head
	default:
		name, owner = head+" "+family, family
	}
	if r.chance(0.25) {
		forms := []string{"SARL", "SAS"}
		if f.co.Size == company.TPE {
			forms = []string{"EURL", "SARL", "SASU"}
		}
		name += " " + pick(r, forms)
	}
	return name, owner
}

// acronym is the kind of initials a PME goes by ("SMEB").
func acronym(r *rng) string {
	const letters = "ABCDEGLMPRT"
	n := r.between(2, 3)
	s := "S"
	for range n {
		s += string(letters[r.IntN(len(letters))])
	}
	return s
}

// legalForms are dropped from names to make domains.
var legalForms = []string{" SARL", " SASU", " SAS", " EURL", " SA"}

// domain derives a unique domain from the company name, under the reserved
// .example top-level domain (RFC 2606): a demo run with SMTP configured must
// never write to a real firm.
func (b *firmBuilder) domain(f *firm) string {
	base := f.co.Name
	for _, lf := range legalForms {
		base = strings.TrimSuffix(base, lf)
	}
	sep := "-"
	if b.r.chance(0.3) {
		sep = ""
	}
	d := slug(base, sep)
	for i := 0; b.domains[d]; i++ {
		d = slug(base, sep) + "-" + slug(f.town.name, "")
		if i > 0 {
			d += fmt.Sprint(i + 1)
		}
	}
	b.domains[d] = true
	return d + ".example"
}
