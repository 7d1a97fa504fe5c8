//go:build integration

package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/steps"
)

// The blue-green migration driven through the cockpit's keys in tmux, the
// way an operator does it (open the current step, run its action, re-check
// it while it waits), from the inventory of both clusters to the
// decommission list. Both clusters' nodes are on screen, with versions.
func TestCockpitBlueGreen(t *testing.T) {
	blue := labtest.RequireVersion(t, blueLab(), "3.10", 3)
	green := labtest.RequireVersion(t, greenLab(), "4.0", 3)
	populateBlue(t, blue)
	waitShopDepths(t, blue, bgMessages)

	runDir := filepath.Join(t.TempDir(), "run")
	args := []string{warrenBinary(t), "--to", "4.0.5", "--target", "lab:" + blueLab(), "--green-target", "lab:" + greenLab(),
		"--executor", "local", "--run", runDir, "--canary-window", "10s"}
	scr := startScreen(t, 160, 48, []string{"XDG_STATE_HOME=" + t.TempDir(), "NO_COLOR=1"}, args...)
	scr.waitFor(60*time.Second, "the blue-green checklist", func(s string) bool {
		return strings.Contains(s, "Checklist ·") && strings.Contains(s, "Inventory of blue and lab:"+greenLab())
	})

	op := &operator{t: t, scr: scr, runDir: runDir}
	start := time.Now()
	var migration string
	op.driveUntil(10*time.Minute, func(st checklist.State) bool {
		// The last frame while the shovels run: both clusters' queues.
		if sh, un := st.Steps[steps.BGShovel], st.Steps[steps.BGUnshovel]; sh != nil && sh.ActionDone && (un == nil || !un.Status.Done()) {
			migration = scr.capture()
		}
		sr := st.Steps[steps.BGDecommission]
		return sr != nil && sr.Status.Done()
	})
	t.Logf("figure: cockpit start → migration done through its keys: %s (%d keys sent)", time.Since(start).Round(time.Second), op.keys)
	scr.keys("q")
	waitUnlocked(t, runDir, 30*time.Second)

	if migration == "" {
		t.Error("the run never showed a frame while the shovels ran")
	}
	for _, want := range []string{"Green · lab:" + greenLab(), green.Node(1).Name, "4.0.5", blue.Node(1).Name, "3.10.8", "Green queues · lab:" + greenLab()} {
		if !strings.Contains(migration, want) {
			t.Errorf("%q not on the screen during the migration:\n%s", want, migration)
		}
	}
	t.Logf("the screen during the migration:\n%s", migration)
	waitShopDepths(t, green, bgMessages)
	waitShopDepths(t, blue, 0)
	assertReportTellsTheMove(t, runDir)
}
