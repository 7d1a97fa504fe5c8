//go:build integration

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/steps"
)

// rollingParts are every step of a node's rolling block, in order.
var rollingParts = []string{steps.PartSafeToStop, steps.PartDrain, steps.PartStop, steps.PartBackup, steps.PartPackage,
	steps.PartStart, steps.PartAwait, steps.PartRevive, steps.PartVerify}

// The whole rolling upgrade of the lab driven through the cockpit's keys,
// the way an operator does it: open the current step, run its action (x,
// y), re-check it (c) while it waits, acknowledge a backup the lab
// cannot take (a + a reason), until every node's block is verified.
func TestCockpitRehearsal(t *testing.T) {
	cfg := labtest.Require(t)
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	runDir := filepath.Join(t.TempDir(), "run")
	version := labVersion(t)
	args := append([]string{warrenBinary(t)}, cockpitArgs(version, runDir)...)
	t.Logf("flags: %s", strings.Join(args[1:], " "))
	env := append(labEnv(cfg), "XDG_STATE_HOME="+t.TempDir(), "NO_COLOR=1")
	scr := startScreen(t, 160, 48, env, args...)
	first := cfg.AllNodes()[0].Name
	scr.waitFor(60*time.Second, "the checklist and "+first, func(s string) bool {
		return strings.Contains(s, "Checklist ·") && strings.Contains(s, first)
	})

	op := &operator{t: t, scr: scr, runDir: runDir}
	start := time.Now()
	op.driveUntil(25*time.Minute, func(st checklist.State) bool { return everyBlockDone(st, cfg.AllNodes()) })
	t.Logf("figure: cockpit start → every rolling block done: %s (%d keys sent)", time.Since(start).Round(time.Second), op.keys)

	latency := scr.capture()
	scr.keys("q")
	waitUnlocked(t, runDir, 30*time.Second)

	recs, problems, err := checklist.Records(runDir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("journal: %v %v", err, problems)
	}
	assertEveryRollingStepPassed(t, runDir, cfg.AllNodes())
	assertEveryNodeRolled(t, cfg.AllNodes(), recs)
	assertNoLoss(t, recs)
	if !strings.Contains(latency, "lost 0 ") {
		t.Errorf("the latency pane does not show lost 0:\n%s", latency)
	}
	logTimePerNode(t, recs, cfg.AllNodes())
	assertFollowerSeesTheRun(t, cfg, runDir, env)
}

// assertFollowerSeesTheRun: a follower rebuilds the runbook from the run's
// saved context, so the driver's records land on its steps (every rolling
// step shows done), and it starts no canary of its own.
func assertFollowerSeesTheRun(t *testing.T, cfg lab.Config, runDir string, env []string) {
	t.Helper()
	rolling := 0
	for range cfg.AllNodes() {
		rolling += len(rollingParts)
	}
	want := fmt.Sprintf("Rolling upgrade  %d/%d", rolling, rolling)
	scr := startScreen(t, 160, 48, env, warrenBinary(t), "--follow", "--run", runDir)
	scr.waitFor(60*time.Second, "the follower with "+want+" and no canary", func(s string) bool {
		return strings.Contains(s, want) && strings.Contains(s, "no canary in follow mode") && strings.Contains(s, "READ-ONLY")
	})
	scr.keys("q")
}

// cockpitArgs are `warren upgrade`'s rehearsal settings, minus what the
// operator does by keys (--yes, --confirm, --ack).
func cockpitArgs(version, runDir string) []string {
	return []string{"--to", version, "--executor", "local", "--run", runDir,
		"--backup-dir", filepath.Join(runDir, "node-backups"), "--baseline-window", "5s", "--canary-window", "10s",
		"--trigger-sustain", "5m", "--trigger-canary-down", "2m"}
}

// labEnv names this test's lab explicitly: a tmux server started by
// another process hands its own environment to new sessions, which may
// point at another lab.
func labEnv(cfg lab.Config) []string {
	return []string{
		"WARREN_LAB_DIR=" + cfg.BaseDir, "WARREN_LAB_PREFIX=" + cfg.Prefix,
		"WARREN_LAB_NODES=" + strconv.Itoa(cfg.Nodes), "WARREN_LAB_AMQP_PORT=" + strconv.Itoa(cfg.AMQPPort),
		"WARREN_LAB_MGMT_PORT=" + strconv.Itoa(cfg.MgmtPort), "WARREN_LAB_DIST_PORT=" + strconv.Itoa(cfg.DistPort),
		"WARREN_LAB_STATS_MS=" + strconv.FormatInt(cfg.StatsInterval.Milliseconds(), 10),
	}
}

