package ui

import (
	"context"

	"github.com/warren-sre/warren/checklist"
)

// Runbook is everything the cockpit needs from the checklist run. The
// checklist package implements it; ui never runs a check or an action
// itself, it only asks through these methods.
//
//   - Sections returns the phases as they stand. The UI keeps the result
//     between calls, so it must be a copy the checklist no longer mutates,
//     and it must be safe to call from any goroutine. The UI calls it from a
//     tea.Cmd (never from Update or View) at start, every second, after each
//     intent and whenever it receives a RunbookChanged message; ReadOnly and
//     Driver are read at the same moments.
//   - ReadOnly is true for a follower: the UI shows the run and never calls
//     Check, Act or Acknowledge. Driver names who drives the run, for them.
//   - Check, Act and Acknowledge carry out one operator intent on one step
//     (by Step.ID). They are called from a tea.Cmd, so they may block; the
//     error, if any, is shown on the status line. Act gets the word the
//     operator typed for an irreversible action ("" otherwise); the
//     dispatcher, not the UI, is the one that enforces it.
//   - Alerts are the rollback triggers fired and not yet handled, and
//     whether a rollback is under way; read with Sections.
//   - BeginRollback opens the Rollback phase (after the operator typed the
//     confirmation and a reason), journaled with who and why.
type Runbook interface {
	Sections() []checklist.Section
	ReadOnly() bool
	Driver() string
	Alerts() (fired []checklist.Trigger, rollbackActive bool)
	Check(ctx context.Context, stepID string) error
	Act(ctx context.Context, stepID, confirm string) error
	Acknowledge(ctx context.Context, stepID, reason string) error
	BeginRollback(ctx context.Context, reason string) error
}

// RunbookChanged tells the UI to reload the sections, e.g. because a check
// finished or another driver moved the run on. Send it through the relay.
type RunbookChanged struct{}

// runbookMsg is one reading of the runbook, taken in a tea.Cmd: the
// session behind Runbook takes a lock, so Update and View never call it and
// only keep what the last reading said.
type runbookMsg struct {
	sections       []checklist.Section
	readOnly       bool
	driver         string
	alerts         []checklist.Trigger
	rollbackActive bool
}

// readRunbook takes one reading; it may block, so only commands call it.
func readRunbook(rb Runbook) runbookMsg {
	alerts, active := rb.Alerts()
	return runbookMsg{sections: rb.Sections(), readOnly: rb.ReadOnly(), driver: rb.Driver(), alerts: alerts, rollbackActive: active}
}

// intentDoneMsg reports the end of an intent sent to the Runbook.
type intentDoneMsg struct {
	what string
	err  error
	// acted: the intent ran a step's action (see Model.acting).
	acted bool
}
