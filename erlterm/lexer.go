package erlterm

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokAtom
	tokString
	tokInt
	tokFloat
	tokPunct // { } [ ] ( ) , | . << >> #{ => / :=
	tokMinus
	tokPlus
)

type token struct {
	kind  tokenKind
	pos   Pos
	off   int      // byte offset of the token's first character
	text  string   // punctuation, atom name or decoded string
	int   *big.Int // tokInt
	float float64  // tokFloat
}

// SyntaxError is a parse failure at a line and column.
type SyntaxError struct {
	Pos
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

type lexer struct {
	src       string
	off       int
	line, col int
}

func newLexer(src string) *lexer { return &lexer{src: src, line: 1, col: 1} }

func (l *lexer) errorf(p Pos, format string, args ...any) error {
	return &SyntaxError{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

func (l *lexer) pos() Pos { return Pos{l.line, l.col} }

// peekRune returns the rune at off+ahead bytes without consuming it.
func (l *lexer) peekAt(ahead int) rune {
	if l.off+ahead >= len(l.src) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.off+ahead:])
	return r
}

func (l *lexer) peek() rune { return l.peekAt(0) }

func (l *lexer) next() rune {
	if l.off >= len(l.src) {
		return -1
	}
	r, size := utf8.DecodeRuneInString(l.src[l.off:])
	l.off += size
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

// checkUTF8 rejects input that is not UTF-8 (the encoding Erlang assumes
// for term files) before any token is read, pointing at the first bad byte.
func (l *lexer) checkUTF8() error {
	for l.off < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[l.off:])
		if r == utf8.RuneError && size == 1 {
			err := l.errorf(l.pos(), "invalid UTF-8 byte 0x%02x (save the file as UTF-8)", l.src[l.off])
			l.off, l.line, l.col = 0, 1, 1
			return err
		}
		l.next()
	}
	l.off, l.line, l.col = 0, 1, 1
	return nil
}

func (l *lexer) skipSpaceAndComments() {
	for {
		r := l.peek()
		switch {
		case r == '%':
			for r := l.peek(); r != '\n' && r != -1; r = l.peek() {
				l.next()
			}
		case r != -1 && unicode.IsSpace(r):
			l.next()
		default:
			return
		}
	}
}

func (l *lexer) token() (token, error) {
	l.skipSpaceAndComments()
	start := l.off
	t, err := l.scan()
	t.off = start
	return t, err
}

func (l *lexer) scan() (token, error) {
	p := l.pos()
	r := l.peek()
	switch {
	case r == -1:
		return token{kind: tokEOF, pos: p}, nil
	case r >= 'a' && r <= 'z':
		return token{kind: tokAtom, pos: p, text: l.bareWord()}, nil
	case r >= 'A' && r <= 'Z' || r == '_':
		return token{}, l.errorf(p, "variable %q is not allowed in a term file", l.bareWord())
	case r == '\'':
		s, err := l.quoted('\'')
		return token{kind: tokAtom, pos: p, text: s}, err
	case r == '"':
		s, err := l.quoted('"')
		return token{kind: tokString, pos: p, text: s}, err
	case r == '$':
		return l.char(p)
	case r >= '0' && r <= '9':
		return l.number(p)
	}
	return l.punct(p)
}

