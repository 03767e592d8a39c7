package decp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"testing"
)

// national streams {"marches": {"marche": [...]}} with n copies of the
// contracts of the anomalies file, each with its own id, never held whole.
type national struct {
	contracts [][]byte
	n, i      int
	pending   []byte
}

func newNational(t testing.TB, n int) *national {
	t.Helper()
	data, err := os.ReadFile("testdata/" + anomalies)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Marches struct{ Marche []map[string]any }
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	g := &national{n: n, pending: []byte(`{"marches": {"marche": [`)}
	for _, c := range file.Marches.Marche {
		delete(c, "id")
		b, _ := json.Marshal(c)
		g.contracts = append(g.contracts, b)
	}
	return g
}

func (g *national) Read(p []byte) (int, error) {
	for len(g.pending) == 0 {
		switch {
		case g.i > g.n:
			return 0, io.EOF
		case g.i == g.n:
			g.pending = []byte("]}}")
		default:
			c := g.contracts[g.i%len(g.contracts)]
			if g.i > 0 {
				g.pending = append(g.pending, ',', '\n')
			}
			g.pending = append(g.pending, fmt.Sprintf(`{"id": "N%07d", `, g.i)...)
			g.pending = append(g.pending, bytes.TrimPrefix(c, []byte("{"))...)
		}
		g.i++
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

// The reader keeps one contract in memory, not the file.
func TestReaderStreams(t *testing.T) {
	const n = 5000 // about 10 MB of JSON
	rd := NewReader(newNational(t, n))
	held := 0
	for i := 0; ; i++ {
		rec, err := rd.Next()
		if err == io.EOF {
			if i != n {
				t.Fatalf("read %d contracts; want %d", i, n)
			}
			break
		}
		if err != nil || rec.ID != fmt.Sprintf("N%07d", i) {
			t.Fatalf("contract %d = %q, %v", i, rec.ID, err)
		}
		held = max(held, rd.win.Held())
	}
	if held > 256<<10 {
		t.Errorf("the reader held up to %d bytes of input; want under 256 KiB", held)
	}
}

func BenchmarkReader(b *testing.B) {
	const n = 2000
	b.ReportAllocs()
	for b.Loop() {
		rd := NewReader(newNational(b, n))
		for {
			if _, err := rd.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}
