package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// writeJSON renders v with the status. It encodes before writing, so that an
// encoding failure is still a clean 500 rather than half a body.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // French text stays readable; nothing here is HTML
	if err := enc.Encode(v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store") // personal data: no shared cache keeps it
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// list is the shape of a list short enough to come whole (a conversation, the
// teams): its items.
type list[T any] struct {
	Items []T `json:"items"`
}

// page is the shape of a paged list: its items and the cursor of the next page,
// null on the last one.
type page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// items converts a slice for rendering; never nil, so an empty list is [] not null.
func items[S any, T any](in []S, conv func(S) T) []T {
	out := make([]T, 0, len(in))
	for _, v := range in {
		out = append(out, conv(v))
	}
	return out
}

// timestamp renders a time in UTC, or null for the zero time ("not yet").
func timestamp(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// nonEmpty renders "" as null, for values that are absent rather than empty.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
