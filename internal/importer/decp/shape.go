package decp

import (
	"encoding/json"
	"io"
)

// start finds the contracts the first time: the file itself when it is an
// array, else "marches", then "marche" when "marches" is an object.
func (r *Reader) start() error {
	if r.started {
		return nil
	}
	r.started = true
	tok, err := r.dec.Token()
	if err == io.EOF {
		return r.shapeError("le fichier est vide")
	}
	if err != nil {
		return r.syntaxError(err, -1)
	}
	r.depth = 1
	switch tok {
	case json.Delim('['):
		return nil
	case json.Delim('{'):
		return r.into("marches", true)
	}
	return r.shapeError("ni tableau de marchés ni objet « marches » : le fichier ne commence ni par [ ni par {")
}

// into moves into the value of key in the current object, skipping the other
// keys. An array holds the contracts; an object is "marches", whose "marche"
// holds them (outer), or the single contract of "marche" (!outer).
func (r *Reader) into(key string, outer bool) error {
	for r.dec.More() {
		tok, err := r.dec.Token()
		if err != nil {
			return r.syntaxError(err, -1)
		}
		if k, _ := tok.(string); k != key {
			if err := r.skipValue(); err != nil {
				return err
			}
			continue
		}
		if tok, err = r.dec.Token(); err != nil {
			return r.syntaxError(eofIsUnexpected(err), -1)
		}
		r.depth++
		switch {
		case tok == json.Delim('['):
			return nil
		case tok == json.Delim('{') && outer:
			return r.into("marche", false)
		case tok == json.Delim('{'):
			r.single = true
			return nil
		}
		return r.shapeError("« " + key + " » n'est ni un tableau ni un objet de marchés")
	}
	return r.shapeError("objet JSON sans clé « " + key + " » : ce n'est pas un fichier DECP")
}

// finish reads what follows the last contract up to the end of the document,
// so that a file cut after its last contract is still reported as cut.
func (r *Reader) finish() error {
	for r.depth > 0 {
		tok, err := r.dec.Token()
		if err != nil {
			return r.syntaxError(eofIsUnexpected(err), -1)
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			r.depth++
		case json.Delim(']'), json.Delim('}'):
			r.depth--
		}
	}
	return io.EOF
}

// skipValue reads past one value token by token, so that a large value the
// reader does not need (a list of concessions) is never held whole.
func (r *Reader) skipValue() error {
	depth := 0
	for {
		tok, err := r.dec.Token()
		if err != nil {
			return r.syntaxError(eofIsUnexpected(err), -1)
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
		if depth == 0 {
			r.win.Discard(r.dec.InputOffset())
			return nil
		}
	}
}
