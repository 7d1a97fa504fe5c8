//go:build integration

package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/lab/labtest"
)

// The operator quits in the middle of an action ("quit anyway"): the
// cockpit cuts the action off and journals its end before it closes the
// session and releases the run's lock, so the journal never ends inside an
// action a dead cockpit may still be writing to, and the next driver finds
// a finished step, not an interrupted one.
func TestCockpitQuitMidActionJournalsTheEndFirst(t *testing.T) {
	cfg := labtest.Require(t)
	runDir := filepath.Join(t.TempDir(), "run")
	args := []string{warrenBinary(t), "--to", labVersion(t), "--executor", "local", "--run", runDir, "--baseline-window", "2m"}
	env := append(labEnv(cfg), "XDG_STATE_HOME="+t.TempDir(), "NO_COLOR=1")
	scr := startScreen(t, 160, 48, env, args...)
	scr.waitFor(60*time.Second, "the checklist", func(s string) bool { return strings.Contains(s, "Checklist ·") })

	op := &operator{t: t, scr: scr, runDir: runDir}
	op.driveUntil(2*time.Minute, func(st checklist.State) bool {
		sr := st.Steps["prep.inventory"]
		return sr != nil && sr.Status.Done()
	})
	id, _, hasAction, _ := op.openCurrent()
	if id != "prep.baseline" || !hasAction {
		t.Fatalf("current step %s (action %v), want prep.baseline's 2-minute measurement", id, hasAction)
	}
	op.runAction(id)
	waitForStarted(t, runDir, id, 30*time.Second)

	op.press("q")
	scr.waitFor(10*time.Second, "the quit question", func(s string) bool { return strings.Contains(s, "Quit anyway?") && strings.Contains(s, "y yes") })
	quit := time.Now()
	op.press("y")
	waitUnlocked(t, runDir, 30*time.Second)
	t.Logf("figure: quit anyway mid-action → lock released: %s", time.Since(quit).Round(time.Millisecond))

	recs, problems, err := checklist.Records(runDir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("journal: %v %v", err, problems)
	}
	last := -1
	for i, r := range recs {
		if r.Step == id && (r.Kind == checklist.KindStepStarted || r.Kind == checklist.KindStepFinished) {
			last = i
		}
	}
	if last < 0 || recs[last].Kind != checklist.KindStepFinished || recs[last].Error == "" {
		t.Fatalf("the journal's last word on %s is %+v: want its finish, cut off, written before the lock went", id, recs[max(last, 0)])
	}
	t.Logf("%s finished with: %s", id, recs[last].Error)
	st, _, _ := checklist.Replay(runDir)
	if got := st.Steps[id].Status; got == checklist.Interrupted || got == checklist.Running {
		t.Errorf("after the quit %s is %s: its end was not journaled", id, got)
	}
}

func waitForStarted(t *testing.T, dir, id string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		recs, _, _ := checklist.Records(dir)
		for _, r := range recs {
			if r.Kind == checklist.KindStepStarted && r.Step == id {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s never started within %s", id, within)
}
