package telephony

import "time"

// Result is how a call went, as the call log shows it.
type Result string

// The results. Ringing and InProgress are calls not yet ended.
const (
	Ringing     Result = "ringing"
	InProgress  Result = "in_progress"
	Reached     Result = "answered"
	Missed      Result = "no_answer"
	Abandoned   Result = "abandoned"
	BusyLine    Result = "busy"
	ToVoicemail Result = "voicemail"
	// Closed is an inbound call that ended unanswered while the cell was closed.
	Closed Result = "closed"
	// Blocked is a call from a number an administrator blocked: refused at once.
	Blocked Result = "blocked"
)

// Results lists the results, for the call log's filter.
func Results() []Result {
	return []Result{Ringing, InProgress, Reached, Missed, Abandoned, BusyLine, ToVoicemail, Closed, Blocked}
}

// Valid reports whether r is a known result.
func (r Result) Valid() bool { return oneOf(r, Results()) }

// Call is one call as the events made it known. Events may come in any order and
// more than once; Apply folds each in so that the same set of events gives the
// same call whatever their order (times come from the events).
type Call struct {
	CallID     string
	Direction  Direction
	From, To   string // E.164
	Queue      string
	StartedAt  time.Time // the earliest event
	AnsweredAt time.Time // the first answer; zero when nobody answered
	EndedAt    time.Time // the hangup; zero while the call goes on
	// Agent is who holds the call: the agent of the latest answer (after a
	// transfer, the second agent). Extension is that answer's extension.
	Agent      int64
	Extension  string
	lastAnswer time.Time
	Transfers  int // answers by another agent after the first
	Cause      Cause
	Result     Result
	// Blocked marks a call refused because its number is blocked.
	Blocked bool
	// ClosedAtStart says the cell was closed when the call started (core asks
	// its calendar); an unanswered call then counts as Closed.
	ClosedAtStart bool
}

// Apply folds e into c and recomputes the result. c.CallID must already be e's.
func (c *Call) Apply(e Event) {
	if c.StartedAt.IsZero() || (e.Type != Hangup && e.At.Before(c.StartedAt)) {
		c.StartedAt = e.At
	}
	if c.Direction == "" {
		c.Direction = e.Direction
	}
	fill(&c.From, e.From)
	fill(&c.To, e.To)
	fill(&c.Queue, e.Queue)
	switch e.Type {
	case Answered:
		c.answer(e)
	case Hangup:
		c.EndedAt, c.Cause = e.At, e.Cause
		if c.StartedAt.After(e.At) {
			c.StartedAt = e.At
		}
	}
	c.Refresh()
}

// Refresh recomputes Result, after Apply or after core changed Blocked or
// ClosedAtStart.
func (c *Call) Refresh() { c.Result = c.result() }

// answer records one agent's answer. The latest answer holds the call, so that a
// transfer's answer arriving before the first agent's still ends with the right
// agent.
func (c *Call) answer(e Event) {
	if !c.AnsweredAt.IsZero() && (e.Agent != c.Agent || e.Extension != c.Extension) {
		c.Transfers++
	}
	if c.AnsweredAt.IsZero() || e.At.Before(c.AnsweredAt) {
		c.AnsweredAt = e.At
	}
	if c.lastAnswer.IsZero() || !e.At.Before(c.lastAnswer) {
		c.lastAnswer, c.Agent, c.Extension = e.At, e.Agent, e.Extension
	}
}

// LastAnswer is when the agent holding the call answered it.
func (c *Call) LastAnswer() time.Time { return c.lastAnswer }

// SetLastAnswer restores LastAnswer when a call is read back from storage.
func (c *Call) SetLastAnswer(t time.Time) { c.lastAnswer = t }

// result is what the events say so far.
//
// A hangup with the normal cause and no answer seen is ambiguous: a PBX says
// "normal" both for a call an agent took (its answered event late or never
// sent) and for a caller who hung up in the voice menu or the queue. The rule
// (docs/telephony.md): an inbound call that rang in a queue is answered only by
// an answered event — "normal" alone is Abandoned, so the caller gets a
// callback; a call without a queue (a direct line, a switchboard that never
// reports answers) and an outbound call count as answered. A late answered
// event turns the abandoned call into an answered one (core then settles the
// callback it made).
func (c *Call) result() Result {
	switch {
	case c.Blocked:
		return Blocked
	case c.EndedAt.IsZero() && c.AnsweredAt.IsZero():
		return Ringing
	case c.EndedAt.IsZero():
		return InProgress
	case !c.AnsweredAt.IsZero():
		return Reached
	case c.ClosedAtStart && c.Direction != Outbound:
		// A closed cell's switchboard plays a message and hangs up "normally":
		// still a caller nobody answered.
		return Closed
	case c.Cause == Normal && (c.Queue == "" || c.Direction == Outbound):
		return Reached
	case c.Cause == Normal:
		return Abandoned
	}
	switch c.Cause {
	case Busy:
		return BusyLine
	case Voicemail:
		return ToVoicemail
	case Cancelled:
		return Abandoned
	}
	return Missed
}

// Ended reports whether the hangup is known.
func (c *Call) Ended() bool { return !c.EndedAt.IsZero() }

// Duration is the talk time: from the first answer to the hangup (zero for a
// call nobody answered or still going on).
func (c *Call) Duration() time.Duration {
	if c.AnsweredAt.IsZero() || c.EndedAt.IsZero() || c.EndedAt.Before(c.AnsweredAt) {
		return 0
	}
	return c.EndedAt.Sub(c.AnsweredAt)
}

// NeedsCallback reports whether the call is a missed call from a company that
// the cell must call back: inbound, ended, nobody answered (no answer, abandoned
// in the queue, busy, voicemail, outside opening hours). A blocked number never
// gets a callback.
func (c *Call) NeedsCallback() bool {
	if c.Direction == Outbound || c.Blocked || c.From == "" {
		return false
	}
	switch c.Result {
	case Missed, Abandoned, BusyLine, ToVoicemail, Closed:
		return true
	}
	return false
}

func fill(dst *string, v string) {
	if *dst == "" && v != "" {
		*dst = v
	}
}
