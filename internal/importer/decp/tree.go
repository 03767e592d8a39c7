package decp

import (
	"encoding/json"
	"strings"
)

// Contracts are read as trees of map[string]any, []any, string and
// json.Number. The schema says what type each field has; files do not always
// agree, so these helpers read what is there and say "" when it is not text.

// text returns the text of a string or a number; "" for anything else.
func text(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	}
	return ""
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

// object returns v as an object, or nil.
func object(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// unwrap returns the element of a wrapped list item — schema v2 wraps each
// one, {"titulaire": {…}}, {"modification": {…}} — or the item itself when
// the file writes it flat. ok is false when the wrapper holds no object.
func unwrap(item any, wrapper string) (map[string]any, bool) {
	m := object(item)
	if m == nil {
		return nil, false
	}
	inner, wrapped := m[wrapper]
	if !wrapped {
		return m, true
	}
	in := object(inner)
	return in, in != nil
}

// kindOf names a JSON value for a French message.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "un tableau"
	case string:
		return "une chaîne"
	case json.Number:
		return "un nombre"
	case bool:
		return "un booléen"
	}
	return "une valeur inconnue"
}
