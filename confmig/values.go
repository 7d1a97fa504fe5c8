package confmig

import (
	"fmt"
	"strings"

	"github.com/warren-sre/warren/erlterm"
)

// noConfForm says why a value cannot be written in rabbitmq.conf; the
// entry then goes unchanged into advanced.config with this reason.
type noConfForm struct{ reason string }

func (e *noConfForm) Error() string { return e.reason }

func noForm(format string, args ...any) error {
	return &noConfForm{reason: fmt.Sprintf(format, args...)}
}

// encoder renders one Erlang value as the text after "key = ".
type encoder func(erlterm.Term) (string, error)

func intValue(t erlterm.Term) (string, error) {
	if i, ok := t.(*erlterm.Integer); ok {
		return i.Value.String(), nil
	}
	return "", noForm("expected an integer, found %s", erlterm.Format(t))
}

func numberValue(t erlterm.Term) (string, error) {
	if f, ok := t.(*erlterm.Float); ok {
		return erlterm.Format(f), nil
	}
	return intValue(t)
}

func boolValue(t erlterm.Term) (string, error) {
	if a, ok := t.(*erlterm.Atom); ok && (a.Name == "true" || a.Name == "false") {
		return a.Name, nil
	}
	return "", noForm("expected true or false, found %s", erlterm.Format(t))
}

func atomValue(t erlterm.Term) (string, error) {
	a, ok := t.(*erlterm.Atom)
	if !ok {
		return "", noForm("expected an atom, found %s", erlterm.Format(t))
	}
	return safeText(a.Name)
}

// textValue accepts a string or a binary: the schema decides which type
// the node gets back, and --verify reports when that differs.
func textValue(t erlterm.Term) (string, error) {
	s, ok := text(t)
	if !ok {
		return "", noForm("expected a string or binary, found %s", erlterm.Format(t))
	}
	return safeText(s)
}

func text(t erlterm.Term) (string, bool) {
	switch v := t.(type) {
	case *erlterm.String:
		return v.Value, true
	case *erlterm.Binary:
		return v.Bytes, true
	}
	return "", false
}

func textOrIntValue(t erlterm.Term) (string, error) {
	if _, ok := t.(*erlterm.Integer); ok {
		return intValue(t)
	}
	return textValue(t)
}

// safeText rejects values rabbitmq.conf cannot carry: Cuttlefish trims
// surrounding blanks, ends the value at '#' (a comment) and at a newline.
func safeText(s string) (string, error) {
	switch {
	case s == "":
		return "", noForm("an empty value cannot be written in rabbitmq.conf")
	case strings.ContainsAny(s, "#\n\r"):
		return "", noForm("the value contains '#' or a line break, which rabbitmq.conf cannot carry")
	case strings.TrimSpace(s) != s:
		return "", noForm("the value has leading or trailing blanks, which rabbitmq.conf trims")
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "", noForm("the value contains control characters")
		}
	}
	return s, nil
}

// keySegment checks a name used inside a key (loopback_users.NAME, ...):
// Cuttlefish splits keys on dots, so a dot or blank would change the key.
func keySegment(s string) (string, error) {
	if s == "" || strings.ContainsAny(s, ". \t=#") {
		return "", noForm("%q cannot be used inside a rabbitmq.conf key", s)
	}
	return safeText(s)
}

// proplist returns the {Key, Value} pairs of an Erlang property list.
func proplist(t erlterm.Term) ([][2]erlterm.Term, error) {
	l, ok := t.(*erlterm.List)
	if !ok || l.Tail != nil {
		return nil, noForm("expected a property list, found %s", erlterm.Format(t))
	}
	pairs := make([][2]erlterm.Term, 0, len(l.Elems))
	for _, e := range l.Elems {
		tup, ok := e.(*erlterm.Tuple)
		if !ok || len(tup.Elems) != 2 {
			return nil, noForm("property list entry %s is not a {key, value} pair", erlterm.Format(e))
		}
		if _, ok := tup.Elems[0].(*erlterm.Atom); !ok {
			return nil, noForm("property list key %s is not an atom", erlterm.Format(tup.Elems[0]))
		}
		pairs = append(pairs, [2]erlterm.Term{tup.Elems[0], tup.Elems[1]})
	}
	return pairs, nil
}

func atomName(t erlterm.Term) string {
	if a, ok := t.(*erlterm.Atom); ok {
		return a.Name
	}
	return ""
}

func properList(t erlterm.Term) ([]erlterm.Term, error) {
	l, ok := t.(*erlterm.List)
	if !ok || l.Tail != nil {
		return nil, noForm("expected a list, found %s", erlterm.Format(t))
	}
	return l.Elems, nil
}
