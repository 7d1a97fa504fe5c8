package steps

import (
	"context"
	"strings"
	"testing"
)

func TestActionGuards(t *testing.T) {
	pass := func(context.Context, Env) Result { return Result{Verdict: Pass, Summary: "already so"} }
	wait := func(context.Context, Env) Result { return Result{Verdict: Wait} }
	ran := 0
	ok := &Action{Run: func(context.Context, Env) (string, error) { ran++; return "ran\n", nil }}
	tests := []struct {
		name    string
		action  *Action
		wantRun int
		wantErr bool
		wantOut string
	}{
		{"unlessAlready: done already, nothing runs", unlessAlready(pass, ok), 0, false, "nothing to do"},
		{"unlessAlready: not yet, it runs", unlessAlready(wait, ok), 1, false, "ran"},
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
