//go:build integration

package e2e

import (
	"cmp"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/targets"
)

// matrixVersions is every lab version with the series `check` looks ahead
// to; "" is the version the lab runs (the newest has no next series yet).
var matrixVersions = []struct{ series, next string }{
	{"3.8", "3.9"}, {"3.10", "3.11"}, {"4.0", "4.1"}, {"4.3", ""},
}

// TestVersionMatrix: warren is right on every real RabbitMQ version a lab
// runs, each on a single-node lab of its own.
func TestVersionMatrix(t *testing.T) {
	if len(matrixVersions) != len(lab.Releases) {
		t.Fatalf("the matrix covers %d versions, the lab has %d", len(matrixVersions), len(lab.Releases))
	}
	bin := warrenBinary(t)
	for _, v := range matrixVersions {
		t.Run(v.series, func(t *testing.T) {
			name := "mx" + strings.ReplaceAll(v.series, ".", "")
			start := time.Now()
			cfg := labtest.RequireVersion(t, name, v.series, 1)
			t.Logf("figure: RabbitMQ %s: lab up (1 node, root cached) %s", cfg.Version(), time.Since(start).Round(100*time.Millisecond))
			target := targets.LabTargetName(name)
			assertStatusHealthy(t, bin, target)
			assertCheckReads(t, bin, target, cmp.Or(v.next, cfg.Version()))
			assertInventoryAndBackup(t, target)
			assertCockpitFirstFrame(t, bin, cfg, target)
			assertVersionSuite(t, cfg)
		})
	}
}

// statusJSON is the part of `warren status --json` the matrix reads.
type statusJSON struct {
	Healthy  bool `json:"healthy"`
	Findings []struct {
		Code     string   `json:"code"`
		Title    string   `json:"title"`
		Evidence []string `json:"evidence"`
	} `json:"findings"`
	Snapshot struct {
		Nodes struct {
			Value []struct {
				Name  string `json:"name"`
				State string `json:"state"`
			} `json:"value"`
		} `json:"nodes"`
		Canary struct {
			Value struct {
				Confirmed int64 `json:"confirmed"`
				Lost      int64 `json:"lost"`
				EndToEnd  struct {
					P50 time.Duration `json:"p50_ns"`
				} `json:"end_to_end"`
			} `json:"value"`
		} `json:"canary"`
	} `json:"snapshot"`
}

func warrenJSON(t *testing.T, bin string, into any, args ...string) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	code, stdout, stderr := runOutput(t, bin, 3*time.Minute, args...)
	took := time.Since(start)
	if err := json.Unmarshal([]byte(stdout), into); err != nil {
		t.Fatalf("warren %s: exit %d, not JSON: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, err, stdout, stderr)
	}
	return code, took
}

func assertStatusHealthy(t *testing.T, bin, target string) {
	t.Helper()
	var st statusJSON
	code, took := warrenJSON(t, bin, &st, "status", "--target", target, "--json")
	c := st.Snapshot.Canary.Value
	t.Logf("figure: warren status wall time %s, canary end-to-end p50 %s (%d confirmed, %d lost)",
		took.Round(10*time.Millisecond), c.EndToEnd.P50, c.Confirmed, c.Lost)
	if code != 0 || !st.Healthy {
		t.Fatalf("status exit %d healthy=%v, want a healthy cluster; findings %+v, nodes %+v", code, st.Healthy, st.Findings, st.Snapshot.Nodes.Value)
	}
	if c.Confirmed == 0 || c.Lost != 0 {
		t.Fatalf("canary confirmed %d lost %d, want confirmations and no loss", c.Confirmed, c.Lost)
	}
}

// checkJSON is the part of `warren check --json` the matrix reads.
type checkJSON struct {
	Findings []struct {
		Code     string   `json:"code"`
		Severity string   `json:"severity"`
		Title    string   `json:"title"`
		Evidence []string `json:"evidence"`
	} `json:"findings"`
}

// assertCheckReads: the pre-flight check runs every check it has against
// this version; an endpoint the version lacks is information, never a
// 404-driven finding, a node called down, or an unread input.
func assertCheckReads(t *testing.T, bin, target, next string) {
	t.Helper()
	var ck checkJSON
	code, took := warrenJSON(t, bin, &ck, "check", "--to", next, "--target", target, "--json")
	t.Logf("check --to %s: exit %d in %s, %d findings", next, code, took.Round(10*time.Millisecond), len(ck.Findings))
	if code == 2 {
		t.Fatalf("check could not run (exit 2)")
	}
	for _, f := range ck.Findings {
		text := f.Title + " " + strings.Join(f.Evidence, " ")
		if f.Code == "NODE_DOWN" || f.Code == "NOT_CHECKED" || strings.Contains(text, "404") {
			t.Errorf("finding %s (%s): %s", f.Code, f.Severity, text)
		}
	}
}

