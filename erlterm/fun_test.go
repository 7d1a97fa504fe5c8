package erlterm

import (
	"strings"
	"testing"
)

func TestParseSchemaFileKeepsFunsAsSource(t *testing.T) {
	fun := `fun(Conf) ->
    %% an end in a comment
    case cuttlefish:conf_get("a.end", Conf, undefined) of
        'end' -> [$", $e, $n, $d];
        X when is_list(X) -> lists:map(fun erlang:list_to_atom/1, X);
        _ -> F = fun (Y) -> if Y > 0 -> begin Y end; true -> 0 end end, F(1)
    end
end`
	src := "{mapping, \"a\", \"app.a\", [{datatype, integer}]}.\n{translation, \"app.a\",\n" + fun + "}.\n"
	terms, err := ParseSchemaFile([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(terms) != 2 {
		t.Fatalf("got %d terms, want 2", len(terms))
	}
	tr := terms[1].(*Tuple)
	got, ok := tr.Elems[2].(*Fun)
	if !ok || got.Source != fun {
		t.Fatalf("translation fun = %#v, want the source text\n%s", tr.Elems[2], fun)
	}
	if got.Position() != (Pos{3, 1}) {
		t.Errorf("fun at %v, want 3:1", got.Position())
	}
}

func TestParseSchemaFileErrors(t *testing.T) {
	for src, msg := range map[string]string{
		"{t, fun(C) -> case C of a -> b end}.": "unterminated fun",
		"{t, fun(C) -> \"end }.":               "unterminated string",
	} {
		if _, err := ParseSchemaFile([]byte(src)); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseSchemaFile(%q) = %v, want %q", src, err, msg)
		}
	}
}

func TestParseFileStillRejectsFuns(t *testing.T) {
	if _, err := ParseFile([]byte("{t, fun(C) -> C end}.")); err == nil {
		t.Error("ParseFile accepted a fun; config files cannot hold code")
	}
}
