//go:build integration

package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// The failed upgrade through the cockpit's keys: the operator acknowledges
// the gates that forbid 3.10 → 4.0 (a rehearsal of what a skip does), node
// 1 refuses to boot on 4.0.5, the alert shows at once with the node's words
// on the driver's screen and on a follower's, and R opens the Rollback phase.
func TestCockpitFailedUpgradeAndRollbackKey(t *testing.T) {
	cfg := labtest.RequireVersion(t, "rbc", "3.10", 3)
	if lab.HostSeries() != "3.10" {
		t.Skip("this rehearsal starts from the host's 3.10.8")
	}
	waitDataDirs(t, cfg)
	runDir := filepath.Join(t.TempDir(), "run")
	args := append([]string{warrenBinary(t), "--target", "lab:rbc"}, cockpitArgs("4.0.5", runDir)...)
	env := []string{"XDG_STATE_HOME=" + t.TempDir(), "NO_COLOR=1"}
	scr := startScreen(t, 160, 48, env, args...)
	scr.waitFor(60*time.Second, "the checklist", func(s string) bool { return strings.Contains(s, "Checklist ·") })

	op := &operator{t: t, scr: scr, runDir: runDir,
		acks: map[string]string{"compat.path": "rehearsing what a skipped series does", "compat.erlang": "the 4.0 root ships its own Erlang 27"},
		waitOn: func(id string) bool {
			return strings.HasPrefix(id, "rolling/") && strings.HasSuffix(id, "/"+steps.PartStart)
		}}
	op.driveUntil(20*time.Minute, func(st checklist.State) bool { return len(st.Alerts) > 0 })
	st, _, _ := checklist.Replay(runDir)
	if st.Alerts[0].Name != model.TriggerNodeNotBack {
		t.Fatalf("fired %+v, want node-not-back", st.Alerts)
	}
	recs := journal(t, runDir)
	t.Logf("figure: failing start → trigger journaled: %s", between(recs, isKind(checklist.KindStepStarted, "/"+steps.PartStart), isTrigger))
	shown := scr.waitFor(10*time.Second, "the trigger alert with the node's words", func(s string) bool {
		return strings.Contains(s, "ROLLBACK TRIGGER node-not-back") && strings.Contains(s, "stream_single_active_consumer")
	})
	t.Logf("figure: trigger journaled → alert on the driver's screen: ≤ %s", shown.Round(10*time.Millisecond))

	follower := startScreen(t, 160, 48, env, warrenBinary(t), "--target", "lab:rbc", "--follow", "--run", runDir)
	follower.waitFor(60*time.Second, "the same alert on the follower's screen", func(s string) bool {
		return strings.Contains(s, "ROLLBACK TRIGGER node-not-back") && strings.Contains(s, "READ-ONLY")
	})

	op.press("R")
	scr.waitFor(10*time.Second, "the rollback's typed confirmation", func(s string) bool { return strings.Contains(s, "type rollback") })
	op.typeText("rollback")
	op.press("Enter")
	scr.waitFor(10*time.Second, "the rollback's reason prompt", func(s string) bool { return strings.Contains(s, "Why roll back?") })
	op.typeText("node 1 refused to boot on 4.0.5")
	op.press("Enter")
	scr.waitFor(30*time.Second, "the rollback under way, the alert handled", func(s string) bool {
		return strings.Contains(s, "ROLLING BACK") && !strings.Contains(s, "ROLLBACK TRIGGER")
	})
	st, _, _ = checklist.Replay(runDir)
	if !st.RollbackActive {
		t.Fatal("the journal has no rollback begun")
	}
	recs = journal(t, runDir)
	var begun *checklist.Record
	for i := range recs {
		if recs[i].Kind == checklist.KindRollbackBegun {
			begun = &recs[i]
		}
	}
	if begun == nil || begun.By == "" || begun.Text != "node 1 refused to boot on 4.0.5" {
		t.Fatalf("rollback begun record %+v: want who and why", begun)
	}
	follower.waitFor(30*time.Second, "the follower sees the rollback", func(s string) bool { return strings.Contains(s, "ROLLING BACK") })
	scr.keys("q")
	follower.keys("q")
}
