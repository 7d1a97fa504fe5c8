package checklist

import (
	"context"
	"strings"
	"testing"

	"github.com/warren-sre/warren/steps"
)

func TestEvaluateFailsClosed(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name    string
		check   func(context.Context, steps.Env) steps.Result
		ctx     context.Context
		want    steps.Verdict
		summary string
	}{
		{"pass", verdict(steps.Pass, "all running"), context.Background(), steps.Pass, "all running"},
		{"panic", func(context.Context, steps.Env) steps.Result { panic("nil snapshot") }, context.Background(), steps.Fail, "crashed: nil snapshot"},
		{"no verdict", verdict("", "looked fine"), context.Background(), steps.Fail, "no verdict"},
		{"unknown verdict", verdict("maybe", ""), context.Background(), steps.Fail, `unknown verdict "maybe"`},
		{"no check", nil, context.Background(), steps.Fail, "no check"},
		{"cancelled", verdict(steps.Pass, "ok"), cancelled, steps.Fail, "not run"},
		{"fail without reason gets one", verdict(steps.Fail, ""), context.Background(), steps.Fail, "no reason"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock := newClock()
			res := evaluate(tc.ctx, steps.Step{ID: "x", Check: tc.check}, steps.Env{Now: clock.Now})
			if res.Verdict != tc.want || !strings.Contains(res.Summary, tc.summary) {
				t.Errorf("got %s %q, want %s containing %q", res.Verdict, res.Summary, tc.want, tc.summary)
			}
			if res.At.IsZero() {
				t.Error("result has no time")
			}
		})
	}
}
