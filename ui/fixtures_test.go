package ui

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// fixedNow is the test clock: a few seconds after the lab fixture was taken.
func fixedNow(t testing.TB, snap model.Snapshot) func() time.Time {
	t.Helper()
	at := snap.Nodes.At.Add(3 * time.Second).Truncate(time.Second)
	return func() time.Time { return at }
}

// loadSnapshot reads a model.Snapshot recorded with `warren status --json`
// (its "snapshot" field).
func loadSnapshot(t testing.TB, name string) model.Snapshot {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var snap model.Snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return snap
}

// fakeRunbook returns fixed sections and records the intents it receives.
type fakeRunbook struct {
	sections []checklist.Section
	readOnly bool
	alerts   []checklist.Trigger
	rollback bool
	intents  []string
	reads    int // calls of Sections, ReadOnly and Driver
}

func (f *fakeRunbook) Sections() []checklist.Section { f.reads++; return f.sections }
func (f *fakeRunbook) ReadOnly() bool                { f.reads++; return f.readOnly }
func (f *fakeRunbook) Driver() string                { f.reads++; return "alice@jump-1" }
func (f *fakeRunbook) Alerts() ([]checklist.Trigger, bool) {
	return f.alerts, f.rollback
}

func (f *fakeRunbook) BeginRollback(_ context.Context, reason string) error {
	f.intents = append(f.intents, "rollback "+reason)
	f.alerts, f.rollback = nil, true
	return nil
}

func (f *fakeRunbook) Check(_ context.Context, id string) error {
	f.intents = append(f.intents, "check "+id)
	return nil
}

func (f *fakeRunbook) Act(_ context.Context, id, confirm string) error {
	f.intents = append(f.intents, "act "+id+" "+confirm)
	return nil
}

func (f *fakeRunbook) Acknowledge(_ context.Context, id, reason string) error {
	f.intents = append(f.intents, "ack "+id+" "+reason)
	return errors.New("journal is read-only in this test")
}

// labSections is a runbook in progress: preparation mostly passed, a
// failed gate acknowledged, the rolling block for node 2 running its stop.
func labSections(at time.Time) []checklist.Section {
	pass := &steps.Result{Verdict: steps.Pass, Summary: "3 of 3 nodes running", At: at.Add(-40 * time.Second),
		Evidence: []string{"rabbit-1@localhost running", "rabbit-2@localhost running", "rabbit-3@localhost running"}}
	fail := &steps.Result{Verdict: steps.Fail, Summary: "2 quorum queues would lose quorum", At: at.Add(-20 * time.Second),
		Evidence: []string{"orders.created (vhost /)", "email.outbox (vhost /)"}, Remedy: "add members or wait for replicas to catch up"}
	st := func(s steps.Step, status checklist.Status, last *steps.Result) *checklist.StepState {
		ss := &checklist.StepState{Step: s, Status: status, Last: last}
		if last != nil {
			ss.LastRun = last.At
		}
		return ss
	}
	stop := &steps.Action{Commands: [][]string{{"rabbitmqctl", "-n", "rabbit-2@localhost", "stop_app"}}}
	enable := &steps.Action{Commands: [][]string{{"rabbitmqctl", "enable_feature_flag", "all"}}, Irreversible: true, Confirm: "ENABLE"}
	return []checklist.Section{
		{Phase: steps.Preparation, Steps: []*checklist.StepState{
			st(steps.Step{ID: "prep.nodes-running", Phase: steps.Preparation, Title: "All nodes running", Gate: true,
				Why:      "A rolling upgrade takes one node out at a time; it must start from a complete cluster.",
				Commands: [][]string{{"rabbitmq-diagnostics", "-q", "cluster_status"}}}, checklist.Passed, pass),
			st(steps.Step{ID: "prep.no-alarms", Phase: steps.Preparation, Title: "No resource alarms", Gate: true,
				Why:      "A node in memory or disk alarm blocks publishers; upgrading it makes that worse.",
				Commands: [][]string{{"rabbitmq-diagnostics", "-q", "check_local_alarms"}}}, checklist.Passed, pass),
			st(steps.Step{ID: "prep.no-partitions", Phase: steps.Preparation, Title: "No network partitions", Gate: true,
				Why: "Restarting nodes during a partition can lose messages."}, checklist.Passed, pass),
			st(steps.Step{ID: "prep.backup", Phase: steps.Preparation, Title: "Export definitions",
				Why: "The way back needs the topology."}, checklist.Skipped, nil),
		}},
		{Phase: steps.Compatibility, Steps: []*checklist.StepState{
			st(steps.Step{ID: "compat.flags", Phase: steps.Compatibility, Title: "All stable feature flags enabled", Gate: true,
				Why: "The next minor refuses to start when required flags are disabled.", Action: enable}, checklist.Passed, pass),
			st(steps.Step{ID: "compat.erlang", Phase: steps.Compatibility, Title: "Erlang version supported by target",
				Why: "Each RabbitMQ release runs on a window of Erlang releases."}, checklist.Passed, pass),
		}},
		{Phase: steps.Rolling, Steps: []*checklist.StepState{
			st(steps.Step{ID: "roll.2.quorum", Phase: steps.Rolling, Block: "rabbit-2", Title: "Not quorum-critical", Gate: true,
				Why:      "Stopping a node that holds the last quorum of a queue makes that queue unavailable.",
				Commands: [][]string{{"rabbitmq-diagnostics", "-n", "rabbit-2@localhost", "check_if_node_is_quorum_critical"}}}, checklist.Acknowledged, fail),
			st(steps.Step{ID: "roll.2.stop", Phase: steps.Rolling, Block: "rabbit-2", Title: "Stop the node",
				Why: "Upgrade the package only while the node is stopped.", Action: stop}, checklist.Running, nil),
			st(steps.Step{ID: "roll.2.start", Phase: steps.Rolling, Block: "rabbit-2", Title: "Start and rejoin",
				Why: "The node must rejoin before the next one goes."}, checklist.Pending, nil),
			st(steps.Step{ID: "roll.3.quorum", Phase: steps.Rolling, Block: "rabbit-3", Title: "Not quorum-critical", Gate: true,
				Why: "As for rabbit-2."}, checklist.Failed, fail),
		}},
		{Phase: steps.PostUpgrade, Locked: true, LockReason: "rolling upgrade not finished", Steps: []*checklist.StepState{
			st(steps.Step{ID: "post.versions", Phase: steps.PostUpgrade, Title: "All nodes on the target version",
				Why: "A mixed-version cluster is only a transition."}, checklist.Pending, nil),
		}},
		{Phase: steps.Rollback, Steps: []*checklist.StepState{
			st(steps.Step{ID: "rollback.restore", Phase: steps.Rollback, Title: "Restore definitions on a fresh cluster",
				Why: "Downgrades in place are not supported; rollback means a new cluster."}, checklist.Interrupted, nil),
		}},
	}
}
