package erlterm

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Format writes t in Erlang syntax that ParseFile reads back to the same
// term. Lists and tuples that do not fit on one line are broken over
// several lines with four-space indentation, the way advanced.config
// files are usually laid out.
func Format(t Term) string {
	var b strings.Builder
	writeTerm(&b, t, 0)
	return b.String()
}

// FormatFile writes terms as a term file: each followed by a dot and a newline.
func FormatFile(terms ...Term) string {
	var b strings.Builder
	for _, t := range terms {
		writeTerm(&b, t, 0)
		b.WriteString(".\n")
	}
	return b.String()
}

const lineWidth = 72

func writeTerm(b *strings.Builder, t Term, indent int) {
	flat := formatFlat(t)
	if len(flat)+indent <= lineWidth || !isContainer(t) {
		b.WriteString(flat)
		return
	}
	switch v := t.(type) {
	case *Tuple:
		writeBroken(b, "{", "}", v.Elems, nil, indent)
	case *List:
		writeBroken(b, "[", "]", v.Elems, v.Tail, indent)
	case *Map:
		writeBrokenMap(b, v, indent)
	}
}

func isContainer(t Term) bool {
	switch v := t.(type) {
	case *Tuple:
		return len(v.Elems) > 0
	case *List:
		return len(v.Elems) > 0
	case *Map:
		return len(v.Entries) > 0
	}
	return false
}

func writeBroken(b *strings.Builder, open, closer string, elems []Term, tail Term, indent int) {
	pad := strings.Repeat(" ", indent+4)
	b.WriteString(open)
	for i, e := range elems {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n" + pad)
		writeTerm(b, e, indent+4)
	}
	if tail != nil {
		b.WriteString("\n" + pad + "| ")
		writeTerm(b, tail, indent+6)
	}
	b.WriteString("\n" + strings.Repeat(" ", indent) + closer)
}

func writeBrokenMap(b *strings.Builder, m *Map, indent int) {
	pad := strings.Repeat(" ", indent+4)
	b.WriteString("#{")
	for i, e := range m.Entries {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n" + pad + formatFlat(e.Key) + " => ")
		writeTerm(b, e.Value, indent+4)
	}
	b.WriteString("\n" + strings.Repeat(" ", indent) + "}")
}

func formatFlat(t Term) string {
	switch v := t.(type) {
	case *Atom:
		return QuoteAtom(v.Name)
	case *String:
		return quoteText(v.Value, '"')
	case *Binary:
		return "<<" + quoteBytes(v.Bytes) + ">>"
	case *Integer:
		return v.Value.String()
	case *Float:
		return formatFloat(v.Value)
	case *Tuple:
		return "{" + joinFlat(v.Elems) + "}"
	case *List:
		if v.Tail != nil {
			return "[" + joinFlat(v.Elems) + "|" + formatFlat(v.Tail) + "]"
		}
		return "[" + joinFlat(v.Elems) + "]"
	case *Map:
		parts := make([]string, len(v.Entries))
		for i, e := range v.Entries {
			parts[i] = formatFlat(e.Key) + " => " + formatFlat(e.Value)
		}
		return "#{" + strings.Join(parts, ",") + "}"
	case *Fun:
		return v.Source
	}
	return "'$unknown_term'"
}

func joinFlat(ts []Term) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = formatFlat(t)
	}
	return strings.Join(parts, ",")
}

// formatFloat always keeps a decimal point, which Erlang requires.
func formatFloat(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "0.0" // not representable in Erlang; the parser never produces these
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	mant, exp, hasExp := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	if hasExp {
		return mant + "e" + exp
	}
	return mant
}

// reserved words must be quoted to be read as atoms.
var reserved = map[string]bool{
	"after": true, "and": true, "andalso": true, "band": true, "begin": true, "bnot": true,
	"bor": true, "bsl": true, "bsr": true, "bxor": true, "case": true, "catch": true,
	"cond": true, "div": true, "else": true, "end": true, "fun": true, "if": true, "let": true,
	"maybe": true, "not": true, "of": true, "or": true, "orelse": true, "query": true,
	"receive": true, "rem": true, "try": true, "when": true, "xor": true,
}

// QuoteAtom returns name as it must be written in Erlang source.
func QuoteAtom(name string) string {
	if isBareAtom(name) && !reserved[name] {
		return name
	}
	return quoteText(name, '\'')
}

func isBareAtom(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !isWordRune(r) {
			return false
		}
	}
	return true
}

func quoteText(s string, q rune) string {
	var b strings.Builder
	b.WriteRune(q)
	for _, r := range s {
		switch {
		case r == q || r == '\\':
			b.WriteRune('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x{` + strconv.FormatInt(int64(r), 16) + "}")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteRune(q)
	return b.String()
}

// quoteBytes writes a binary as one string segment, escaping every byte
// that is not printable ASCII so the output is valid whatever the bytes are.
func quoteBytes(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\%03o`, c) // three digits: a following digit must not join the escape
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
