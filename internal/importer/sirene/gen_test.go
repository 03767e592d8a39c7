package sirene

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"testing"
)

// This file generates synthetic StockEtablissement lines for the benchmark
// and the memory test: the real header, every one of its 53 columns filled
// the way INSEE fills them, communes spread over France so that a regional
// filter keeps about the share a real region keeps, and about 45 % of
// closed establishments, as in the real stock.

// synthCommunes is a spread of commune codes with their postal codes: 12
// in Auvergne-Rhône-Alpes out of 100, about the region's share of French
// establishments, plus overseas and Corsica.
var synthCommunes = func() [][2]string {
	ara := [][2]string{{"69383", "69003"}, {"38185", "38000"}, {"42218", "42000"}, {"63113", "63000"},
		{"73065", "73000"}, {"74010", "74000"}, {"26362", "26000"}, {"01053", "01000"}, {"03190", "03000"},
		{"07186", "07000"}, {"15014", "15000"}, {"43157", "43000"}}
	other := [][2]string{{"75108", "75008"}, {"13202", "13002"}, {"31555", "31000"}, {"33063", "33000"},
		{"59350", "59000"}, {"67482", "67000"}, {"44109", "44000"}, {"06088", "06000"}, {"34172", "34000"},
		{"35238", "35000"}, {"2A004", "20000"}, {"97411", "97400"}, {"92050", "92000"}, {"93066", "93200"},
		{"76540", "76000"}, {"21231", "21000"}, {"29019", "29200"}, {"57463", "57000"}, {"87085", "87000"},
		{"97105", "97100"}, {"80021", "80000"}, {"37261", "37000"}}
	out := append([][2]string{}, ara...)
	for len(out) < 100 {
		out = append(out, other[len(out)%len(other)])
	}
	return out
}()

// readHeader returns the header line of the real-header fixture.
func readHeader(tb testing.TB) []byte {
	tb.Helper()
	f, err := os.Open("testdata/etablissements.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadBytes('\n')
	if err != nil {
		tb.Fatal(err)
	}
	return line
}

// luhnKey returns the digit that completes s for the Luhn check.
func luhnKey(s []byte) byte {
	sum := 0
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 0 { // doubled: they sit at odd positions once the key is added
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// appendSynthLine appends the i-th synthetic establishment, with a valid
// SIRET, in the column order of the real header.
func appendSynthLine(b []byte, i int) []byte {
	var siret [14]byte
	copy(siret[:8], strconv.AppendInt(make([]byte, 0, 8), int64(30000000+i*7%69999999), 10))
	siret[8] = luhnKey(siret[:8])
	copy(siret[9:13], "0001")
	siret[13] = luhnKey(siret[:13])
	commune := synthCommunes[(i*37)%len(synthCommunes)]
	etat, tranche := "A", [...]string{"NN", "00", "01", "02", "03", "11", "12", "21", ""}[i%9]
	if i%20 < 9 {
		etat = "F"
	}
	b = append(b, siret[:9]...)
	b = append(b, ',')
	b = append(b, siret[9:]...)
	b = append(b, ',')
	b = append(b, siret[:]...)
	b = append(b, ",O,2012-05-14,"...)
	b = append(b, tranche...)
	b = append(b, ",2022,,2024-03-08T11:42:05,true,2,,12,,,,RUE,DE LA REPUBLIQUE,"...)
	b = append(b, commune[1]...)
	b = append(b, ",VILLE SYNTHETIQUE,,,"...)
	b = append(b, commune[0]...)
	b = append(b, ",,,,,"...)
	b = append(b, commune[0]...)
	b = append(b, "_0840_00012,842156.3,6519354.7,,,,,,,,,,,,,,,2019-01-01,"...)
	b = append(b, etat...)
	if i%10 == 0 {
		b = append(b, `,,,,"ETABLISSEMENT `...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `, SITE DE PRODUCTION",43.21A,NAFRev2,O`...)
	} else {
		b = append(b, ",BOULANGERIE DU CENTRE,,,,10.71C,NAFRev2,N"...)
	}
	return append(b, '\n')
}

// synthFile builds n lines in memory, header included.
func synthFile(tb testing.TB, n int) []byte {
	b := append([]byte{}, readHeader(tb)...)
	for i := range n {
		b = appendSynthLine(b, i)
	}
	return b
}

// synthStream generates the file on the fly: a real-size stream without a
// real-size buffer.
type synthStream struct {
	header []byte
	n, i   int
	buf    []byte
}

func newSynthStream(tb testing.TB, n int) *synthStream {
	return &synthStream{header: readHeader(tb), n: n}
}

// Read implements io.Reader.
func (s *synthStream) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) && s.i < s.n {
		if s.header != nil {
			s.buf, s.header = append(s.buf, s.header...), nil
			continue
		}
		s.buf = appendSynthLine(s.buf, s.i)
		s.i++
	}
	if len(s.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.buf)
	s.buf = s.buf[:copy(s.buf, s.buf[n:])]
	return n, nil
}
