package search

import (
	"hash/maphash"
	"strings"
	"sync"
)

// Stemming is most of the analyser's time (Snowball's French steps allocate a
// rune buffer and run a dozen suffix searches per word), and a help desk's
// words repeat: every request says "marché", "offre", "consultation". So Stem
// remembers the stems of the words it has seen, up to a fixed number of words:
// once full it keeps what it has and stems the newcomers each time, so that
// text made to be unique (random strings) costs memory once, never more. Long
// words are never remembered: French words are short, and a long run of
// letters is most likely a reference or a hash typed once.

const (
	stemMemoWords   = 100_000 // words remembered at most, all shards together
	stemMemoMaxWord = 40      // bytes: longer words are stemmed each time
	stemMemoShards  = 32      // shards, so that both cores seldom want one lock
)

// stemMemo is a bounded, concurrency-safe map from a word to its stem.
type stemMemo struct {
	seed     maphash.Seed
	perShard int
	shards   [stemMemoShards]stemShard
}

type stemShard struct {
	mu sync.RWMutex
	m  map[string]string
	_  [40]byte // so that two shards' locks seldom share a cache line
}

// newStemMemo returns a memo of about words words (0: none).
func newStemMemo(words int) *stemMemo {
	return &stemMemo{seed: maphash.MakeSeed(), perShard: words / stemMemoShards}
}

// stem returns the stem of w, from memory or computed by stemOf and remembered
// while there is room.
func (c *stemMemo) stem(w string, stemOf func(string) string) string {
	if len(w) > stemMemoMaxWord {
		return stemOf(w)
	}
	sh := &c.shards[maphash.String(c.seed, w)%stemMemoShards]
	sh.mu.RLock()
	s, ok := sh.m[w]
	full := len(sh.m) >= c.perShard
	sh.mu.RUnlock()
	if ok {
		return s
	}
	if full {
		return stemOf(w)
	}
	// The key is copied: w may be a slice of a long text the memo must not keep.
	w = strings.Clone(w)
	s = stemOf(w)
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = make(map[string]string)
	}
	if len(sh.m) < c.perShard {
		sh.m[w] = s
	}
	sh.mu.Unlock()
	return s
}

// len is the number of words remembered.
func (c *stemMemo) len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n
}

// stems is the memo Stem uses: a cache of a pure function, shared by every
// analyser since the stem of a word never depends on the analyser.
var stems = newStemMemo(stemMemoWords)
