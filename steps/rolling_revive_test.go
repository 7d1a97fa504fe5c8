package steps

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// A revive that exits 0 is not the end: the action revives until the
// cluster reports the node out of maintenance, a bounded number of times.
func TestReviveUntilOutOfMaintenance(t *testing.T) {
	defer func(p time.Duration, s, a int) { revivePause, reviveSettle, reviveAttempts = p, s, a }(revivePause, reviveSettle, reviveAttempts)
	revivePause, reviveSettle, reviveAttempts = 0, 2, 4
	const node = "r1@h"
	tests := []struct {
		name        string
		drainedFor  int  // revives after which the cluster still reports maintenance
		crash       bool // revive exits non-zero (3.10.8's name_not_registered)
		wantRevives int
		wantErr     string
		wantOut     string
	}{
		{"already out: nothing runs", 0, false, 0, "", "nothing to do"},
		{"out after the first revive", 1, false, 1, "", ""},
		{"still drained after a revive that exited 0: revived again", 3, false, 3, "", "out of maintenance after 3 revives"},
		{"a revive that crashed on a node that serves anyway", 1, true, 1, "", "nothing left to do"},
		{"never out: bounded, and says so", 100, false, 4, "still not out of maintenance after 4 revives", "revive 4 of 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := running(node, "4.0.5")
			n.Maintenance = model.MaintenanceOn
			if tt.drainedFor == 0 {
				n.Maintenance = model.MaintenanceOff
			}
			fake := &rollingFake{nodes: model.NodesSample{At: time.Now(), Value: []model.Node{n}}}
			revives := 0
			ex := &scriptedExecutor{answer: func(executor.Command) executor.Result {
				revives++
				if revives >= tt.drainedFor {
					fake.nodes.Value[0].Maintenance = model.MaintenanceOff
				}
				if tt.crash {
					return executor.Result{ExitCode: 69, ErrorKind: executor.ErrorNonZeroExit, Stderr: executor.Output{Text: "{:error, :name_not_registered}"}}
				}
				return executor.Result{}
			}}
			cmds, err := executor.Tools{}.Revive(node)
			a := reviveUntilOut(ex, node, cmds, err, revived(node, []string{"amqp"}))
			out, err := a.Run(context.Background(), Env{Cluster: fake, Now: clock})
			if revives != tt.wantRevives || (tt.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) ||
				!strings.Contains(out, tt.wantOut) {
				t.Fatalf("%d revives (want %d), err %v (want %q), out %q (want %q)", revives, tt.wantRevives, err, tt.wantErr, out, tt.wantOut)
			}
		})
	}
}

// With the manual executor the operator runs revive; the step's check judges.
func TestReviveManualRunsOnce(t *testing.T) {
	n := running("r1@h", "4.0.5")
	n.Maintenance = model.MaintenanceOn
	fake := &rollingFake{nodes: model.NodesSample{At: time.Now(), Value: []model.Node{n}}}
	cmds, _ := executor.Tools{}.Revive("r1@h")
	out, err := reviveUntilOut(executor.Manual{}, "r1@h", cmds, nil, revived("r1@h", []string{"amqp"})).Run(context.Background(), Env{Cluster: fake, Now: clock})
	if err != nil || !strings.Contains(out, "rabbitmq-upgrade -n r1@h revive") {
		t.Fatalf("manual: %q %v", out, err)
	}
}

// A node the package step moved to another root is driven, once there,
// with that root's own CLI; before it, and for the other nodes, with the
// lab's. The rollback revives it with the tools of the version it is back on.
func TestNodeMovedToAnotherRootGetsItsTools(t *testing.T) {
	const node = "n1@h"
	lab := executor.Tools{Dir: "/usr/lib/rabbitmq/bin", Root: "/roots/trixie"}
	moved := lab
	moved.Root = "/roots/forky"
	back := lab
	back.Root = "/roots/bookworm"
	rolling := RollingSteps(RollingConfig{Tools: lab, Nodes: []NodePlan{{Name: node, Upgraded: &moved}}})
	rollback := RollbackSteps(RollbackConfig{Tools: lab, Nodes: []RollbackNode{{Name: node, Restored: &back}}})
	tests := []struct {
		step Step
		root string
	}{
		{stepByID(rolling, RollingID(node, PartDrain)), "/roots/trixie"},
		{stepByID(rolling, RollingID(node, PartAwait)), "/roots/forky"},
		{stepByID(rolling, RollingID(node, PartRevive)), "/roots/forky"},
		{stepByID(rollback, RollbackID(node, PartRevive)), "/roots/bookworm"},
	}
	for _, tt := range tests {
		if tt.step.Action == nil || len(tt.step.Action.Commands) == 0 || strings.Join(tt.step.Action.Commands[0][:2], " ") != "chroot "+tt.root {
			t.Errorf("%s: commands %q, want them run in %s", tt.step.ID, tt.step.Action.Commands, tt.root)
		}
	}
}