// assertInventoryAndBackup runs the preparation's inventory and verified
// definitions backup against the version.
func assertInventoryAndBackup(t *testing.T, target string) {
	t.Helper()
	cluster := connectTarget(t, target, 5*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	env := steps.Env{Cluster: cluster, Now: time.Now}
	list := steps.PreparationSteps(steps.PrepConfig{RunDir: t.TempDir()})
	// A node that just booted reports its data directory with its first
	// statistics: the inventory waits for it, as the runbook's gate does.
	var inv steps.Result
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(time.Second) {
		env.Snapshot = cluster.TakeSnapshot(ctx, 10)
		if inv = findStep(t, list, "prep.inventory").Check(ctx, env); inv.Verdict != steps.Wait || time.Now().After(deadline) {
			break
		}
	}
	if inv.Verdict != steps.Pass {
		t.Errorf("inventory: %s %v", inv.Summary, inv.Evidence)
	}
	defs := findStep(t, list, "prep.definitions")
	if _, err := defs.Action.Run(ctx, env); err != nil {
		t.Fatalf("definitions export: %v", err)
	}
	if res := defs.Check(ctx, env); res.Verdict != steps.Pass {
		t.Errorf("definitions backup not verified: %s %v", res.Summary, res.Evidence)
	}
}

// assertCockpitFirstFrame opens the cockpit on the version and waits for
// the three live panes.
func assertCockpitFirstFrame(t *testing.T, bin string, cfg lab.Config, target string) {
	t.Helper()
	names := cfg.NodeNames()
	scr := startScreen(t, 160, 48, []string{"XDG_STATE_HOME=" + t.TempDir(), "NO_COLOR=1"}, bin, "--target", target)
	took := scr.waitFor(30*time.Second, "all three panes filled", allPanesFilled(names))
	t.Logf("figure: cockpit start → three panes filled: %s", took.Round(10*time.Millisecond))
	scr.keys("q")
}

// TestVersionMatrixNodeFaults: on a 3-node 4.0 lab, a stopped node is
// reported down, and a frozen one unreachable.
func TestVersionMatrixNodeFaults(t *testing.T) {
	bin := warrenBinary(t)
	cfg := labtest.RequireVersion(t, "mx40c", "4.0", 3)
	target := targets.LabTargetName("mx40c")
	logf := func(s string) { t.Log(s) }
	if err := cfg.StopNode(context.Background(), 2, logf); err != nil {
		t.Fatal(err)
	}
	assertNodeStates(t, bin, target, map[string]string{cfg.Node(1).Name: "running", cfg.Node(2).Name: "down", cfg.Node(3).Name: "running"}, "node 2 stopped")
	if err := cfg.StartNode(context.Background(), 2, logf); err != nil {
		t.Fatal(err)
	}
	if err := cfg.FreezeNode(3); err != nil {
		t.Fatal(err)
	}
	assertNodeStates(t, bin, target, map[string]string{cfg.Node(1).Name: "running", cfg.Node(3).Name: "unreachable"}, "node 3 frozen")
}

// assertNodeStates runs `warren status --json` and compares node states.
func assertNodeStates(t *testing.T, bin, target string, want map[string]string, situation string) {
	t.Helper()
	var st statusJSON
	code, took := warrenJSON(t, bin, &st, "status", "--target", target, "--json", "--timeout", "2s")
	t.Logf("figure: warren status with %s: %s (exit %d)", situation, took.Round(10*time.Millisecond), code)
	if code != 1 || st.Healthy {
		t.Errorf("%s: status exit %d healthy=%v, want 1 and unhealthy", situation, code, st.Healthy)
	}
	for _, n := range st.Snapshot.Nodes.Value {
		if w, ok := want[n.Name]; ok && n.State != w {
			t.Errorf("%s: %s is %q, want %q", situation, n.Name, n.State, w)
		}
		delete(want, n.Name)
	}
	if len(want) > 0 {
		t.Errorf("%s: status did not list %v", situation, want)
	}
}

// assertVersionSuite runs the per-version tests of the cli package (health
// sources, canary arguments and its clean-up, definitions) against this
// version's lab node; they need one node's URLs, which the matrix sets.
func assertVersionSuite(t *testing.T, cfg lab.Config) {
	t.Helper()
	n := cfg.Node(1)
	cmd := exec.Command("go", "test", "-tags", "integration", "-count=1", "-run", "^TestVersion", "./cli")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "WARREN_VERSION_URL="+n.MgmtURL(), "WARREN_VERSION_AMQP_URL="+n.AMQPURL(),
		"WARREN_REQUIRE_VERSION_URL=1")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("per-version tests: %v\n%s", err, out)
	}
	t.Logf("per-version tests of the cli package passed in %s", time.Since(start).Round(100*time.Millisecond))
}
