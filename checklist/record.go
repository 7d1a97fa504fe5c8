package checklist

import (
	"time"

	"github.com/warren-sre/warren/steps"
)

// Kind names one type of journal record. The names are part of the journal
// format: scripts and older warren versions read them.
type Kind string

const (
	KindRunStarted    Kind = "run-started"
	KindRunResumed    Kind = "run-resumed"
	KindLockTakenOver Kind = "lock-taken-over"
	KindStepStarted   Kind = "step-started"  // a step's action is about to run
	KindStepFinished  Kind = "step-finished" // the action returned (ok or not)
	KindCheck         Kind = "check"         // a check's result with its evidence
	KindCommand       Kind = "command"       // one command an action ran
	KindConfirmation  Kind = "confirmation"  // who confirmed an action
	KindAcknowledged  Kind = "acknowledged"  // who accepted a failed step and why
	KindSkipped       Kind = "skipped"
	KindTrigger       Kind = "trigger"          // a rollback trigger fired
	KindRollbackBegun Kind = "rollback-started" // the Rollback phase is opened
	KindBaseline      Kind = "baseline"         // before/after metrics
	KindNote          Kind = "note"
	KindProblemLogged Kind = "journal-problem" // e.g. a torn line discarded on resume
)

// RunInfo says what a run is about and who started it.
type RunInfo struct {
	Target string `json:"target"`
	// Green is the cluster a blue-green run moves Target into.
	Green    string    `json:"green,omitempty"`
	From     string    `json:"from,omitempty"` // version before the upgrade
	To       string    `json:"to,omitempty"`   // target version
	Executor string    `json:"executor,omitempty"`
	Who      string    `json:"who"`
	Host     string    `json:"host"`
	Started  time.Time `json:"started"`
}

// CommandRecord is one command with its outcome (argv, exit code, output,
// duration): the steps package's CommandRun, so actions can log commands
// without importing the checklist.
type CommandRecord = steps.CommandRun

// Trigger is a rollback trigger that fired, with what showed it.
type Trigger struct {
	Name     string   `json:"name"`
	Summary  string   `json:"summary"`
	Evidence []string `json:"evidence,omitempty"`
}

// Metric is one baseline comparison row (e.g. canary p99 in ms).
type Metric struct {
	Name   string  `json:"name"`
	Unit   string  `json:"unit,omitempty"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
}

// Record is one line of journal.jsonl. Only the fields its Kind needs are set.
type Record struct {
	Seq   int         `json:"seq"`
	At    time.Time   `json:"at"`
	Kind  Kind        `json:"kind"`
	Step  string      `json:"step,omitempty"`
	Title string      `json:"title,omitempty"` // step title, so reports need no runbook
	Phase steps.Phase `json:"phase,omitempty"`
	By    string      `json:"by,omitempty"`
	Text  string      `json:"text,omitempty"`

	Run      *RunInfo          `json:"run,omitempty"`
	Holder   *Holder           `json:"holder,omitempty"`
	Result   *steps.Result     `json:"result,omitempty"`
	Command  *CommandRecord    `json:"command,omitempty"`
	Commands [][]string        `json:"commands,omitempty"` // what an action is about to run
	Ack      *Ack              `json:"ack,omitempty"`
	Trigger  *Trigger          `json:"trigger,omitempty"`
	Metrics  []Metric          `json:"metrics,omitempty"`
	Canary   *CanaryMark       `json:"canary,omitempty"` // with a check: the canary at that moment
	Output   string            `json:"output,omitempty"`
	Error    string            `json:"error,omitempty"`
	Fields   map[string]string `json:"fields,omitempty"`
}

// maxOutput bounds the output kept per record and per step: enough for an
// operator to see what went wrong, small enough to keep the journal quick.
const maxOutput = 64 << 10

// bounded keeps the tail of s, where errors usually are.
func bounded(s string) string {
	if len(s) <= maxOutput {
		return s
	}
	return "…(truncated)\n" + s[len(s)-maxOutput:]
}
