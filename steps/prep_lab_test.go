//go:build integration

package steps_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

func labCluster(t *testing.T, cfg lab.Config) *broker.Cluster {
	t.Helper()
	tg := broker.Target{Name: cfg.Prefix, Username: "guest", Password: "guest", Timeout: 5 * time.Second}
	for _, n := range cfg.AllNodes() {
		tg.Nodes = append(tg.Nodes, broker.Endpoint{Name: n.Name, MgmtURL: n.MgmtURL(), AMQPURL: n.AMQPURL()})
	}
	c, err := broker.Connect(tg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func definitionsStep(list []steps.Step) steps.Step {
	for _, s := range list {
		if s.ID == "prep.definitions" {
			return s
		}
	}
	return steps.Step{}
}

// The backup round-trips: export and verify on the lab, then import into a
// fresh one-node lab, which must hold the same counts.
func TestDefinitionsBackupRoundTrip(t *testing.T) {
	cfg := labtest.Require(t)
	labtest.API(t, cfg, http.MethodPut, "exchanges/%2F/warren-defs.x", `{"type":"topic","durable":true}`)
	labtest.API(t, cfg, http.MethodPut, "queues/%2F/warren-defs.q", `{"durable":true}`)
	labtest.API(t, cfg, http.MethodPost, "bindings/%2F/e/warren-defs.x/q/warren-defs.q", `{"routing_key":"a.#"}`)
	labtest.API(t, cfg, http.MethodPut, "policies/%2F/warren-defs-p", `{"pattern":"^warren-defs\\.","definition":{"max-length":1000},"apply-to":"queues"}`)
	t.Cleanup(func() {
		labtest.API(t, cfg, http.MethodDelete, "queues/%2F/warren-defs.q", "")
		labtest.API(t, cfg, http.MethodDelete, "exchanges/%2F/warren-defs.x", "")
		labtest.API(t, cfg, http.MethodDelete, "policies/%2F/warren-defs-p", "")
	})
	ctx := context.Background()
	cluster := labCluster(t, cfg)
	runDir := t.TempDir()
	step := definitionsStep(steps.PreparationSteps(steps.PrepConfig{RunDir: runDir}))
	env := steps.Env{Cluster: cluster, Now: time.Now}
	if out, err := step.Action.Run(ctx, env); err != nil {
		t.Fatalf("export: %v", err)
	} else {
		t.Log(out)
	}
	res := step.Check(ctx, env)
	if res.Verdict != steps.Pass {
		t.Fatalf("verification: %s %v", res.Summary, res.Evidence)
	}
	defs, err := os.ReadFile(filepath.Join(runDir, steps.DefinitionsFile))
	if err != nil {
		t.Fatal(err)
	}
	want, err := model.CountDefinitions(defs)
	if err != nil || want.Exchanges < 1 || want.Bindings < 1 || want.Policies < 1 {
		t.Fatalf("backup counts %v, %v", want, err)
	}

	fresh := lab.Default()
	fresh.BaseDir, fresh.Prefix, fresh.Nodes = t.TempDir(), "defs", 1
	fresh.AMQPPort, fresh.MgmtPort, fresh.DistPort = 5795, 15795, 25795
	t.Cleanup(func() { _ = fresh.Destroy(func(s string) { t.Log(s) }) })
	upCtx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	if err := fresh.Up(upCtx, func(s string) { t.Log(s) }); err != nil {
		t.Fatal(err)
	}
	target := labCluster(t, fresh)
	if err := target.ImportDefinitions(ctx, defs); err != nil {
		t.Fatalf("import: %v", err)
	}
	got, err := target.LiveDefinitionCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := model.CompareCounts(want, got); len(diffs) > 0 {
		t.Fatalf("the fresh lab differs from the backup: %v", diffs)
	}
}
