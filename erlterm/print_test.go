package erlterm

import (
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		term Term
		want string
	}{
		{NewAtom("PLAIN"), "'PLAIN'"},
		{NewAtom("rabbit@h1"), "rabbit@h1"},
		{NewAtom("end"), "'end'"},
		{NewAtom(""), "''"},
		{NewString("a\"b\\c\n"), `"a\"b\\c\x{a}"`},
		{NewBinary("guest"), `<<"guest">>`},
		{NewBinary("\x01" + "2"), `<<"\0012">>`},
		{NewBinary(""), "<<>>"},
		{&Float{Value: 1}, "1.0"},
		{&Float{Value: 1e21}, "1.0e+21"},
		{&Float{Value: 0.4}, "0.4"},
		{NewTuple(NewAtom("absolute"), NewString("3GiB")), `{absolute,"3GiB"}`},
		{&List{Elems: []Term{NewInt(1)}, Tail: NewAtom("t")}, "[1|t]"},
		{&Map{Entries: []MapEntry{{NewAtom("a"), NewInt(1)}}}, "#{a => 1}"},
	}
	for _, tt := range tests {
		if got := Format(tt.term); got != tt.want {
			t.Errorf("Format = %s, want %s", got, tt.want)
		}
	}
}

func TestFormatBreaksLongTermsAndRoundTrips(t *testing.T) {
	src := `[{rabbit,[{ssl_options,[{cacertfile,"/etc/rabbitmq/ca_certificate.pem"},{certfile,"/etc/rabbitmq/server_certificate.pem"},{verify,verify_peer}]}]}].`
	terms, err := ParseFile([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out := FormatFile(terms...)
	if !strings.Contains(out, "\n") || strings.Count(out, "\n") < 4 {
		t.Errorf("long term was not broken over lines:\n%s", out)
	}
	back, err := ParseFile([]byte(out))
	if err != nil {
		t.Fatalf("reparse: %v\n%s", err, out)
	}
	if !Equal(back[0], terms[0]) {
		t.Errorf("round trip changed the term:\n%s", out)
	}
}
