package checklist

import (
	"fmt"
	"slices"

	"github.com/warren-sre/warren/steps"
)

// Run is the checklist as the operator sees it: the runbook's steps with
// their states, grouped into phases, with what is locked and why. It is a
// value computed from a State; it never changes under the caller.
type Run struct {
	sections []Section
	byID     map[string]*StepState
}

// NewRun lays the runbook out over a state. Steps keep their runbook order
// inside each phase; phases follow steps.Phases, those without steps left
// out.
func NewRun(runbook []steps.Step, st State) *Run {
	r := &Run{byID: map[string]*StepState{}}
	for _, phase := range steps.Phases {
		sec := Section{Phase: phase}
		for _, step := range runbook {
			if step.Phase == phase {
				ss := stepState(step, st.Steps[step.ID])
				sec.Steps = append(sec.Steps, ss)
				r.byID[step.ID] = ss
			}
		}
		// A rolling runbook has no migration phases and a blue-green one no
		// rolling ones: only phases with steps are shown (Rollback always).
		if len(sec.Steps) == 0 && phase != steps.Rollback {
			continue
		}
		r.sections = append(r.sections, sec)
	}
	r.lock(st.RollbackActive)
	return r
}

func stepState(step steps.Step, sr *StepRecord) *StepState {
	ss := &StepState{Step: step, Status: Pending}
	if sr != nil {
		ss.Status, ss.Last, ss.LastRun, ss.Ack = sr.Status, sr.Last, sr.LastRun, sr.Ack
		ss.Output, ss.ActionDone = sr.Output, sr.ActionDone
	}
	return ss
}

// Sections returns the phases in runbook order.
func (r *Run) Sections() []Section { return slices.Clone(r.sections) }

// Step returns the state of one step, or nil when the runbook has no such id.
func (r *Run) Step(id string) *StepState { return r.byID[id] }

// Current is the first step that is not done: where the operator is. In the
// normal flow the Rollback phase is skipped; once a rollback is begun it is
// the only phase that counts. Nil when everything is done.
func (r *Run) Current() *StepState {
	rollback := r.sections[len(r.sections)-1]
	if !rollback.Locked && rollback.Phase == steps.Rollback {
		return firstNotDone(rollback.Steps)
	}
	for _, sec := range r.sections {
		if sec.Phase == steps.Rollback {
			continue
		}
		if ss := firstNotDone(sec.Steps); ss != nil {
			return ss
		}
	}
	return nil
}

func firstNotDone(list []*StepState) *StepState {
	for _, ss := range list {
		if !ss.Status.Done() {
			return ss
		}
	}
	return nil
}

// lock marks locked phases and steps. A phase is locked while an earlier
// phase has a gate that neither passed nor was acknowledged; inside a phase a
// gate locks the steps after it; in blocks (one per node) a block stays
// locked until every step of the block before it is done.
func (r *Run) lock(rollbackActive bool) {
	blocking := "" // why later phases are locked
	var blocker *StepState
	for i := range r.sections {
		sec := &r.sections[i]
		if sec.Phase == steps.Rollback {
			lockRollback(sec, rollbackActive)
			continue
		}
		if blocking != "" {
			sec.Locked, sec.LockReason, sec.Blocker = true, blocking, blocker
			lockAll(sec.Steps, blocking)
		} else {
			lockInside(sec.Steps)
		}
		if gate := firstOpenGate(sec.Steps); gate != nil && blocking == "" {
			blocking = fmt.Sprintf("waits for gate %q in %s (%s)", gate.Step.Title, sec.Phase, gate.Status)
			blocker = gate
		}
	}
}

// lockRollback: the Rollback phase is an escape hatch, never held back by
// earlier gates, but it only opens when someone begins a rollback.
func lockRollback(sec *Section, active bool) {
	if active {
		lockInside(sec.Steps)
		return
	}
	reason := "opens when a rollback is begun (a trigger fired or the operator decides)"
	sec.Locked, sec.LockReason = true, reason
	lockAll(sec.Steps, reason)
}

func lockAll(list []*StepState, reason string) {
	for _, ss := range list {
		ss.Locked, ss.LockReason = true, reason
	}
}

func firstOpenGate(list []*StepState) *StepState {
	for _, ss := range list {
		if ss.Step.Gate && !ss.Status.Done() {
			return ss
		}
	}
	return nil
}

// lockInside applies gate and block locks within one unlocked phase.
func lockInside(list []*StepState) {
	reason := ""
	prevBlock, blockOpen := "", "" // blockOpen: an unfinished step of prevBlock
	for _, ss := range list {
		if ss.Step.Block != prevBlock {
			// Naming the unfinished block says more than its gate would.
			if prevBlock != "" && blockOpen != "" {
				reason = fmt.Sprintf("waits for block %s to be verified (%s)", prevBlock, blockOpen)
			}
			prevBlock, blockOpen = ss.Step.Block, ""
		}
		if reason != "" && !ss.Status.Done() {
			ss.Locked, ss.LockReason = true, reason
		}
		if !ss.Status.Done() {
			if blockOpen == "" {
				blockOpen = fmt.Sprintf("%q is %s", ss.Step.Title, ss.Status)
			}
			if ss.Step.Gate && reason == "" {
				reason = fmt.Sprintf("waits for gate %q (%s)", ss.Step.Title, ss.Status)
			}
		}
	}
}
