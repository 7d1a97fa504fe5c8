// Package steps is the runbook as data: every step of every phase, with a
// read-only check and an optional action. Steps are generated from the plan
// and the cluster snapshot (one rolling block per node).
package steps

import (
	"context"
	"time"

	"github.com/warren-sre/warren/model"
)

// Phase groups steps into the runbook's collapsible sections, in order.
type Phase string

const (
	Preparation   Phase = "Preparation"
	Compatibility Phase = "Compatibility"
	Rolling       Phase = "Rolling upgrade"
	PostUpgrade   Phase = "Post-upgrade"
	Rollback      Phase = "Rollback"
	// Migration and PostMigration are the blue-green runbook's own phases;
	// a blue-green run has no Rolling or Post-upgrade steps, a rolling run
	// none of these.
	Migration     Phase = "Blue-green migration"
	PostMigration Phase = "Post-migration"
)

// Phases lists the phases in runbook order.
var Phases = []Phase{Preparation, Compatibility, Rolling, Migration, PostUpgrade, PostMigration, Rollback}

// Verdict is the outcome of one check.
type Verdict string

const (
	Pass Verdict = "pass"
	Fail Verdict = "fail"
	// Wait means "not yet": e.g. a node still booting. Gates treat it as not passed.
	Wait Verdict = "wait"
)

// Result is a check's outcome with the evidence an operator needs to trust it.
// A check that cannot run returns Fail with the reason: gates fail closed.
type Result struct {
	Verdict  Verdict         `json:"verdict"`
	Summary  string          `json:"summary"`
	Evidence []string        `json:"evidence,omitempty"`
	Findings []model.Finding `json:"findings,omitempty"`
	Remedy   string          `json:"remedy,omitempty"`
	At       time.Time       `json:"at"`
}

// Passed reports whether the gate may open.
func (r Result) Passed() bool { return r.Verdict == Pass }

// Env is what checks and actions may use: the latest snapshot and the live
// cluster (for node-local questions the snapshot cannot answer).
type Env struct {
	Snapshot model.Snapshot
	Cluster  Cluster
	Now      func() time.Time
	// LogCommand journals one command an action ran, with its output and exit
	// code. The checklist's dispatcher sets it; it is nil outside an action.
	LogCommand func(CommandRun)
}

// CommandRun is one command an action ran, as the journal keeps it. It
// mirrors an executor result without importing the executor.
type CommandRun struct {
	Node     string        `json:"node,omitempty"`
	Argv     []string      `json:"argv"`
	ExitCode int           `json:"exit_code"`
	Stdout   string        `json:"stdout,omitempty"`
	Stderr   string        `json:"stderr,omitempty"`
	Duration time.Duration `json:"duration_ns"`
	Error    string        `json:"error,omitempty"`
}

// Cluster is the part of the broker layer steps need. broker.Cluster
// implements it; checks never see HTTP. Each phase declares what it needs in
// its own small interface (PrepCluster, RollingCluster) in its own file.
type Cluster interface {
	HealthChecker
	PrepCluster
	RollingCluster
}

// HealthChecker asks one node about itself.
type HealthChecker interface {
	// NodeHealth runs one node-local health check against that node's own
	// listener (e.g. "node-is-quorum-critical").
	NodeHealth(ctx context.Context, node, check string) model.HealthCheck
}

// Action is what a step does to the cluster (drain, stop, enable flags...).
// Actions only run through the checklist's dispatcher.
type Action struct {
	// Commands are shown to the operator exactly as they would run.
	Commands [][]string
	// Irreversible actions need a typed confirmation and warn of a one-way door.
	Irreversible bool
	// Confirm is the word the operator types for irreversible actions.
	Confirm string
	Run     func(ctx context.Context, env Env) (output string, err error)
}

// Step is one row of the checklist.
type Step struct {
	ID    string `json:"id"` // stable across runs: the journal refers to it
	Phase Phase  `json:"phase"`
	// Block groups steps inside a phase, e.g. the node a rolling block is for.
	Block string `json:"block,omitempty"`
	Title string `json:"title"`
	Why   string `json:"why"`
	// Commands the operator would run or verify by hand, one argv each.
	Commands [][]string `json:"commands,omitempty"`
	// Gate steps block every later step of the phase until they pass or are
	// acknowledged.
	Gate   bool                                      `json:"gate"`
	Check  func(ctx context.Context, env Env) Result `json:"-"`
	Action *Action                                   `json:"-"`
}
