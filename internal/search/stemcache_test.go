package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// TestStemMemoGivesSnowballsStems: over every word of the repository's French
// texts, the memo's stem is the computed one, the first time (computed) and the
// second (remembered, without computing), and so is Stem's.
func TestStemMemoGivesSnowballsStems(t *testing.T) {
	words := frenchWords(t)
	if len(words) < 2000 {
		t.Fatalf("only %d distinct words", len(words))
	}
	m := newStemMemo(1 << 20)
	computed := 0
	counting := func(w string) string { computed++; return stem(w) }
	for pass := range 2 {
		computed = 0
		for _, w := range words {
			want := stem(w)
			if got := m.stem(w, counting); got != want {
				t.Fatalf("pass %d: %q → %q, computed %q", pass, w, got, want)
			}
			if got := Stem(w); got != want {
				t.Fatalf("Stem(%q) = %q, computed %q", w, got, want)
			}
		}
		if want := []int{len(words), 0}[pass]; computed != want {
			t.Errorf("pass %d: %d words stemmed, want %d", pass, computed, want)
		}
	}
	if m.len() != len(words) {
		t.Errorf("%d words remembered, want %d", m.len(), len(words))
	}
}

// TestStemMemoIsBounded: past its capacity the memo remembers nothing more (and
// still answers right), and a long word is never remembered; the shared memo
// holds at most 100,000 words.
func TestStemMemoIsBounded(t *testing.T) {
	const capacity = 1000
	m := newStemMemo(capacity)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 * capacity {
		w := randomWord(r, 3+i%30)
		if got, want := m.stem(w, stem), stem(w); got != want {
			t.Fatalf("%q → %q, computed %q", w, got, want)
		}
	}
	if n := m.len(); n > capacity || n < capacity-stemMemoShards {
		t.Errorf("%d words remembered, want at most %d (and about that many)", n, capacity)
	}
	long := newStemMemo(capacity)
	for range 100 {
		w := randomWord(r, stemMemoMaxWord+1+r.IntN(40))
		if got, want := long.stem(w, stem), stem(w); got != want {
			t.Fatalf("%q → %q, computed %q", w, got, want)
		}
	}
	if n := long.len(); n != 0 {
		t.Errorf("%d long words remembered, want none", n)
	}
	if n := stems.perShard * stemMemoShards; n > 100_000 || n < 90_000 {
		t.Errorf("the shared memo holds up to %d words", n)
	}
	if none := newStemMemo(0); none.stem("marchés", stem) != stem("marchés") || none.len() != 0 {
		t.Error("a memo of no word remembered one")
	}
}

// TestStemMemoConcurrent: goroutines stemming the same words at once, in a memo
// that fills up meanwhile, all get the computed stems (run with -race).
func TestStemMemoConcurrent(t *testing.T) {
	words := frenchWords(t)
	m := newStemMemo(len(words) / 2)
	want := make([]string, len(words))
	for i, w := range words {
		want[i] = stem(w)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for k := range words {
				i := (k*7 + g*131) % len(words)
				if got := m.stem(words[i], stem); got != want[i] {
					errs <- fmt.Errorf("goroutine %d: %q → %q, computed %q", g, words[i], got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := m.len(); n > len(words)/2 {
		t.Errorf("%d words remembered, capacity %d", n, len(words)/2)
	}
}

func randomWord(r *rand.Rand, n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyzéèàç"
	runes := []rune(letters)
	var b strings.Builder
	for range n {
		b.WriteRune(runes[r.IntN(len(runes))])
	}
	return b.String()
}
