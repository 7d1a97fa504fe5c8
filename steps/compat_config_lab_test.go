//go:build integration

package steps_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// The config gate reads the config files each node reports through the
// run's executor (here the local one, on a lab): the lab node's real
// rabbitmq.conf is read and judged. A file the node reports but the
// executor cannot read fails the gate as NOT_CHECKED.
func TestLabConfigGateReadsThroughTheExecutor(t *testing.T) {
	cfg := labtest.RequireVersion(t, "opcfg", "3.10", 1)
	ctx := context.Background()
	// A node reports its config files with its first statistics, a
	// moment after it serves.
	var snap model.Snapshot
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(time.Second) {
		snap = labCluster(t, cfg).TakeSnapshot(ctx, 10)
		if snap.Nodes.OK() && len(snap.Nodes.Value) == 1 && len(snap.Nodes.Value[0].ConfigFiles) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the lab node reports no config file: %+v", snap.Nodes)
		}
	}
	read := steps.ConfigSource{Read: steps.ReadThrough(executor.NewLocal(executor.Options{}))}
	files := steps.ReadConfigFiles(ctx, snap.Nodes.Value, read, model.V(4, 0, 5))
	if len(files) == 0 || files[0].Err != "" || len(files[0].Pairs) == 0 {
		t.Fatalf("the lab node's config was not read through the executor: %+v", files)
	}
	gate := func(s model.Snapshot) steps.Result {
		cc := steps.CompatConfig{Target: model.V(4, 0, 5), Config: read}
		for _, st := range steps.CompatibilitySteps(cc) {
			if st.ID == "compat.config" {
				return st.Check(ctx, steps.Env{Snapshot: s, Now: time.Now})
			}
		}
		t.Fatal("no config gate")
		return steps.Result{}
	}
	if r := gate(snap); r.Verdict != steps.Pass {
		t.Fatalf("the lab's own config: %s %s %v", r.Verdict, r.Summary, r.Evidence)
	}
	missing := filepath.Join(cfg.Node(1).Dir, "gone", "rabbitmq.conf")
	snap.Nodes.Value[0].ConfigFiles = append(snap.Nodes.Value[0].ConfigFiles, missing)
	r := gate(snap)
	all := strings.Join(r.Evidence, "\n")
	if r.Verdict != steps.Fail || !strings.Contains(all, "NOT_CHECKED") || !strings.Contains(all, missing) {
		t.Fatalf("a config file the executor cannot read: %s %s\n%s\nwant a NOT_CHECKED failure naming it", r.Verdict, r.Summary, all)
	}
	t.Logf("read %s through the local executor (%d settings); the missing one: %s", files[0].Path, len(files[0].Pairs), r.Summary)
}
