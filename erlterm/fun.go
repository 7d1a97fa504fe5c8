package erlterm

// blockOpeners are the Erlang keywords closed by "end" (fun counts only
// when an argument list follows: "fun m:f/1" has no end).
var blockOpeners = map[string]bool{
	"case": true, "if": true, "begin": true, "receive": true, "try": true, "maybe": true,
}

// funFollows tells whether the word "fun" just read opens a fun
// expression, i.e. "(" comes next.
func (l *lexer) funFollows() bool {
	save := *l
	l.skipSpaceAndComments()
	open := l.peek() == '('
	*l = save
	return open
}

// funSource skips a fun expression whose "fun" starts at byte start and
// returns its text up to and including the matching "end". It follows
// strings, quoted atoms, character literals and comments, so an "end"
// inside them does not count.
func (l *lexer) funSource(start int) (string, error) {
	p := l.pos()
	depth := 1
	for {
		l.skipSpaceAndComments()
		r := l.peek()
		switch {
		case r == -1:
			return "", l.errorf(p, "unterminated fun: no matching end")
		case r >= 'a' && r <= 'z':
			switch w := l.bareWord(); {
			case w == "end":
				depth--
				if depth == 0 {
					return l.src[start:l.off], nil
				}
			case blockOpeners[w] || w == "fun" && l.funFollows():
				depth++
			}
		case isWordRune(r):
			l.bareWord() // variables and numbers
		case r == '\'' || r == '"':
			if _, err := l.quoted(r); err != nil {
				return "", err
			}
		case r == '$':
			if _, err := l.char(l.pos()); err != nil {
				return "", err
			}
		default:
			l.next()
		}
	}
}
