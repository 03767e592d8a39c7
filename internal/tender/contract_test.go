package tender

import "testing"

func TestContractTypeOf(t *testing.T) {
	tests := map[string]ContractType{
		"45112500-0": Works, "45": Works,
		"03000000-1": Supplies, "09310000-5": Supplies, "30200000-1": Supplies, "44000000-0": Supplies, "48000000-8": Supplies,
		"50000000-5": Services, "71000000-8": Services, "72000000-5": Services, "98000000-3": Services,
		"49000000": "", "99999999-9": "", "01000000": "", "": "", "x": "",
	}
	for cpv, want := range tests {
		if got := ContractTypeOf(cpv); got != want {
			t.Errorf("ContractTypeOf(%q) = %q; want %q", cpv, got, want)
		}
	}
}

func TestParseContractType(t *testing.T) {
	tests := []struct {
		in   string
		want ContractType
		ok   bool
	}{
		{"TRAVAUX", Works, true}, {"SERVICES", Services, true}, {"FOURNITURES", Supplies, true},
		{"Travaux", Works, true}, {" services ", Services, true}, {"SERVICE", Services, true},
		{"FOURNITURE", Supplies, true}, {"works", Works, true}, {"supplies", Supplies, true},
		{"Fournitures", Supplies, true},
		{"MIXTE", "", false}, {"", "", false}, {"Marché", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseContractType(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseContractType(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
