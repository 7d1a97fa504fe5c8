// Package checklist runs the runbook: a state machine over steps, the
// append-only journal it is rebuilt from, resume, the single-driver lock and
// read-only followers. Actions only ever run through its dispatcher.
package checklist

import (
	"time"

	"github.com/warren-sre/warren/steps"
)

// Status of one step. Shown as a glyph and a word, never colour alone.
type Status string

const (
	Pending      Status = "pending"
	Running      Status = "running"
	Passed       Status = "passed"
	Failed       Status = "failed"
	Skipped      Status = "skipped"
	Acknowledged Status = "acknowledged"
	// Interrupted marks an action that started but whose end was never
	// journaled (warren died mid-step). It is never silently re-run.
	Interrupted Status = "interrupted"
)

// Done reports whether the step no longer holds up the steps after it.
func (s Status) Done() bool { return s == Passed || s == Skipped || s == Acknowledged }

// Ack records who accepted a failed gate and why.
type Ack struct {
	By     string    `json:"by"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// StepState is a step with what the run knows about it.
type StepState struct {
	Step    steps.Step
	Status  Status
	Last    *steps.Result // last check, with its evidence
	LastRun time.Time
	Ack     *Ack
	Output  string // last action's output (bounded)
	// ActionDone: the step's action returned and awaits verification.
	ActionDone bool
	// Locked steps cannot run yet; LockReason says what they wait for.
	Locked     bool
	LockReason string
}

// Acknowledgeable: the step may be accepted as it is, with a reason — it
// failed, was interrupted, or waits on a check that answered. The one rule
// every front end asks (the session enforces it).
func (ss StepState) Acknowledgeable() bool {
	return ss.Status == Failed || ss.Status == Interrupted || (ss.Status == Pending && ss.Last != nil)
}

// Section is one phase as the checklist view shows it.
type Section struct {
	Phase steps.Phase
	Steps []*StepState
	// Locked phases cannot start: an earlier gate has not passed.
	Locked     bool
	LockReason string
	// Blocker is the earlier phase's open gate that locks this one (nil for
	// a rollback not begun): a screen says it in its own language.
	Blocker *StepState
}

// Done counts the finished steps of the section.
func (s Section) Done() int {
	n := 0
	for _, st := range s.Steps {
		if st.Status.Done() {
			n++
		}
	}
	return n
}
