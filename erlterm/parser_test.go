package erlterm

import (
	"errors"
	"strings"
	"testing"
)

func TestParseValues(t *testing.T) {
	tests := []struct {
		src  string
		want Term
	}{
		{"foo.", NewAtom("foo")},
		{"rabbit@host1.", NewAtom("rabbit@host1")},
		{"'PLAIN'.", NewAtom("PLAIN")},
		{`'it''s'.`, nil}, // two adjacent quoted atoms are not one term
		{`'a\'b'.`, NewAtom("a'b")},
		{`"guest".`, NewString("guest")},
		{`"ab" "cd".`, NewString("abcd")},
		{`"\e[0m\x41\x{1F600}\101\^A".`, NewString("\x1b[0mA\U0001F600A\x01")},
		{`<<"guest">>.`, NewBinary("guest")},
		{`<<>>.`, NewBinary("")},
		{`<<1,2,255>>.`, NewBinary("\x01\x02\xff")},
		{`<<"é"/utf8>>.`, NewBinary("é")},
		{"42.", NewInt(42)},
		{"-7.", NewInt(-7)},
		{"16#FF.", NewInt(255)},
		{"2#1010.", NewInt(10)},
		{"1_000_000.", NewInt(1000000)},
		{"$a.", NewInt('a')},
		{`$\n.`, NewInt('\n')},
		{"0.4.", &Float{Value: 0.4}},
		{"-1.5e3.", &Float{Value: -1500}},
		{"{}.", NewTuple()},
		{"{absolute, \"3GiB\"}.", NewTuple(NewAtom("absolute"), NewString("3GiB"))},
		{"[].", NewList()},
		{"[1, 2 | 3].", &List{Elems: []Term{NewInt(1), NewInt(2)}, Tail: NewInt(3)}},
		{"[1 | [2]].", NewList(NewInt(1), NewInt(2))},
		{"#{a => 1, b => [x]}.", &Map{Entries: []MapEntry{{NewAtom("a"), NewInt(1)}, {NewAtom("b"), NewList(NewAtom("x"))}}}},
		{"#{}.", &Map{}},
		{"% comment\n[{rabbit, [ % trailing\n {heartbeat, 60}]}].\n",
			NewList(NewTuple(NewAtom("rabbit"), NewList(NewTuple(NewAtom("heartbeat"), NewInt(60)))))},
	}
	for _, tt := range tests {
		terms, err := ParseFile([]byte(tt.src))
		if tt.want == nil {
			if err == nil {
				t.Errorf("ParseFile(%q) = %v, want an error", tt.src, terms)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseFile(%q): %v", tt.src, err)
			continue
		}
		if len(terms) != 1 || !Equal(terms[0], tt.want) {
			t.Errorf("ParseFile(%q) = %s, want %s", tt.src, FormatFile(terms...), Format(tt.want))
		}
	}
}

func TestParseMultipleTerms(t *testing.T) {
	terms, err := ParseFile([]byte("a. {b}.\n[c].\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(terms) != 3 {
		t.Fatalf("got %d terms, want 3", len(terms))
	}
}

func TestParseErrorsHaveLineAndColumn(t *testing.T) {
	tests := []struct {
		src     string
		pos     Pos
		message string
	}{
		{"[{rabbit, [\n  {heartbeat 60}]}].", Pos{2, 14}, `expected "}"`},
		{"[{rabbit, []}]", Pos{1, 15}, `expected "."`},
		{"[\n {a, Var}].", Pos{2, 6}, "variable"},
		{"\"unterminated", Pos{1, 1}, "unterminated string"},
		{"[1,\n\n   ].", Pos{3, 4}, `unexpected "]"`},
		{"{a, b}\n{c}.", Pos{2, 1}, `expected "."`},
		{"foo(1).", Pos{1, 1}, "function call"},
		{"<<300>>.", Pos{1, 3}, "out of range"},
		{"37#1.", Pos{1, 1}, "base"},
		{"#{a 1}.", Pos{1, 5}, `expected "=>"`},
		{"{a ~ b}.", Pos{1, 4}, "unexpected character"},
		{"[a|].", Pos{1, 4}, `unexpected "]"`},
		{"-foo.", Pos{1, 2}, "expected a number"},
		{"[a,\n \"\xc8\"].", Pos{2, 3}, "invalid UTF-8"},
	}
	for _, tt := range tests {
		_, err := ParseFile([]byte(tt.src))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseFile(%q) error = %v, want a SyntaxError", tt.src, err)
			continue
		}
		if se.Pos != tt.pos || !strings.Contains(se.Msg, tt.message) {
			t.Errorf("ParseFile(%q) = %v, want %d:%d ... %s", tt.src, err, tt.pos.Line, tt.pos.Col, tt.message)
		}
	}
}

func TestDeepNestingIsAnErrorNotACrash(t *testing.T) {
	src := strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "."
	if _, err := ParseFile([]byte(src)); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("got %v, want a nesting error", err)
	}
}
