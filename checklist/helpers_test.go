package checklist

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/warren-sre/warren/steps"
)

// fakeClock advances one second per reading, so records have distinct times.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func verdict(v steps.Verdict, summary string, evidence ...string) func(context.Context, steps.Env) steps.Result {
	return func(context.Context, steps.Env) steps.Result {
		return steps.Result{Verdict: v, Summary: summary, Evidence: evidence}
	}
}

func gate(id string, phase steps.Phase, block string) steps.Step {
	return steps.Step{ID: id, Phase: phase, Block: block, Title: "gate " + id, Gate: true, Check: verdict(steps.Pass, "ok")}
}

func plain(id string, phase steps.Phase, block string) steps.Step {
	return steps.Step{ID: id, Phase: phase, Block: block, Title: "step " + id, Check: verdict(steps.Pass, "ok")}
}

// testRunbook: two prep steps, a compatibility gate, two node blocks, a
// post-upgrade step and a rollback step.
func testRunbook() []steps.Step {
	return []steps.Step{
		gate("prep-backup", steps.Preparation, ""),
		plain("prep-notes", steps.Preparation, ""),
		gate("compat-blockers", steps.Compatibility, ""),
		gate("n1-safe", steps.Rolling, "rabbit@n1"),
		plain("n1-stop", steps.Rolling, "rabbit@n1"),
		gate("n1-verify", steps.Rolling, "rabbit@n1"),
		gate("n2-safe", steps.Rolling, "rabbit@n2"),
		gate("n2-verify", steps.Rolling, "rabbit@n2"),
		plain("post-flags", steps.PostUpgrade, ""),
		plain("rb-restore", steps.Rollback, ""),
	}
}

// testOptions: fixed identity and clock; the process is alive unless told.
func testOptions(clock *fakeClock) Options {
	return Options{
		Info:         RunInfo{Target: "lab", From: "3.10.8", To: "3.11.28", Executor: "local"},
		User:         "alice",
		Host:         "ops1",
		Clock:        clock.Now,
		PollInterval: 5 * time.Millisecond,
		pid:          4242,
		processAlive: func(int) bool { return true },
	}
}

func openDriverT(t *testing.T, dir string, runbook []steps.Step) (*Session, *fakeClock) {
	t.Helper()
	clock := newClock()
	s, err := Open(dir, runbook, testOptions(clock))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clock
}

func env() steps.Env { return steps.Env{} }
