package demo

import (
	"math/rand/v2"
)

// Random streams. Each part of the data draws from its own PCG stream, so that a
// change in how tickets are drawn does not reshuffle the companies, and the
// same seed always gives the same data.
const (
	streamCompanies uint64 = iota + 1
	streamConsultations
	streamCalendar
	streamTickets
	streamCatalog
)

// rng is a deterministic random source with the draws the generator needs.
type rng struct{ *rand.Rand }

func newRNG(seed int64, stream uint64) *rng {
	return &rng{rand.New(rand.NewPCG(uint64(seed), stream))}
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// between returns an integer in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// pick returns one element of a non-empty slice, uniformly.
func pick[T any](r *rng, s []T) T { return s[r.IntN(len(s))] }

// weighted is a list of choices with integer weights.
type weighted[T any] struct {
	items []T
	cum   []int // cumulative weights
}

// choices builds a weighted list from (item, weight) pairs.
func choices[T any](pairs ...wt[T]) weighted[T] {
	var w weighted[T]
	total := 0
	for _, p := range pairs {
		total += p.w
		w.items = append(w.items, p.v)
		w.cum = append(w.cum, total)
	}
	return w
}

// wt is one weighted choice.
type wt[T any] struct {
	v T
	w int
}

// draw picks an item with probability proportional to its weight.
func (w weighted[T]) draw(r *rng) T {
	n := r.IntN(w.cum[len(w.cum)-1])
	lo, hi := 0, len(w.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if w.cum[mid] > n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return w.items[lo]
}

// deck deals its cards in shuffled rounds: within every round the shares are
// exact, so a share (channels, local companies, off-topic requests) holds month
// after month instead of drifting as independent draws would.
type deck[T any] struct {
	cards []T
	next  int
}

// newDeck builds a deck holding each item as many times as its weight.
func newDeck[T any](pairs ...wt[T]) *deck[T] {
	d := &deck[T]{}
	for _, p := range pairs {
		for range p.w {
			d.cards = append(d.cards, p.v)
		}
	}
	d.next = len(d.cards) // shuffle on the first deal
	return d
}

// deal returns the next card, shuffling a new round when the deck is spent.
func (d *deck[T]) deal(r *rng) T {
	if d.next == len(d.cards) {
		r.Shuffle(len(d.cards), func(i, j int) { d.cards[i], d.cards[j] = d.cards[j], d.cards[i] })
		d.next = 0
	}
	d.next++
	return d.cards[d.next-1]
}