func labVersion(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	snap := labCluster(t).TakeSnapshot(ctx, 1)
	for _, n := range snap.Nodes.Value {
		if n.RabbitVersion != "" {
			return n.RabbitVersion
		}
	}
	t.Fatalf("no lab node reports its version: %s", snap.Nodes.Err)
	return ""
}

// operator reads the screen and presses keys. The cursor follows the
// current step as long as nobody moves it, so enter opens the step that
// needs attention.
type operator struct {
	t      *testing.T
	scr    *screen
	runDir string
	keys   int
	// acks names failed steps (by id prefix) the operator acknowledges,
	// with the reason typed; backups the lab cannot take are always among
	// them.
	acks map[string]string
	// waitOn is a failed step the operator leaves for the run to react to
	// (a trigger) instead of stopping the test.
	waitOn func(id string) bool
}

// ackFor is the reason the operator gives for acknowledging a failed id.
func (o *operator) ackFor(id string) (string, bool) {
	if strings.HasPrefix(id, "prep.backup.") {
		return "lab rehearsal: the lab is disposable, no node backups", true
	}
	for prefix, reason := range o.acks {
		if strings.HasPrefix(id, prefix) {
			return reason, true
		}
	}
	return "", false
}

var (
	detailID     = regexp.MustCompile(`Step · (\S+) ·`)
	detailStatus = regexp.MustCompile(`(pending|running|passed|failed|skipped|acknowledged|interrupted) · (never run|last ran)`)
	oneWayDoor   = regexp.MustCompile(`One-way door: type (\S+) to run`)
)

func (o *operator) press(keys ...string) {
	o.keys += len(keys)
	o.scr.keys(keys...)
}

func (o *operator) typeText(text string) {
	o.keys += len(text)
	o.scr.keys("-l", text)
}

// driveUntil works the current step until done holds for the journal.
func (o *operator) driveUntil(within time.Duration, done func(checklist.State) bool) {
	o.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		st, _, err := checklist.Replay(o.runDir)
		if err != nil {
			o.t.Fatalf("replay: %v", err)
		}
		if done(st) {
			return
		}
		if o.actOnCurrent(st) {
			// The step waits ("not yet"): look again in a second, as
			// an operator would.
			time.Sleep(time.Second)
		}
	}
	o.t.Fatalf("not done within %s; last screen:\n%s", within, o.scr.capture())
}

// actOnCurrent opens the current step, decides and presses; it reports
// whether the step is waiting.
func (o *operator) actOnCurrent(st checklist.State) (waiting bool) {
	o.t.Helper()
	id, status, hasAction, detail := o.openCurrent()
	before, prevStatus := journalLen(o.t, o.runDir), statusLine(o.scr.capture())
	st, _, _ = checklist.Replay(o.runDir) // what the screen showed may lag the journal
	sr := st.Steps[id]
	actionDone := sr != nil && sr.ActionDone
	switch {
	case status == "running" || (sr != nil && sr.Status == checklist.Running):
		return true
	case status == "passed" || status == "acknowledged" || status == "skipped":
		// The screen has not caught up with the journal yet.
		time.Sleep(300 * time.Millisecond)
		return false
	case status == "failed" && o.waitOn != nil && o.waitOn(id):
		return true
	case status == "failed":
		reason, ok := o.ackFor(id)
		if !ok {
			o.t.Fatalf("%s is %s; its detail:\n%s", id, status, detail)
		}
		o.press("a")
		o.scr.waitFor(10*time.Second, "the reason prompt", func(s string) bool { return strings.Contains(s, "Why acknowledge") })
		o.typeText(reason)
		o.press("Enter")
	case status == "interrupted":
		o.t.Fatalf("%s is %s; its detail:\n%s", id, status, detail)
	case hasAction && !actionDone:
		o.runAction(id)
	default:
		o.press("c")
	}
	o.waitSettled(before, prevStatus, id)
	after, _, _ := checklist.Replay(o.runDir)
	sr = after.Steps[id]
	return sr != nil && sr.Status == checklist.Pending
}

// openCurrent opens the detail of the step under the cursor and reads its
// id, status and whether it has an action, then goes back to the list.
func (o *operator) openCurrent() (id, status string, hasAction bool, detail string) {
	o.t.Helper()
	o.scr.waitFor(30*time.Second, "the checklist", func(s string) bool { return strings.Contains(s, "Checklist ·") })
	o.press("Enter")
	o.scr.waitFor(10*time.Second, "the step's detail", func(s string) bool {
		return detailID.MatchString(s) && detailStatus.MatchString(s)
	})
	detail = o.scr.capture()
	id = detailID.FindStringSubmatch(detail)[1]
	status = detailStatus.FindStringSubmatch(detail)[1]
	hasAction = strings.Contains(detail, "x run action")
	// Wait for the list before the next key: an escape followed at once
	// by a key reads as alt+key.
	o.press("Escape")
	o.scr.waitFor(10*time.Second, "the list again", func(s string) bool { return strings.Contains(s, "Checklist ·") })
	return id, status, hasAction, detail
}

