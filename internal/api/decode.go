package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/errs"
)

// decode reads the request body into dst: a JSON media type, at most maxBody bytes,
// exactly one JSON value, no field dst does not know. Each refusal names what is
// wrong and where, so that an integrator fixes the request without guessing.
func (s *server) decode(w http.ResponseWriter, r *http.Request, dst any) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return errs.E(errs.TooLarge, "Le corps de la requête dépasse la limite de %d octets.", tooBig.Limit)
	case err != nil:
		return malformed("Le corps de la requête n'a pas pu être lu en entier.")
	case len(bytes.TrimSpace(body)) == 0:
		return malformed("Le corps de la requête est vide : un objet JSON est attendu.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err, body, dst)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		rest := body[end:]
		at := end + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n")))
		return malformed(fmt.Sprintf("Données en trop après l'objet JSON (%s) : un seul objet est attendu.",
			position(body, at)))
	}
	return nil
}

// requireJSON refuses a body announced as anything but JSON (application/json or a
// +json type such as application/merge-patch+json).
func requireJSON(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return &httpError{http.StatusUnsupportedMediaType, "unsupported_media_type", "Type de contenu non pris en charge",
		fmt.Sprintf("Le corps doit être du JSON (Content-Type: application/json), pas « %s ».", r.Header.Get("Content-Type"))}
}

// decodeError translates encoding/json's errors: syntax ones are 400 with the
// position; a wrong type or an unknown field is 422 naming the field by its path.
func decodeError(err error, body []byte, dst any) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return malformed(fmt.Sprintf("JSON mal formé (%s) : %s.", position(body, syntax.Offset-1), syntaxReason(syntax)))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed(fmt.Sprintf("JSON incomplet : le corps s'arrête avant la fin de l'objet (%s).",
			position(body, int64(len(body)))))
	case errors.As(err, &typ) && typ.Field == "":
		return malformed(fmt.Sprintf("Le corps doit être un objet JSON, pas %s.", jsonKind(typ.Value)))
	case errors.As(err, &typ):
		return errs.Field(typ.Field, fmt.Sprintf("type attendu : %s (reçu : %s)", goKind(typ), jsonKind(typ.Value)))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return errs.Field(unknownFieldPath(body, dst, name), "champ inconnu")
	}
	return err // an *InvalidUnmarshalError: a bug of the handler, hence internal
}

// position says where the byte at index i (from 0) is, the way an editor shows
// it: byte, line and column, all from 1 (columns count bytes).
func position(body []byte, i int64) string {
	i = min(max(i, 0), int64(len(body)))
	before := body[:i]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("octet %d, ligne %d, colonne %d", i+1, line, col)
}

// syntaxReason says in French what the parser stumbled on; encoding/json's own
// message is English and names Go internals.
func syntaxReason(e *json.SyntaxError) string {
	msg := e.Error()
	if i := strings.Index(msg, "invalid character "); i >= 0 {
		char, _, _ := strings.Cut(strings.TrimPrefix(msg[i:], "invalid character "), " ")
		return "caractère inattendu " + char
	}
	return "syntaxe JSON invalide"
}

// goKind names the JSON type a Go field expects.
func goKind(e *json.UnmarshalTypeError) string {
	switch e.Type.Kind().String() {
	case "string":
		return "chaîne"
	case "bool":
		return "booléen"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "entier"
	case "float32", "float64":
		return "nombre"
	case "slice", "array":
		return "tableau"
	}
	return "objet"
}

// jsonKind names a JSON value as encoding/json describes it ("number 1.5", "string").
func jsonKind(v string) string {
	kind, rest, _ := strings.Cut(v, " ")
	fr := map[string]string{"number": "nombre", "string": "chaîne", "bool": "booléen", "array": "tableau",
		"object": "objet", "null": "null"}[kind]
	if fr == "" {
		fr = kind
	}
	if rest != "" {
		fr += " " + rest
	}
	return fr
}

// unknownFieldPath finds where the unknown key name sits in the body. encoding/json
// names the key alone ("sirett"); a client needs the path ("company.sirett"). It
// walks the body along dst's type, matching keys as encoding/json does (exact, then
// case-insensitive), and falls back to the bare name.
func unknownFieldPath(body []byte, dst any, name string) string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return name
	}
	if path, ok := findUnknown(v, reflect.TypeOf(dst), "", name); ok {
		return path
	}
	return name
}

func findUnknown(v any, t reflect.Type, path, name string) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	obj, ok := v.(map[string]any)
	if !ok || t.Kind() != reflect.Struct {
		return "", false
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic when the same name is unknown at two places
	for _, k := range keys {
		sub := k
		if path != "" {
			sub = path + "." + k
		}
		f, known := jsonField(t, k)
		if !known && k == name {
			return sub, true
		}
		if known {
			if p, ok := findUnknown(obj[k], f.Type, sub, name); ok {
				return p, true
			}
		}
	}
	return "", false
}

// jsonField returns the field of struct type t that the JSON key k fills.
func jsonField(t reflect.Type, k string) (reflect.StructField, bool) {
	var folded *reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || tag == "-" {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		if tag == k {
			return f, true
		}
		if folded == nil && strings.EqualFold(tag, k) {
			folded = &f
		}
	}
	if folded != nil {
		return *folded, true
	}
	return reflect.StructField{}, false
}
