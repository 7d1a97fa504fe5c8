package engine

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/warren-sre/warren/checklist"
)

// The resume policy, in one place: a step whose action a previous driver
// started and never finished is re-verified by its check, and its action
// runs again only when the operator asks for it (x in the cockpit, --retry
// headless), never implicitly.

// interruptedSteps are the steps whose action a previous driver started
// and never finished, sorted.
func interruptedSteps(st checklist.State) []string {
	var ids []string
	for id, sr := range st.Steps {
		if sr.Status == checklist.Interrupted {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// Interrupted are the steps this engine found interrupted and whose action
// has not been run again since.
func (e *Engine) Interrupted() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var ids []string
	for id := range e.interrupted {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (e *Engine) isInterrupted(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.interrupted[id]
}

// rerun notes that the operator asked for the action of id again.
func (e *Engine) rerun(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.interrupted, id)
}

// reverifyOnStart re-runs the checks of the interrupted steps and of the
// current step once the first samples are in: a resumed run never trusts
// what it was told before it died.
func (e *Engine) reverifyOnStart() {
	select {
	case <-e.ctx.Done():
		return
	case <-time.After(or(e.cfg.ReverifyAfter, 1500*time.Millisecond)):
	}
	e.reverify(e.ctx)
}

func (e *Engine) reverify(ctx context.Context) {
	for _, id := range reverifyTargets(e.sess.State(), e.sess.Run()) {
		if _, err := e.sess.Evaluate(ctx, e.env(), id); err != nil && !errors.Is(err, context.Canceled) {
			e.note("re-verifying " + id + " failed: " + err.Error())
		}
	}
}

// reverifyTargets: every interrupted step with a check, then the current
// step if it is not one of them.
func reverifyTargets(st checklist.State, run *checklist.Run) []string {
	var ids []string
	seen := map[string]bool{}
	for _, sec := range run.Sections() {
		for _, ss := range sec.Steps {
			if sr := st.Steps[ss.Step.ID]; sr != nil && sr.Status == checklist.Interrupted && ss.Step.Check != nil && !ss.Locked {
				ids = append(ids, ss.Step.ID)
				seen[ss.Step.ID] = true
			}
		}
	}
	if cur := run.Current(); cur != nil && cur.Step.Check != nil && !seen[cur.Step.ID] {
		ids = append(ids, cur.Step.ID)
	}
	return ids
}
