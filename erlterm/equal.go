package erlterm

// Equal reports whether a and b are the same Erlang value (positions are
// ignored, map entry order does not matter).
func Equal(a, b Term) bool {
	switch x := a.(type) {
	case *Atom:
		y, ok := b.(*Atom)
		return ok && x.Name == y.Name
	case *String:
		y, ok := b.(*String)
		return ok && x.Value == y.Value
	case *Binary:
		y, ok := b.(*Binary)
		return ok && x.Bytes == y.Bytes
	case *Integer:
		y, ok := b.(*Integer)
		return ok && x.Value.Cmp(y.Value) == 0
	case *Float:
		y, ok := b.(*Float)
		return ok && x.Value == y.Value
	case *Tuple:
		y, ok := b.(*Tuple)
		return ok && equalAll(x.Elems, y.Elems)
	case *List:
		y, ok := b.(*List)
		return ok && equalAll(x.Elems, y.Elems) && equalTail(x.Tail, y.Tail)
	case *Map:
		y, ok := b.(*Map)
		return ok && equalEntries(x.Entries, y.Entries)
	case *Fun:
		y, ok := b.(*Fun)
		return ok && x.Source == y.Source
	}
	return false
}

func equalAll(a, b []Term) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func equalTail(a, b Term) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return Equal(a, b)
}

// equalEntries ignores entry order: Erlang maps are unordered.
func equalEntries(a, b []MapEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for _, ea := range a {
		if v, ok := lookupEntry(b, ea.Key); !ok || !Equal(ea.Value, v) {
			return false
		}
	}
	return true
}

func lookupEntry(entries []MapEntry, key Term) (Term, bool) {
	for _, e := range entries {
		if Equal(e.Key, key) {
			return e.Value, true
		}
	}
	return nil, false
}
