package checklist

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/warren-sre/warren/steps"
)

// evaluate runs a step's check and makes it fail closed: a missing check, a
// panic or a result without a known verdict is a Fail that says why, never a
// pass.
func evaluate(ctx context.Context, step steps.Step, env steps.Env) (res steps.Result) {
	now := env.Now
	defer func() {
		if p := recover(); p != nil {
			res = failed(fmt.Sprintf("the check crashed: %v", p), firstLines(string(debug.Stack()), 12))
		}
		if res.At.IsZero() && now != nil {
			res.At = now()
		}
	}()
	if step.Check == nil {
		return failed("this step has no check, so it cannot be verified", "")
	}
	if err := ctx.Err(); err != nil {
		return failed("the check was not run: "+err.Error(), "")
	}
	res = step.Check(ctx, env)
	switch res.Verdict {
	case steps.Pass, steps.Fail, steps.Wait:
		if res.Summary == "" && res.Verdict != steps.Pass {
			res.Summary = "the check gave no reason"
		}
		return res
	case "":
		return failed("the check returned no verdict", res.Summary)
	}
	return failed(fmt.Sprintf("the check returned an unknown verdict %q", res.Verdict), res.Summary)
}

func failed(summary, evidence string) steps.Result {
	r := steps.Result{Verdict: steps.Fail, Summary: summary}
	if evidence != "" {
		r.Evidence = []string{evidence}
	}
	return r
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
