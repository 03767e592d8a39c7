package attach_test

import (
	"archive/zip"
	"bytes"
	"testing"
)

// exe is the start of a Windows program (MZ header pointing at a PE header).
func exe() []byte {
	b := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), make([]byte, 200)...)
	copy(b[60:], []byte{0x80, 0, 0, 0})
	copy(b[0x80:], []byte("PE\x00\x00"))
	return b
}

// zipWith is a ZIP archive holding empty files with these names (an Office
// document is a ZIP with known names inside).
func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
