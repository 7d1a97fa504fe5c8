// Package erlterm reads and writes Erlang term files: the format of
// rabbitmq.config and advanced.config (a sequence of terms, each ended by a
// dot). It parses data only; variables, operators and function calls are
// rejected because file:consult would not evaluate them in a config file.
package erlterm

import "math/big"

// Pos is a 1-based line and column in the source.
type Pos struct {
	Line, Col int
}

// Term is one Erlang value.
type Term interface {
	Position() Pos
}

// Atom is an Erlang atom, bare (foo) or quoted ('foo bar') in the source.
type Atom struct {
	Pos
	Name string
}

// String is a character list ("..."), stored as text.
type String struct {
	Pos
	Value string
}

// Binary is <<"...">> or <<1,2,3>>: raw bytes.
type Binary struct {
	Pos
	Bytes string
}

// Integer keeps arbitrary precision, as Erlang does.
type Integer struct {
	Pos
	Value *big.Int
}

// Float is an Erlang float.
type Float struct {
	Pos
	Value float64
}

// Tuple is {A, B, ...}.
type Tuple struct {
	Pos
	Elems []Term
}

// List is [A, B, ...] or, when Tail is not nil, the improper [A, B | Tail].
type List struct {
	Pos
	Elems []Term
	Tail  Term
}

// MapEntry is one Key => Value pair of a map.
type MapEntry struct {
	Key, Value Term
}

// Map is #{K => V, ...}, entries in source order.
type Map struct {
	Pos
	Entries []MapEntry
}

// Fun is a fun expression (fun(...) -> ... end) kept as its source text.
// Only ParseSchemaFile produces it: Cuttlefish schema files carry their
// translations as funs, and reading the mappings around them needs no
// evaluation of the code.
type Fun struct {
	Pos
	Source string
}

// Position reports where the term starts.
func (p Pos) Position() Pos { return p }

// Int64 returns the integer value if it fits in an int64.
func (i *Integer) Int64() (int64, bool) {
	if !i.Value.IsInt64() {
		return 0, false
	}
	return i.Value.Int64(), true
}

// NewAtom, NewInt and friends build terms for the printer without positions.
func NewAtom(name string) *Atom     { return &Atom{Name: name} }
func NewString(s string) *String    { return &String{Value: s} }
func NewBinary(s string) *Binary    { return &Binary{Bytes: s} }
func NewInt(v int64) *Integer       { return &Integer{Value: big.NewInt(v)} }
func NewTuple(elems ...Term) *Tuple { return &Tuple{Elems: elems} }
func NewList(elems ...Term) *List   { return &List{Elems: elems} }
