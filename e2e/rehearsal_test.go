//go:build integration

package e2e

import (
	"bufio"
	"os"
	"os/exec"
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

// The whole runbook, headless, through every node of the lab — with warren
// killed mid-step once, a second driver refused meanwhile, and the run
// resumed from its directory to the end.
func TestRehearsalKillResumeAndLock(t *testing.T) {
	cfg := labtest.Require(t)
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	runDir := t.TempDir()

	// First driver: killed as soon as it starts a node's start action.
	first := exec.Command(warrenBinary(t), upgradeArgs(cfg, runDir)...)
	firstLog := filepath.Join(t.TempDir(), "first.stderr")
	logFile, err := os.Create(firstLog)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	first.Stderr = logFile
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = first.Wait(); close(exited) }()
	interrupted := waitForRecord(t, runDir, 4*time.Minute, exited, firstLog, func(r checklist.Record) bool {
		return r.Kind == checklist.KindStepStarted && strings.HasSuffix(r.Step, "/"+steps.PartStart)
	})

	// While it holds the lock, a second driver is refused (exit 2).
	code, stderr := run(t, time.Minute, upgradeArgs(cfg, runDir)...)
	if code != 2 || !strings.Contains(stderr, "only one driver") {
		t.Fatalf("second driver: exit %d, stderr %q; want 2 and a lock refusal", code, stderr)
	}
	_ = first.Process.Kill()
	<-exited
	t.Logf("killed warren during %s", interrupted.Step)

	// Resume: the stale lock is taken over, the interrupted step re-verified.
	start := time.Now()
	code, stderr = run(t, 8*time.Minute, upgradeArgs(cfg, runDir, "--take-over")...)
	if code != 0 {
		t.Fatalf("resumed run: exit %d\n%s", code, stderr)
	}
	t.Logf("resumed run finished in %s", time.Since(start).Round(time.Second))
	recs, problems, err := checklist.Records(runDir)
	if err != nil || len(problems) > 0 {
		t.Fatalf("journal: %v %v", err, problems)
	}
	assertResumedAt(t, recs, interrupted.Step)
	assertEveryNodeRolled(t, cfg.AllNodes(), recs)
	assertNoLoss(t, recs)
	assertReplayAgrees(t, runDir)
	assertReportNamesSteps(t, runDir, recs)
}

