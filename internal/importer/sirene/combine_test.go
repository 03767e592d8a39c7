package sirene

import "testing"

func TestSIRENSet(t *testing.T) {
	var s SIRENSet
	if s.Contains("443061841") || s.Len() != 0 {
		t.Error("zero set is not empty")
	}
	for _, id := range []string{"443061841", "356000000", "443061841", "000000000", "999999999", "44306184", "44306184A", ""} {
		s.Add(id)
	}
	if s.Len() != 4 {
		t.Errorf("Len = %d; want 4", s.Len())
	}
	for _, id := range []string{"443061841", "356000000", "000000000", "999999999"} {
		if !s.Contains(id) {
			t.Errorf("missing %s", id)
		}
	}
	for _, id := range []string{"443061842", "44306184", "", "4430618410"} {
		if s.Contains(id) {
			t.Errorf("contains %q", id)
		}
	}
	s.Add("732829320") // adding after a lookup re-sorts
	if !s.Contains("732829320") || !s.Contains("443061841") {
		t.Error("Add after Contains lost something")
	}
}
