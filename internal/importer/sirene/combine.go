package sirene

import (
	"slices"

	"github.com/guichet/guichet/internal/company"
)

// WithUnit completes an establishment with its legal unit (a record of a
// StockUniteLegale file with the same SIREN): the legal name replaces the
// establishment's usual name or sign, and the company's size replaces the
// hint drawn from the establishment's headcount. A unit of another SIREN,
// or a blank name or unknown size, changes nothing.
func (r Record) WithUnit(unit Record) Record {
	if unit.SIREN == "" || unit.SIREN != r.SIREN {
		return r
	}
	if unit.Name != "" {
		r.Name = unit.Name
	}
	if unit.Size != company.SizeUnknown && unit.Size != "" {
		r.Size = unit.Size
	}
	return r
}

// SIRENSet remembers the SIRENs of the establishments kept in a first pass,
// so that the pass over StockUniteLegale skips the others without asking the
// store. It holds 4 bytes per SIREN (a SIREN is 9 digits, under 2³²): the
// million SIRENs of a large region take 4 MB. Add every SIREN first, then
// call Contains; the zero value is ready to use.
type SIRENSet struct {
	ids    []uint32
	sorted bool
}

// Add records a SIREN; anything that is not 9 digits is ignored.
func (s *SIRENSet) Add(siren string) {
	if id, ok := sirenID(siren); ok {
		s.ids = append(s.ids, id)
		s.sorted = false
	}
}

// Contains reports whether siren was added. The first call after Add sorts
// the set.
func (s *SIRENSet) Contains(siren string) bool {
	id, ok := sirenID(siren)
	if !ok {
		return false
	}
	s.sort()
	_, found := slices.BinarySearch(s.ids, id)
	return found
}

// Len returns the number of distinct SIRENs added.
func (s *SIRENSet) Len() int {
	s.sort()
	return len(s.ids)
}

// sort orders the set and drops duplicates, once after each run of Add.
func (s *SIRENSet) sort() {
	if !s.sorted {
		slices.Sort(s.ids)
		s.ids = slices.Compact(s.ids)
		s.sorted = true
	}
}

// sirenID reads 9 ASCII digits as a number.
func sirenID(siren string) (uint32, bool) {
	if len(siren) != 9 {
		return 0, false
	}
	var id uint32
	for i := 0; i < 9; i++ {
		c := siren[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		id = id*10 + uint32(c-'0')
	}
	return id, true
}
