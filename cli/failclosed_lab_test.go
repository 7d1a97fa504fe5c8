//go:build integration

package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
)

// With node 2 frozen, the cluster-wide /api/nodes of nodes 1 and 3 hangs
// while each still answers its own probe. Asked about nodes 1 and 3 only,
// status and check used to say HEALTHY / READY and exit 0: the cluster-wide
// view was never read, so the verdict must fail closed.
func TestLabVerdictsNeedTheClusterWideView(t *testing.T) {
	cfg := labtest.Require(t)
	if cfg.Nodes < 3 {
		t.Skip("needs a 3-node lab")
	}
	bin := buildWarren(t)
	if err := cfg.FreezeNode(2); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { labtest.Restore(t, cfg) })
	urls := []string{"--url", cfg.Node(1).MgmtURL(), "--url", cfg.Node(3).MgmtURL(), "-u", "guest"}

	t.Run("status", func(t *testing.T) {
		var report statusReport
		code := runJSON(t, bin, append([]string{"status", "--json", "--canary", "0"}, urls...), &report)
		logNodes(t, report.Snapshot.Nodes.Value)
		if code != 1 || report.Healthy || report.Verdict == "HEALTHY" {
			t.Fatalf("exit %d, verdict %s, healthy %v: want exit 1 and no HEALTHY", code, report.Verdict, report.Healthy)
		}
		requireNotCheckedWhereUnlisted(t, report.Snapshot.Nodes.Value, report.Findings)
	})
	t.Run("check", func(t *testing.T) {
		var report checkReport
		code := runJSON(t, bin, append([]string{"check", "--json", "--to", "3.11"}, urls...), &report)
		if code != 1 || report.OK {
			t.Fatalf("exit %d, ok %v: want exit 1 and not READY; findings %+v", code, report.OK, report.Findings)
		}
	})
}

// runJSON runs warren, decodes its JSON report into into and returns the exit code.
func runJSON(t *testing.T, bin string, args []string, into any) int {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "WARREN_PASSWORD=guest")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := exitCode(cmd.Run())
	if err := json.Unmarshal(stdout.Bytes(), into); err != nil {
		t.Fatalf("exit %d, stdout is not the JSON report (%v); stderr: %s", code, err, stderr.String())
	}
	return code
}

func logNodes(t *testing.T, nodes []model.Node) {
	for _, n := range nodes {
		t.Logf("node %s: %s probe-only=%v (%s)", n.Name, n.State, n.ProbeOnly, n.Reason)
	}
}

func requireNotCheckedWhereUnlisted(t *testing.T, nodes []model.Node, fs []model.Finding) {
	t.Helper()
	for _, n := range nodes {
		if !n.ProbeOnly {
			continue
		}
		for _, f := range fs {
			if f.Code == model.CodeNotChecked && f.Severity == model.Blocker {
				return
			}
		}
		t.Fatalf("%s was seen only through its probe, yet no NOT_CHECKED blocker: %+v", n.Name, fs)
	}
}
