package bench

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxErrorSamples is how many distinct error lines a report shows per operation.
const maxErrorSamples = 5

// Report is the outcome of a run, ready for a table (String) or for JSON.
type Report struct {
	BaseURL  string  `json:"base_url"`
	Scenario string  `json:"scenario"`
	Clients  int     `json:"clients"`
	Seconds  float64 `json:"seconds"` // measured, from the first request to the last answer
	// Stopped says what ended the run: "duration", "cancelled" or "max_requests".
	Stopped    string    `json:"stopped"`
	Operations []OpStats `json:"operations"`
}

// OpStats are one operation's figures. Latencies are those of the successful
// requests; a failed one counts in Errors only.
type OpStats struct {
	Name      string  `json:"name"`
	Requests  int     `json:"requests"`   // answered, successes and failures
	Errors    int     `json:"errors"`     // non-2xx, malformed answers, transport errors
	PerSecond float64 `json:"per_second"` // successes per second of the run
	P50       Millis  `json:"p50_ms"`
	P95       Millis  `json:"p95_ms"`
	P99       Millis  `json:"p99_ms"`
	Max       Millis  `json:"max_ms"`
	// FirstErrors are the first distinct failures ("500 {…}", "dial tcp …").
	FirstErrors []string `json:"first_errors,omitempty"`
}

// Op returns the figures of the named operation, or nil if the run had none.
func (r *Report) Op(name string) *OpStats {
	for i := range r.Operations {
		if r.Operations[i].Name == name {
			return &r.Operations[i]
		}
	}
	return nil
}

// Errors is the number of failed requests over all operations.
func (r *Report) Errors() int {
	n := 0
	for _, op := range r.Operations {
		n += op.Errors
	}
	return n
}

// Millis is a duration that reads, in JSON, as a number of milliseconds.
type Millis time.Duration

// MarshalJSON writes the duration in milliseconds, to the microsecond.
func (m Millis) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, math.Round(m.ms()*1000)/1000, 'f', -1, 64), nil
}

func (m Millis) ms() float64 { return float64(m) / float64(time.Millisecond) }

// String writes the milliseconds with two decimals ("12.34").
func (m Millis) String() string { return strconv.FormatFloat(m.ms(), 'f', 2, 64) }

// String writes the report as a small bilingual table, then the first errors.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "guichet bench — %s, %d clients, %.1f s (arrêt / stopped: %s)\n",
		r.Scenario, r.Clients, r.Seconds, r.Stopped)
	const row = "%-14s %9s %8s %9s %8s %8s %8s %8s\n"
	fmt.Fprintf(&b, row, "opération", "requêtes", "erreurs", "par s", "p50 ms", "p95 ms", "p99 ms", "max ms")
	b.WriteString(strings.TrimRight(fmt.Sprintf(row, "operation", "requests", "errors", "per s", "", "", "", ""), " \n") + "\n")
	for _, op := range r.Operations {
		fmt.Fprintf(&b, row, op.Name, strconv.Itoa(op.Requests), strconv.Itoa(op.Errors), fmt.Sprintf("%.1f", op.PerSecond),
			op.P50, op.P95, op.P99, op.Max)
	}
	for _, op := range r.Operations {
		for _, e := range op.FirstErrors {
			fmt.Fprintf(&b, "  %s: %s\n", op.Name, e)
		}
	}
	return b.String()
}

// recorder collects one client's samples; each client has its own, so recording
// takes no lock.
type recorder struct {
	ops map[string]*samples
}

type samples struct {
	ok     []time.Duration
	errors int
	first  []string
}

func newRecorder() *recorder { return &recorder{ops: map[string]*samples{}} }

func (r *recorder) add(op string, took time.Duration, err error) {
	s := r.ops[op]
	if s == nil {
		s = &samples{}
		r.ops[op] = s
	}
	if err == nil {
		s.ok = append(s.ok, took)
		return
	}
	s.errors++
	if len(s.first) < maxErrorSamples {
		s.first = appendDistinct(s.first, err.Error())
	}
}

// newReport merges the clients' samples and computes each operation's figures.
func newReport(o Options, base *url.URL, elapsed time.Duration, stopped string, recs []*recorder) *Report {
	r := &Report{BaseURL: base.String(), Scenario: o.Scenario, Clients: o.Clients, Seconds: elapsed.Seconds(), Stopped: stopped}
	for _, name := range []string{OpCreate, OpInbox, OpInboxActive} {
		var all samples
		for _, rec := range recs {
			if s := rec.ops[name]; s != nil {
				all.ok = append(all.ok, s.ok...)
				all.errors += s.errors
				for _, e := range s.first {
					if len(all.first) < maxErrorSamples {
						all.first = appendDistinct(all.first, e)
					}
				}
			}
		}
		if len(all.ok)+all.errors > 0 {
			r.Operations = append(r.Operations, stats(name, &all, elapsed))
		}
	}
	return r
}

// stats sorts the latencies and reads the percentiles off them (nearest rank).
func stats(name string, s *samples, elapsed time.Duration) OpStats {
	slices.Sort(s.ok)
	st := OpStats{Name: name, Requests: len(s.ok) + s.errors, Errors: s.errors, FirstErrors: s.first}
	if elapsed > 0 {
		st.PerSecond = float64(len(s.ok)) / elapsed.Seconds()
	}
	if len(s.ok) > 0 {
		st.P50, st.P95, st.P99 = percentile(s.ok, 50), percentile(s.ok, 95), percentile(s.ok, 99)
		st.Max = Millis(s.ok[len(s.ok)-1])
	}
	return st
}

// percentile returns the nearest-rank p-th percentile of sorted, non-empty samples.
func percentile(sorted []time.Duration, p float64) Millis {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return Millis(sorted[min(max(rank, 1), len(sorted))-1])
}

func appendDistinct(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
