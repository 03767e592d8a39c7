package sla

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// calendarJSON is a calendar as the API and the store write it:
//
//	{"location": "Europe/Paris",
//	 "hours": {"monday": ["9:00-12:30", "13:30-17:00"], …},
//	 "alsace_moselle": false,
//	 "closures": [{"from": "2026-12-24", "to": "2027-01-01", "reason": "Fêtes"}],
//	 "extra_holidays": ["2026-12-24"]}
//
// A weekday missing from hours is closed.
type calendarJSON struct {
	Location      string            `json:"location"`
	Hours         map[string][]Span `json:"hours"`
	AlsaceMoselle bool              `json:"alsace_moselle"`
	Closures      []closureJSON     `json:"closures"`
	ExtraHolidays []Date            `json:"extra_holidays"`
}

type closureJSON struct {
	From   Date   `json:"from"`
	To     Date   `json:"to"`
	Reason string `json:"reason"`
}

// WeekdayKey is the key of a weekday in the JSON form and in error fields
// ("monday"), Sunday being time.Sunday.
func WeekdayKey(wd time.Weekday) string { return strings.ToLower(wd.String()) }

// WeekdayFR is a weekday's French name ("lundi").
func WeekdayFR(wd time.Weekday) string { return frWeekdays[wd] }

// MarshalJSON writes the calendar in its JSON form.
func (c Calendar) MarshalJSON() ([]byte, error) {
	j := calendarJSON{Location: c.loc().String(), Hours: map[string][]Span{}, AlsaceMoselle: c.AlsaceMoselle,
		Closures: []closureJSON{}, ExtraHolidays: c.ExtraHolidays}
	for wd, spans := range c.Hours {
		if len(spans) > 0 {
			j.Hours[WeekdayKey(time.Weekday(wd))] = spans
		}
	}
	for _, cl := range c.Closures {
		j.Closures = append(j.Closures, closureJSON(cl))
	}
	if j.ExtraHolidays == nil {
		j.ExtraHolidays = []Date{}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the JSON form. An unknown time zone or weekday is an
// error; everything else is judged by Validate.
func (c *Calendar) UnmarshalJSON(b []byte) error {
	var j calendarJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	out := Calendar{AlsaceMoselle: j.AlsaceMoselle, ExtraHolidays: j.ExtraHolidays}
	if j.Location != "" {
		loc, err := time.LoadLocation(j.Location)
		if err != nil {
			return fmt.Errorf("fuseau horaire inconnu « %s »", j.Location)
		}
		out.Location = loc
	}
	for key, spans := range j.Hours {
		wd, ok := weekdayOfKey(key)
		if !ok {
			return fmt.Errorf("jour inconnu « %s » (monday … sunday)", key)
		}
		out.Hours[wd] = spans
	}
	for _, cl := range j.Closures {
		out.Closures = append(out.Closures, Closure(cl))
	}
	*c = out
	return nil
}

func weekdayOfKey(key string) (time.Weekday, bool) {
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if WeekdayKey(wd) == key {
			return wd, true
		}
	}
	return 0, false
}
