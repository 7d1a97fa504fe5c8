package erlterm

import (
	"math/big"
	"strings"
)

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 500

// ParseFile parses every dot-terminated term in src, as file:consult does.
func ParseFile(src []byte) ([]Term, error) {
	return parse(src, false)
}

// ParseSchemaFile parses a Cuttlefish schema file: terms as ParseFile
// reads them, plus fun ... end expressions, kept as *Fun source text.
func ParseSchemaFile(src []byte) ([]Term, error) {
	return parse(src, true)
}

func parse(src []byte, allowFuns bool) ([]Term, error) {
	p := &parser{lex: newLexer(string(src)), allowFuns: allowFuns}
	if err := p.lex.checkUTF8(); err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	var terms []Term
	for p.tok.kind != tokEOF {
		t, err := p.term(0)
		if err != nil {
			return nil, err
		}
		if err := p.expect("."); err != nil {
			return nil, err
		}
		terms = append(terms, t)
	}
	return terms, nil
}

type parser struct {
	lex       *lexer
	tok       token
	allowFuns bool
}

func (p *parser) advance() error {
	t, err := p.lex.token()
	p.tok = t
	return err
}

func (p *parser) errorf(format string, args ...any) error {
	return p.lex.errorf(p.tok.pos, format, args...)
}

func (p *parser) isPunct(s string) bool { return p.tok.kind == tokPunct && p.tok.text == s }

func (p *parser) expect(s string) error {
	if !p.isPunct(s) {
		return p.errorf("expected %q, found %s", s, describe(p.tok))
	}
	return p.advance()
}

func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokAtom:
		return "atom " + t.text
	case tokString:
		return "a string"
	case tokInt, tokFloat:
		return "a number"
	}
	return "\"" + t.text + "\""
}

func (p *parser) term(depth int) (Term, error) {
	if depth > maxDepth {
		return nil, p.errorf("terms nested deeper than %d levels", maxDepth)
	}
	t := p.tok
	switch t.kind {
	case tokEOF:
		return nil, p.errorf("unexpected end of input: a term or '.' is missing")
	case tokAtom:
		return p.atom()
	case tokString:
		s, err := p.strings()
		return &String{Pos: t.pos, Value: s}, err
	case tokInt, tokFloat, tokMinus, tokPlus:
		return p.number()
	}
	switch t.text {
	case "{":
		return p.tuple(depth)
	case "[":
		return p.list(depth)
	case "<<":
		return p.binary()
	case "#{":
		return p.mapTerm(depth)
	}
	return nil, p.errorf("unexpected %s", describe(t))
}

