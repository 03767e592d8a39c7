package boamp

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// Notices are read as trees of map[string]any, []any, string and json.Number,
// whether they come from JSON or from XML (see xml.go). BOAMP is inconsistent
// about shapes: the same field is a string in one notice, an object
// {"#text": …, "@listName": …} in another, and a list when it repeats. These
// helpers accept all three, so that the extraction code can name a path once.

// get walks a path of keys; a list met on the way stands for its first element.
func get(v any, path ...string) any {
	for _, key := range path {
		m, ok := first(v).(map[string]any)
		if !ok {
			return nil
		}
		v = m[key]
	}
	return v
}

// first returns the first element of a list, or v itself.
func first(v any) any {
	if l, ok := v.([]any); ok {
		if len(l) == 0 {
			return nil
		}
		return l[0]
	}
	return v
}

// list returns v as a list: nil is empty, a single value is a list of one.
func list(v any) []any {
	switch l := v.(type) {
	case nil:
		return nil
	case []any:
		return l
	}
	return []any{v}
}

// text returns the text of a value: a string, a number, the "#text" of an
// object, the text of the first element of a list; "" for anything else.
func text(v any) string {
	switch t := first(v).(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	case bool:
		if t {
			return "true"
		}
		return "false"
	case map[string]any:
		return text(t["#text"])
	}
	return ""
}

// texts returns the non-empty texts of every element of a list.
func texts(v any) []string {
	var out []string
	for _, e := range list(v) {
		if s := text(e); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// textAt is text(get(v, path...)).
func textAt(v any, path ...string) string { return text(get(v, path...)) }

// firstText returns the first non-empty text among several paths from v.
func firstText(v any, paths ...[]string) string {
	for _, p := range paths {
		if s := textAt(v, p...); s != "" {
			return s
		}
	}
	return ""
}

// choice returns the name of the element chosen in an XML enumeration written
// as an empty element — <TYPE_PROCEDURE><OUVERT/></TYPE_PROCEDURE> — which
// JSON renders as {"OUVERT": ""}: the first key that is not an attribute.
func choice(v any) string {
	m, ok := first(v).(map[string]any)
	if !ok {
		return text(v)
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !strings.HasPrefix(k, "@") && k != "#text" {
			return k
		}
	}
	return ""
}

// maxDepth bounds the searches below: notices are shallow, fuzzed input is not.
const maxDepth = 64

// findAll returns every value stored under key anywhere in v, in document
// order for lists and key order for objects.
func findAll(v any, key string) []any {
	var out []any
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > maxDepth {
			return
		}
		switch t := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(t)) {
				if k == key {
					out = append(out, t[k])
				}
				walk(t[k], depth+1)
			}
		case []any:
			for _, e := range t {
				walk(e, depth+1)
			}
		}
	}
	walk(v, 0)
	return out
}

// find returns the first value stored under key anywhere in v, or nil.
func find(v any, key string) any {
	if all := findAll(v, key); len(all) > 0 {
		return all[0]
	}
	return nil
}
