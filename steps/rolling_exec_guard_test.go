package steps

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestActionGuards(t *testing.T) {
	pass := func(context.Context, Env) Result { return Result{Verdict: Pass, Summary: "already so"} }
	wait := func(context.Context, Env) Result { return Result{Verdict: Wait} }
	ran := 0
	ok := &Action{Run: func(context.Context, Env) (string, error) { ran++; return "ran\n", nil }}
	fails := &Action{Run: func(context.Context, Env) (string, error) { ran++; return "", errors.New("name_not_registered") }}
	tests := []struct {
		name    string
		action  *Action
		wantRun int
		wantErr bool
		wantOut string
	}{
		{"unlessAlready: done already, nothing runs", unlessAlready(pass, ok), 0, false, "nothing to do"},
		{"unlessAlready: not yet, it runs", unlessAlready(wait, ok), 1, false, "ran"},
		{"forgivenIf: failed, but what it was for holds", forgivenIf(pass, fails), 1, false, "name_not_registered"},
		{"forgivenIf: failed and it does not hold", forgivenIf(wait, fails), 1, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran = 0
			out, err := tt.action.Run(context.Background(), Env{})
			if ran != tt.wantRun || (err != nil) != tt.wantErr || !strings.Contains(out, tt.wantOut) {
				t.Fatalf("ran %d, out %q, err %v", ran, out, err)
			}
		})
	}
}
