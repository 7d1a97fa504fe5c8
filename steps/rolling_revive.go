package steps

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/warren-sre/warren/executor"
)

// How long a revive is given to show, and how often it is repeated. The
// bound is reviveAttempts × (the command's own timeout + reviveSettle ×
// revivePause): about 3 minutes when each revive returns at once.
var (
	reviveAttempts = 10
	reviveSettle   = 6
	revivePause    = 2 * time.Second
)

// reviveUntilOut takes node out of maintenance and does not stop at the
// command's exit code: it runs revive until check (the node out of
// maintenance, serving) passes, a bounded number of times.
//
// Why: a rolled-back 4.0.5 node was reported being_drained by all three
// nodes' /api/nodes for 85 s after a `rabbitmq-upgrade revive` that exited
// 0 and logged "Marked this node as back from maintenance", while its
// Mnesia row already read `regular`. The 4.3.6 boot it was rolled back
// from enabled khepri_db and synced Khepri's membership with the 4.0.5
// peers: afterwards their Khepri store lists all three nodes and reports
// the Mnesia→Khepri migration finished (khepri_db stays disabled). 4.0.5
// reads and writes maintenance state through
// mnesia_to_khepri:handle_fallback, which follows that marker, so a revive
// can write Mnesia while the API reads Khepri. In the rehearsal the second
// revive, 12 s after the first, cleared it at once. Nothing runs when the
// node is out already, and
// a revive that fails on a node that serves anyway is no failure (3.10.8
// crashes with name_not_registered on a node its restart already revived).
func reviveUntilOut(ex executor.Executor, node string, cmds []executor.Command, err error, check func(context.Context, Env) Result) *Action {
	if err != nil {
		return brokenAction(err)
	}
	a := commandAction(ex, node, cmds)
	a.Run = func(ctx context.Context, env Env) (string, error) {
		if r := check(ctx, env); r.Verdict == Pass {
			return "nothing to do: " + r.Summary + "\n", nil
		}
		var out strings.Builder
		var last Result
		for attempt := 1; attempt <= reviveAttempts; attempt++ {
			o, runErr := runOn(ctx, env, ex, node, cmds)
			out.WriteString(o)
			if ex != nil && ex.Name() == executor.KindManual {
				return out.String(), runErr // the operator runs it; the check judges
			}
			last = settle(ctx, env, check)
			switch {
			case last.Verdict == Pass && runErr != nil:
				fmt.Fprintf(&out, "revive failed (%v), but %s: nothing left to do\n", runErr, last.Summary)
				return out.String(), nil
			case last.Verdict == Pass:
				if attempt > 1 {
					fmt.Fprintf(&out, "out of maintenance after %d revives: %s\n", attempt, last.Summary)
				}
				return out.String(), nil
			case ctx.Err() != nil:
				return out.String(), ctx.Err()
			}
			fmt.Fprintf(&out, "revive %d of %d: %s (%s); reviving again\n", attempt, reviveAttempts, reviveOutcome(runErr), whyNot(last))
		}
		return out.String(), fmt.Errorf("%s is still not out of maintenance after %d revives: %s", node, reviveAttempts, whyNot(last))
	}
	return a
}

// settle re-reads check a few times: the cluster reports a revive a moment
// after it returns.
func settle(ctx context.Context, env Env, check func(context.Context, Env) Result) Result {
	var r Result
	for i := 0; i < reviveSettle; i++ {
		if r = check(ctx, env); r.Verdict == Pass || pause(ctx, revivePause) != nil {
			return r
		}
	}
	return r
}

func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func reviveOutcome(err error) string {
	if err != nil {
		return "it failed: " + err.Error()
	}
	return "it exited 0"
}

func whyNot(r Result) string {
	if len(r.Evidence) > 0 {
		return r.Summary + ": " + strings.Join(r.Evidence, "; ")
	}
	return r.Summary
}
