package importer

import "errors"

// prefetched reads a source ahead in a goroutine of its own, so that parsing the
// next records (JSON decoding of BOAMP's nested `donnees`, CSV splitting) runs while
// the previous batch is being written: on the import's two stages, each waits for
// the other otherwise. The order of records and errors is kept; the reader stops
// after the source's first error (io.EOF included) or when stop is called.
type prefetched struct {
	items chan fetched
	quit  chan struct{}
	last  *fetched // the terminal error, repeated to later calls
}

type fetched struct {
	rec record
	err error
}

// prefetchAhead is how many records may wait, parsed, for the writer: a few
// batches, so that a slow commit never starves the parser, with memory bounded.
const prefetchAhead = 1024

func prefetch(src source) *prefetched {
	p := &prefetched{items: make(chan fetched, prefetchAhead), quit: make(chan struct{})}
	go func() {
		defer close(p.items)
		for {
			rec, err := src.next()
			select {
			case p.items <- fetched{rec, err}:
			case <-p.quit:
				return
			}
			if terminal(err) {
				return
			}
		}
	}()
	return p
}

func (p *prefetched) next() (record, error) {
	if p.last != nil {
		return p.last.rec, p.last.err
	}
	f := <-p.items
	if terminal(f.err) {
		p.last = &f
	}
	return f.rec, f.err
}

// terminal reports whether err ends the source (a rejected record does not).
func terminal(err error) bool {
	var rej *Rejection
	return err != nil && !errors.As(err, &rej)
}

// stop ends the reading goroutine; the source is not read again.
func (p *prefetched) stop() {
	select {
	case <-p.quit:
	default:
		close(p.quit)
	}
}