func isWordRune(r rune) bool {
	return r == '_' || r == '@' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func (l *lexer) bareWord() string {
	start := l.off
	for isWordRune(l.peek()) {
		l.next()
	}
	return l.src[start:l.off]
}

var twoCharPunct = []string{"<<", ">>", "#{", "=>", ":="}

func (l *lexer) punct(p Pos) (token, error) {
	for _, t := range twoCharPunct {
		if strings.HasPrefix(l.src[l.off:], t) {
			l.next()
			l.next()
			return token{kind: tokPunct, pos: p, text: t}, nil
		}
	}
	r := l.next()
	switch r {
	case '{', '}', '[', ']', '(', ')', ',', '|', '.', '/':
		return token{kind: tokPunct, pos: p, text: string(r)}, nil
	case '-':
		return token{kind: tokMinus, pos: p, text: "-"}, nil
	case '+':
		return token{kind: tokPlus, pos: p, text: "+"}, nil
	}
	return token{}, l.errorf(p, "unexpected character %q", r)
}

// quoted reads a '...' atom or "..." string with Erlang escapes.
func (l *lexer) quoted(q rune) (string, error) {
	start := l.pos()
	l.next()
	var b strings.Builder
	for {
		p := l.pos()
		r := l.next()
		switch r {
		case -1:
			return "", l.errorf(start, "unterminated %s", quoteName(q))
		case q:
			return b.String(), nil
		case '\\':
			c, err := l.escape(p)
			if err != nil {
				return "", err
			}
			b.WriteRune(c)
		default:
			b.WriteRune(r)
		}
	}
}

func quoteName(q rune) string {
	if q == '\'' {
		return "quoted atom"
	}
	return "string"
}

var simpleEscapes = map[rune]rune{
	'b': '\b', 'd': 0x7f, 'e': 0x1b, 'f': '\f', 'n': '\n', 'r': '\r',
	's': ' ', 't': '\t', 'v': '\v',
}

// escape decodes the part of an escape sequence after the backslash.
func (l *lexer) escape(p Pos) (rune, error) {
	r := l.next()
	if c, ok := simpleEscapes[r]; ok {
		return c, nil
	}
	switch {
	case r == -1:
		return 0, l.errorf(p, "unterminated escape sequence")
	case r >= '0' && r <= '7':
		v := r - '0'
		for i := 0; i < 2 && l.peek() >= '0' && l.peek() <= '7'; i++ {
			v = v*8 + l.next() - '0'
		}
		return v, nil
	case r == 'x':
		return l.hexEscape(p)
	case r == '^':
		c := l.next()
		if c == -1 {
			return 0, l.errorf(p, "unterminated escape sequence")
		}
		return c & 31, nil
	}
	return r, nil // \\ \' \" and any other character stand for themselves
}

func (l *lexer) hexEscape(p Pos) (rune, error) {
	var digits string
	if l.peek() == '{' {
		l.next()
		start := l.off
		for isHex(l.peek()) {
			l.next()
		}
		digits = l.src[start:l.off]
		if l.next() != '}' || digits == "" {
			return 0, l.errorf(p, "bad \\x{...} escape")
		}
	} else {
		start := l.off
		for i := 0; i < 2 && isHex(l.peek()); i++ {
			l.next()
		}
		digits = l.src[start:l.off]
		if len(digits) != 2 {
			return 0, l.errorf(p, "bad \\x escape: two hex digits expected")
		}
	}
	v, err := strconv.ParseUint(digits, 16, 32)
	if err != nil || v > unicode.MaxRune {
		return 0, l.errorf(p, "character code out of range in \\x escape")
	}
	return rune(v), nil
}

func isHex(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F'
}

func (l *lexer) char(p Pos) (token, error) {
	l.next() // $
	r := l.next()
	switch r {
	case -1:
		return token{}, l.errorf(p, "character literal $ without a character")
	case '\\':
		c, err := l.escape(p)
		return token{kind: tokInt, pos: p, int: big.NewInt(int64(c))}, err
	}
	return token{kind: tokInt, pos: p, int: big.NewInt(int64(r))}, nil
}

// digits reads digits valid in base, allowing Erlang's 1_000 separators.
func (l *lexer) digits(base int) string {
	var b strings.Builder
	for {
		r := l.peek()
		if r == '_' && b.Len() > 0 && digitValue(l.peekAt(1)) < base {
			l.next()
			continue
		}
		if digitValue(r) >= base {
			return b.String()
		}
		b.WriteRune(l.next())
	}
}

func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 'a' && r <= 'z':
		return int(r-'a') + 10
	case r >= 'A' && r <= 'Z':
		return int(r-'A') + 10
	}
	return 99
}

func (l *lexer) number(p Pos) (token, error) {
	whole := l.digits(10)
	if l.peek() == '#' {
		return l.basedInt(p, whole)
	}
	if l.peek() == '.' && digitValue(l.peekAt(1)) < 10 {
		return l.float(p, whole)
	}
	v, _ := new(big.Int).SetString(whole, 10)
	return token{kind: tokInt, pos: p, int: v}, nil
}

func (l *lexer) basedInt(p Pos, baseText string) (token, error) {
	base, err := strconv.Atoi(baseText)
	if err != nil || base < 2 || base > 36 {
		return token{}, l.errorf(p, "integer base %s out of range 2..36", baseText)
	}
	l.next() // #
	ds := l.digits(base)
	v, ok := new(big.Int).SetString(ds, base)
	if !ok {
		return token{}, l.errorf(p, "missing digits after %d#", base)
	}
	return token{kind: tokInt, pos: p, int: v}, nil
}

func (l *lexer) float(p Pos, whole string) (token, error) {
	l.next() // .
	text := whole + "." + l.digits(10)
	if r := l.peek(); r == 'e' || r == 'E' {
		l.next()
		text += "e"
		if s := l.peek(); s == '+' || s == '-' {
			text += string(l.next())
		}
		exp := l.digits(10)
		if exp == "" {
			return token{}, l.errorf(p, "missing exponent in float")
		}
		text += exp
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return token{}, l.errorf(p, "float %s out of range", text)
	}
	return token{kind: tokFloat, pos: p, float: f}, nil
}