func (p *parser) atom() (Term, error) {
	t := p.tok
	if t.text == "fun" && p.allowFuns && p.lex.funFollows() {
		src, err := p.lex.funSource(t.off)
		if err != nil {
			return nil, err
		}
		return &Fun{Pos: t.pos, Source: src}, p.advance()
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.isPunct("(") {
		return nil, p.lex.errorf(t.pos, "function call %s(...) is not allowed in a term file", t.text)
	}
	return &Atom{Pos: t.pos, Name: t.text}, nil
}

// strings joins adjacent string literals ("a" "b" is "ab" in Erlang).
func (p *parser) strings() (string, error) {
	var b strings.Builder
	for p.tok.kind == tokString {
		b.WriteString(p.tok.text)
		if err := p.advance(); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

func (p *parser) number() (Term, error) {
	start := p.tok.pos
	negative := false
	for p.tok.kind == tokMinus || p.tok.kind == tokPlus {
		negative = negative != (p.tok.kind == tokMinus)
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	t := p.tok
	if err := p.advance(); err != nil {
		return nil, err
	}
	switch t.kind {
	case tokInt:
		v := new(big.Int).Set(t.int)
		if negative {
			v.Neg(v)
		}
		return &Integer{Pos: start, Value: v}, nil
	case tokFloat:
		if negative {
			return &Float{Pos: start, Value: -t.float}, nil
		}
		return &Float{Pos: start, Value: t.float}, nil
	}
	return nil, p.lex.errorf(t.pos, "expected a number after sign, found %s", describe(t))
}

// elements parses "term, term, ..." up to (not including) one of the closers.
func (p *parser) elements(depth int, closers ...string) ([]Term, error) {
	var elems []Term
	for _, c := range closers {
		if p.isPunct(c) {
			return nil, nil
		}
	}
	for {
		t, err := p.term(depth + 1)
		if err != nil {
			return nil, err
		}
		elems = append(elems, t)
		if !p.isPunct(",") {
			return elems, nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

func (p *parser) tuple(depth int) (Term, error) {
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	elems, err := p.elements(depth, "}")
	if err != nil {
		return nil, err
	}
	return &Tuple{Pos: start, Elems: elems}, p.expect("}")
}

func (p *parser) list(depth int) (Term, error) {
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	elems, err := p.elements(depth, "]")
	if err != nil {
		return nil, err
	}
	l := &List{Pos: start, Elems: elems}
	if len(elems) > 0 && p.isPunct("|") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if l.Tail, err = p.term(depth + 1); err != nil {
			return nil, err
		}
		// [a|[b]] is the list [a,b]: keep one canonical form.
		if inner, ok := l.Tail.(*List); ok {
			l.Elems = append(l.Elems, inner.Elems...)
			l.Tail = inner.Tail
		}
	}
	return l, p.expect("]")
}

func (p *parser) mapTerm(depth int) (Term, error) {
	m := &Map{Pos: p.tok.pos}
	if err := p.advance(); err != nil {
		return nil, err
	}
	for !p.isPunct("}") {
		if len(m.Entries) > 0 {
			if err := p.expect(","); err != nil {
				return nil, err
			}
		}
		k, err := p.term(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := p.expect("=>"); err != nil {
			return nil, err
		}
		v, err := p.term(depth + 1)
		if err != nil {
			return nil, err
		}
		m.Entries = append(m.Entries, MapEntry{Key: k, Value: v})
	}
	return m, p.advance()
}

// binary parses <<"text">>, <<"text"/utf8>> and <<1,2,3>> segments.
func (p *parser) binary() (Term, error) {
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	var b strings.Builder
	for !p.isPunct(">>") {
		if err := p.segment(&b); err != nil {
			return nil, err
		}
		if p.isPunct(",") {
			if err := p.advance(); err != nil {
				return nil, err
			}
			continue
		}
		if !p.isPunct(">>") {
			return nil, p.errorf("expected ',' or '>>' in binary, found %s", describe(p.tok))
		}
	}
	return &Binary{Pos: start, Bytes: b.String()}, p.advance()
}

func (p *parser) segment(b *strings.Builder) error {
	t := p.tok
	switch t.kind {
	case tokString:
		s, err := p.strings()
		if err != nil {
			return err
		}
		utf, err := p.segmentType()
		if err != nil {
			return err
		}
		return writeTextSegment(b, s, utf, t.pos)
	case tokInt:
		if err := p.advance(); err != nil {
			return err
		}
		if !t.int.IsInt64() || t.int.Int64() > 255 {
			return p.lex.errorf(t.pos, "binary byte %s out of range 0..255", t.int)
		}
		b.WriteByte(byte(t.int.Int64()))
		return nil
	}
	return p.errorf("unsupported binary segment %s", describe(t))
}

// segmentType reads an optional /utf8 (or /binary) type after a string.
func (p *parser) segmentType() (utf8Seg bool, err error) {
	if !p.isPunct("/") {
		return false, nil
	}
	if err := p.advance(); err != nil {
		return false, err
	}
	if p.tok.kind != tokAtom || (p.tok.text != "utf8" && p.tok.text != "binary") {
		return false, p.errorf("only /utf8 is supported after a string in a binary")
	}
	utf := p.tok.text == "utf8"
	return utf, p.advance()
}

func writeTextSegment(b *strings.Builder, s string, utf bool, pos Pos) error {
	if utf {
		b.WriteString(s)
		return nil
	}
	for _, r := range s {
		if r > 255 {
			return &SyntaxError{Pos: pos, Msg: "character above 255 in binary string: add /utf8"}
		}
		b.WriteByte(byte(r))
	}
	return nil
}