// waitForRecord polls the journal until a record matches; a driver that
// exits first fails the test with its stderr.
func waitForRecord(t *testing.T, dir string, timeout time.Duration, exited <-chan struct{}, logPath string, match func(checklist.Record) bool) checklist.Record {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			out, _ := os.ReadFile(logPath)
			t.Fatalf("the driver exited before the record appeared:\n%s", out)
		default:
		}
		recs, _, _ := checklist.Records(dir)
		for _, r := range recs {
			if match(r) {
				return r
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no matching journal record within %s", timeout)
	return checklist.Record{}
}

// assertResumedAt: after run-resumed, the interrupted step was checked
// before any other step's action ran, and its action did not start again.
func assertResumedAt(t *testing.T, recs []checklist.Record, step string) {
	t.Helper()
	resumed := -1
	for i, r := range recs {
		if r.Kind == checklist.KindRunResumed {
			resumed = i
		}
	}
	if resumed < 0 {
		t.Fatal("no run-resumed record")
	}
	if !strings.Contains(recs[resumed].Text, step) {
		t.Errorf("run-resumed says %q, want it to name interrupted %s", recs[resumed].Text, step)
	}
	for _, r := range recs[resumed+1:] {
		if r.Kind == checklist.KindStepStarted && r.Step == step {
			t.Fatalf("the interrupted action of %s was re-run", step)
		}
		if r.Kind == checklist.KindCheck && r.Step == step {
			return
		}
		if r.Kind == checklist.KindStepStarted {
			t.Fatalf("%s's action ran before the interrupted %s was re-verified", r.Step, step)
		}
	}
	t.Fatalf("%s was never re-verified after the resume", step)
}

// assertEveryNodeRolled: each node's drain, stop, start and verify passed,
// node after node.
func assertEveryNodeRolled(t *testing.T, nodes []lab.Node, recs []checklist.Record) {
	t.Helper()
	st := checklist.NewState()
	for _, r := range recs {
		st.Apply(r)
	}
	for _, n := range nodes {
		for _, part := range []string{steps.PartSafeToStop, steps.PartDrain, steps.PartStop, steps.PartStart, steps.PartAwait, steps.PartVerify} {
			id := steps.RollingID(n.Name, part)
			if sr := st.Steps[id]; sr == nil || !sr.Status.Done() {
				t.Errorf("%s not done: %+v", id, sr)
			}
		}
	}
	// Blocks ran in turn: no node's stop after a later node's verify began.
	var stops, verifies []string
	for _, r := range recs {
		if r.Kind == checklist.KindCheck && r.Result != nil && r.Result.Verdict == steps.Pass {
			switch {
			case strings.HasSuffix(r.Step, "/"+steps.PartStop):
				stops = append(stops, r.Step)
			case strings.HasSuffix(r.Step, "/"+steps.PartVerify):
				verifies = append(verifies, r.Step)
			}
		}
	}
	if len(stops) != len(nodes) || len(verifies) != len(nodes) {
		t.Fatalf("passed stops %v, verifies %v", stops, verifies)
	}
	for i := range stops {
		if strings.TrimSuffix(stops[i], steps.PartStop) != strings.TrimSuffix(verifies[i], steps.PartVerify) {
			t.Errorf("block order broken: stop %s paired with verify %s", stops[i], verifies[i])
		}
	}
}

// assertNoLoss: no canary trigger, and the last verify saw 0 lost.
func assertNoLoss(t *testing.T, recs []checklist.Record) {
	t.Helper()
	lastCanary := ""
	for _, r := range recs {
		if r.Trigger != nil && r.Trigger.Name == model.TriggerCanary {
			t.Errorf("canary trigger fired: %+v", r.Trigger)
		}
		if r.Kind == checklist.KindCheck && r.Result != nil && strings.HasSuffix(r.Step, "/verify") {
			for _, e := range r.Result.Evidence {
				if strings.HasPrefix(e, "canary ") {
					lastCanary = e
				}
			}
		}
	}
	if !strings.Contains(lastCanary, ", 0 lost") {
		t.Fatalf("last canary evidence %q, want 0 lost", lastCanary)
	}
	t.Logf("canary: %s", lastCanary)
}

// assertReplayAgrees: a follower replaying the journal sees the driver's
// final state, step by step.
func assertReplayAgrees(t *testing.T, dir string) {
	t.Helper()
	replayed, _, err := checklist.Replay(dir)
	if err != nil {
		t.Fatal(err)
	}
	w, err := checklist.Watch(dir, nil, checklist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	followed := w.State()
	if len(replayed.Steps) == 0 || len(replayed.Steps) != len(followed.Steps) {
		t.Fatalf("replayed %d steps, followed %d", len(replayed.Steps), len(followed.Steps))
	}
	for id, sr := range replayed.Steps {
		if followed.Steps[id].Status != sr.Status {
			t.Errorf("%s: replay %s, follower %s", id, sr.Status, followed.Steps[id].Status)
		}
	}
}

// assertReportNamesSteps: the exported report names every journaled step.
func assertReportNamesSteps(t *testing.T, dir string, recs []checklist.Record) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.md")
	if code, stderr := run(t, time.Minute, "journal", "export", dir, "-o", out); code != 0 {
		t.Fatalf("export: exit %d %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	report := string(data)
	titles := map[string]bool{}
	for _, r := range recs {
		if r.Title != "" {
			titles[r.Title] = true
		}
	}
	for title := range titles {
		if !strings.Contains(report, title) {
			t.Errorf("report does not name step %q", title)
		}
	}
	sc := bufio.NewScanner(strings.NewReader(report))
	lines := 0
	for sc.Scan() {
		lines++
	}
	t.Logf("report: %d steps named, %d lines", len(titles), lines)
}
