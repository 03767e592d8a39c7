package report

import (
	"cmp"
	"slices"
	"time"
)

// Filter narrows the figures to one team, channel or topic ("" for all).
type Filter struct {
	Team    string
	Channel string
	Topic   string
}

// Input is what the store aggregated for one period and filter; Compute turns it
// into Figures. Counts of requests created in the period, resolved in it, due in it
// and surveyed in it come from different index ranges (see docs/reports.md).
type Input struct {
	Period Period
	Filter Filter

	ByChannel map[string]int // requests created in the period, by channel
	ByTopic   map[string]int // … by topic
	ByWeek    []Bucket       // … by ISO week, in order

	WithCompany int // created in the period with a known company
	Local       int // … whose company is in the territory
	LocalTPE    int // … and is a TPE

	ByOutcome map[string]int // requests resolved in the period, by outcome
	Escalated map[string]int // created in the period and held at some time by this team

	Consultations []Bucket // the most cited consultations (Key: reference, Label: object)

	FirstResponses []time.Duration // business time to the first response, for those given in the period
	Resolutions    []time.Duration // business time to resolution, for those resolved in the period

	SLAFirstDue, SLAFirstMet           int
	SLAResolutionDue, SLAResolutionMet int
	PastDueUnanswered                  int

	SurveysSent     int    // e-mail surveys sent in the period
	SurveysAnswered int    // … of which rated
	Ratings         [5]int // online ratings recorded in the period, by note 1 to 5
	PhoneRatings    [5]int // ratings given by phone, recorded in the period

	Teams  []Label // every team, to name them; the cell is not a "service"
	Topics []Label // every topic, to name them
}

// Label names a team or a topic.
type Label struct {
	ID, Name string
	IsCell   bool
}

// Bucket is one line of a breakdown: a key, its label, a count.
type Bucket struct {
	Key   string
	Label string
	N     int
	From  time.Time // for weeks: the week's first instant within the period
	To    time.Time
}

// Ratio is a share: Num out of Den. It is undefined when Den is 0 (shown "—").
type Ratio struct {
	Num, Den int
}

// Defined reports whether the ratio has a denominator.
func (r Ratio) Defined() bool { return r.Den > 0 }

// Value is the ratio between 0 and 1 (0 when undefined).
func (r Ratio) Value() float64 {
	if r.Den == 0 {
		return 0
	}
	return float64(r.Num) / float64(r.Den)
}

// Timing is the distribution of a business-time delay.
type Timing struct {
	N      int
	Median time.Duration
	P90    time.Duration
}

// Rating is a set of ratings out of 5.
type Rating struct {
	Distribution [5]int // count of each note, 1 to 5
}

// N is the number of ratings.
func (r Rating) N() int {
	n := 0
	for _, c := range r.Distribution {
		n += c
	}
	return n
}

// Mean is the mean note (0 without ratings).
func (r Rating) Mean() float64 {
	n, sum := 0, 0
	for i, c := range r.Distribution {
		n += c
		sum += c * (i + 1)
	}
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}

// Figures are the cell's figures for one period and filter.
type Figures struct {
	Period Period
	Filter Filter

	Volume    int
	ByChannel []Bucket
	ByWeek    []Bucket
	Local     Ratio
	TPELocal  Ratio

	Resolved          int
	HandledByCell     Ratio
	AnsweredByService Ratio
	Redirected        Ratio
	OffTopic          Ratio
	Escalated         []Bucket // one per service, N = requests held; share over Volume
	Topics            []Bucket // ranked
	Consultations     []Bucket // ranked, at most ten

	FirstResponse Timing
	Resolution    Timing
	SLAFirst      Ratio
	SLAResolution Ratio
	PastDue       int

	Online       Rating
	ResponseRate Ratio
	Phone        Rating
}

// Compute derives the figures from the aggregates.
func Compute(in Input) Figures {
	f := Figures{Period: in.Period, Filter: in.Filter, ByWeek: in.ByWeek}
	for _, ch := range channelOrder {
		f.ByChannel = append(f.ByChannel, Bucket{Key: ch, Label: channelLabels[ch], N: in.ByChannel[ch]})
		f.Volume += in.ByChannel[ch]
	}
	f.Local = Ratio{in.Local, in.WithCompany}
	f.TPELocal = Ratio{in.LocalTPE, in.Local}
	for _, n := range in.ByOutcome {
		f.Resolved += n
	}
	inScope := f.Resolved - in.ByOutcome["off_topic"]
	f.HandledByCell = Ratio{in.ByOutcome["answered_by_cell"], inScope}
	f.AnsweredByService = Ratio{in.ByOutcome["answered_by_service"], inScope}
	f.Redirected = Ratio{in.ByOutcome["redirected_to_buyer"], inScope}
	f.OffTopic = Ratio{in.ByOutcome["off_topic"], f.Resolved}
	for _, t := range in.Teams {
		if !t.IsCell {
			f.Escalated = append(f.Escalated, Bucket{Key: t.ID, Label: t.Name, N: in.Escalated[t.ID]})
		}
	}
	f.Topics = ranked(in.ByTopic, in.Topics)
	f.Consultations = in.Consultations
	f.FirstResponse = timing(in.FirstResponses)
	f.Resolution = timing(in.Resolutions)
	f.SLAFirst = Ratio{in.SLAFirstMet, in.SLAFirstDue}
	f.SLAResolution = Ratio{in.SLAResolutionMet, in.SLAResolutionDue}
	f.PastDue = in.PastDueUnanswered
	f.Online = Rating{Distribution: in.Ratings}
	f.ResponseRate = Ratio{in.SurveysAnswered, in.SurveysSent}
	f.Phone = Rating{Distribution: in.PhoneRatings}
	return f
}

// ranked lists every topic with its count, most asked first (ties by the
// configured order), then topics asked about but no longer configured.
func ranked(counts map[string]int, topics []Label) []Bucket {
	var out []Bucket
	seen := map[string]bool{}
	for _, t := range topics {
		out = append(out, Bucket{Key: t.ID, Label: t.Name, N: counts[t.ID]})
		seen[t.ID] = true
	}
	for id, n := range counts {
		if !seen[id] {
			out = append(out, Bucket{Key: id, Label: id, N: n})
		}
	}
	slices.SortStableFunc(out, func(a, b Bucket) int { return cmp.Compare(b.N, a.N) })
	return out
}

// timing is the median and 90th percentile of ds.
func timing(ds []time.Duration) Timing {
	s := slices.Clone(ds)
	slices.Sort(s)
	return Timing{N: len(s), Median: Percentile(s, 50), P90: Percentile(s, 90)}
}

// Percentile is the p-th percentile of sorted values by the nearest-rank method:
// the smallest value such that at least p % of the values are less or equal. It
// is always one of the values (no interpolation), so a median of business hours
// is a delay some request really had; 0 for no values.
func Percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	return sorted[max(rank, 1)-1]
}
