package erlterm

import "testing"

// FuzzParse checks that no input makes the parser panic and that whatever
// it accepts survives a print/parse round trip unchanged, in both modes
// (schema files keep funs as source text).
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"[{rabbit,[{tcp_listeners,[{\"127.0.0.1\",5672}]}]}].",
		"#{a => <<1,2>>, 'b c' => [1|2]}.",
		"16#FF. $\\^A. -1.5e-3. \"\\x{1F600}\".",
		"{translation, \"a.b\", fun(C) -> case C of 'end' -> $\"; _ -> \"end\" end end}.",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		roundTrip(t, src, ParseFile)
		roundTrip(t, src, ParseSchemaFile)
	})
}

func roundTrip(t *testing.T, src []byte, parse func([]byte) ([]Term, error)) {
	terms, err := parse(src)
	if err != nil {
		return
	}
	out := FormatFile(terms...)
	back, err := parse([]byte(out))
	if err != nil {
		t.Fatalf("printed form does not parse: %v\n%s", err, out)
	}
	if len(back) != len(terms) {
		t.Fatalf("round trip: %d terms became %d", len(terms), len(back))
	}
	for i := range terms {
		if !Equal(terms[i], back[i]) {
			t.Fatalf("round trip changed term %d:\n%s", i, out)
		}
	}
}
