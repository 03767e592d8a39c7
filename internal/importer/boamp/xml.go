package boamp

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxXMLBytes bounds one XML notice: real ones weigh a few kilobytes.
const maxXMLBytes = 16 << 20

// ReadXML reads one legacy BOAMP notice in XML (schema Boamp_v230.xsd:
// ANNONCE/GESTION/REFERENCE/IDWEB, DONNEES/IDENTITE, OBJET, LOTS, ATTRIBUTION…),
// as DILA published them before the JSON dataset. A file that is not
// well-formed XML, or not a notice, is a *SyntaxError; a notice without IDWEB
// is a *RecordError. The file may be UTF-8 or ISO-8859-1 / windows-1252.
func ReadXML(r io.Reader) (Record, error) {
	lr := &io.LimitedReader{R: r, N: maxXMLBytes + 1}
	dec := xml.NewDecoder(lr)
	dec.CharsetReader = charsetReader
	root, name, err := xmlTree(dec)
	if lr.N <= 0 {
		return Record{}, &SyntaxError{File: "BOAMP", Offset: maxXMLBytes, Msg: "avis XML trop volumineux (plus de 16 Mo)"}
	}
	if err != nil {
		line, col := dec.InputPos()
		return Record{}, &SyntaxError{File: "BOAMP", Offset: dec.InputOffset(), Line: line, Column: col, Msg: xmlMessage(err)}
	}
	if name != "ANNONCE" {
		return Record{}, &SyntaxError{File: "BOAMP", Msg: fmt.Sprintf("ce n'est pas un avis BOAMP : l'élément racine est <%s>, pas <ANNONCE>", name)}
	}
	return xmlRecord(root)
}

// xmlRecord turns the tree of an ANNONCE into a record.
func xmlRecord(root map[string]any) (Record, error) {
	g := root["GESTION"]
	id := textAt(g, "REFERENCE", "IDWEB")
	if id == "" {
		return Record{}, &RecordError{Reason: "GESTION/REFERENCE/IDWEB manquant : l'avis ne peut pas être identifié"}
	}
	rec := Record{IDWeb: id, Nature: choice(get(g, "REFERENCE", "TYPE_AVIS", "NATURE"))}
	d := readLegacy(asMap(root["DONNEES"]))
	d.published = textAt(g, "INDEXATION", "DATE_PUBLICATION")
	if d.object == "" {
		d.object = textAt(g, "INDEXATION", "RESUME_OBJET")
	}
	d.departements = texts(get(g, "INDEXATION", "DEP_PUBLICATION"))
	for _, desc := range list(get(g, "INDEXATION", "DESCRIPTEURS", "DESCRIPTEUR")) {
		if l := textAt(desc, "LIBELLE"); l != "" {
			d.descriptors = append(d.descriptors, l)
		}
	}
	rec.fill(d, choice(get(g, "REFERENCE", "TYPE_AVIS", "STATUT")))
	rec.Consultation.NoticeURL = "https://www.boamp.fr/pages/avis/?q=idweb:" + id
	return rec, nil
}

func asMap(v any) map[string]any {
	m, _ := first(v).(map[string]any)
	return m
}

// frame is an element being read: its children and its text so far.
type frame struct {
	name     string
	children map[string]any
	text     strings.Builder
}

// xmlTree reads a document into the tree shape JSON bodies have: an element
// with children or attributes is a map ("@attr" for attributes, "#text" for
// its text), one with only text is a string, an empty one is "", and a
// repeated child is a list. It returns the root and its name.
func xmlTree(dec *xml.Decoder) (map[string]any, string, error) {
	stack := []*frame{{children: map[string]any{}}}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			f := &frame{name: t.Name.Local, children: map[string]any{}}
			for _, a := range t.Attr {
				f.children["@"+a.Name.Local] = a.Value
			}
			stack = append(stack, f)
		case xml.CharData:
			top.text.Write(t)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			addChild(stack[len(stack)-1].children, top.name, top.value())
		}
	}
	for name, v := range stack[0].children {
		m, _ := v.(map[string]any)
		return m, name, nil
	}
	return nil, "", errors.New("document vide")
}

// value is what an element becomes in the tree.
func (f *frame) value() any {
	text := fixC1(strings.TrimSpace(f.text.String()))
	if len(f.children) == 0 {
		return text
	}
	if text != "" {
		f.children["#text"] = text
	}
	return f.children
}

// addChild stores a child, turning a repeated name into a list.
func addChild(m map[string]any, name string, v any) {
	switch prev := m[name].(type) {
	case nil:
		m[name] = v
	case []any:
		m[name] = append(prev, v)
	default:
		m[name] = []any{prev, v}
	}
}

// xmlMessage translates the errors of encoding/xml people may see.
func xmlMessage(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if strings.Contains(se.Msg, "unexpected EOF") {
			return "XML tronqué : fin de fichier inattendue"
		}
		return "XML mal formé : " + se.Msg
	}
	return "XML illisible : " + err.Error()
}