// runAction presses x and answers the confirmation the screen asks for.
func (o *operator) runAction(id string) {
	o.t.Helper()
	o.press("x")
	o.scr.waitFor(10*time.Second, "the confirmation prompt of "+id, func(s string) bool {
		return strings.Contains(s, "y yes • n no") || strings.Contains(s, "One-way door: type ")
	})
	scr := o.scr.capture()
	if m := oneWayDoor.FindStringSubmatch(scr); m != nil {
		o.typeText(m[1])
		o.press("Enter")
		return
	}
	o.press("y")
}

// waitSettled waits until the intent reached the journal, no action is
// under way there, and the status line no longer says it is under way. A
// refused intent journals nothing: its error on the status line ends it.
func (o *operator) waitSettled(before int, prevStatus, id string) {
	o.t.Helper()
	o.scr.waitFor(10*time.Minute, "the end of the intent on "+id, func(s string) bool {
		line := statusLine(s)
		// "running X…" is under way; a long outcome cut to the screen's
		// width ends in "…" too, but says what happened after a colon.
		if strings.HasSuffix(line, "…") && !strings.Contains(line, ": ") {
			return false
		}
		if line != prevStatus && strings.Contains(line, ": ") {
			return true
		}
		recs, _, _ := checklist.Records(o.runDir)
		return len(recs) > before && !actionUnderWay(recs[len(recs)-1].Kind)
	})
	if line := statusLine(o.scr.capture()); strings.Contains(line, ": ") && !strings.Contains(line, "acknowledge") {
		o.t.Logf("%s: %s", id, line)
	}
}

// actionUnderWay: the journal ends inside an action (confirmed, started,
// running commands, finished but not yet verified).
func actionUnderWay(k checklist.Kind) bool {
	switch k {
	case checklist.KindConfirmation, checklist.KindStepStarted, checklist.KindCommand, checklist.KindStepFinished:
		return true
	}
	return false
}

// statusLine is the line above the footer: what the last intent said.
func statusLine(scr string) string {
	lines := strings.Split(strings.TrimRight(scr, "\n"), "\n")
	if len(lines) < 2 {
		return ""
	}
	return strings.TrimSpace(lines[len(lines)-2])
}

func journalLen(t *testing.T, dir string) int {
	recs, _, err := checklist.Records(dir)
	if err != nil {
		t.Fatalf("journal: %v", err)
	}
	return len(recs)
}

func everyBlockDone(st checklist.State, nodes []lab.Node) bool {
	for _, n := range nodes {
		for _, part := range rollingParts {
			if sr := st.Steps[steps.RollingID(n.Name, part)]; sr == nil || !sr.Status.Done() {
				return false
			}
		}
	}
	return true
}

// waitUnlocked waits for the cockpit to exit and release the run's lock.
func waitUnlocked(t *testing.T, dir string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(filepath.Join(dir, checklist.LockFile)); os.IsNotExist(err) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the cockpit still holds the lock %s after q", within)
}

// assertEveryRollingStepPassed: replayed, every part of every node's block
// passed (none acknowledged or skipped).
func assertEveryRollingStepPassed(t *testing.T, dir string, nodes []lab.Node) {
	t.Helper()
	st, _, err := checklist.Replay(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		for _, part := range rollingParts {
			id := steps.RollingID(n.Name, part)
			if sr := st.Steps[id]; sr == nil || sr.Status != checklist.Passed {
				t.Errorf("%s: %+v, want passed", id, sr)
			}
		}
	}
}

// logTimePerNode: from the first record of a node's block to its passed
// verification.
func logTimePerNode(t *testing.T, recs []checklist.Record, nodes []lab.Node) {
	for _, n := range nodes {
		prefix := "rolling/" + n.Name + "/"
		var first, verified time.Time
		for _, r := range recs {
			if !strings.HasPrefix(r.Step, prefix) {
				continue
			}
			if first.IsZero() {
				first = r.At
			}
			if r.Step == prefix+steps.PartVerify && r.Result != nil && r.Result.Verdict == steps.Pass {
				verified = r.At
			}
		}
		t.Logf("figure: %s through the cockpit: %s", n.Name, fmt.Sprint(verified.Sub(first).Round(time.Second)))
	}
}
