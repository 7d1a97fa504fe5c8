package engine

import (
	"context"
	"errors"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/steps"
)

// ErrClosed refuses an intent that arrives after Close began.
var ErrClosed = errors.New("the run is closing: no new action")

// AfterStepError is a step that is done but whose after-step work (e.g.
// journaling the baseline comparison) failed.
type AfterStepError struct {
	Step string
	Err  error
}

func (e *AfterStepError) Error() string { return "after " + e.Step + ": " + e.Err.Error() }
func (e *AfterStepError) Unwrap() error { return e.Err }

// intent registers one operator intent: Close waits for it, and its
// context ends when the caller's does or when the engine closes, so an
// action cut off by a quit still journals its end before the lock goes.
func (e *Engine) intent(ctx context.Context) (context.Context, func(), error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ctx.Err() != nil {
		return nil, nil, ErrClosed
	}
	e.intents.Add(1)
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(e.ctx, cancel)
	return ctx, func() { stop(); cancel(); e.intents.Done() }, nil
}

func (e *Engine) env() steps.Env {
	env := steps.Env{Snapshot: e.store.Snapshot(), Now: time.Now}
	if e.cfg.Cluster != nil {
		env.Cluster = e.cfg.Cluster
	}
	return env
}

// Check runs a step's check and journals it.
func (e *Engine) Check(ctx context.Context, id string) (*checklist.StepState, error) {
	ctx, done, err := e.intent(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	return e.afterStep(e.sess.Evaluate(ctx, e.env(), id))
}

// Act runs a step's action with the operator's confirmation. Asking for an
// interrupted step's action is the explicit re-run the resume policy waits
// for.
func (e *Engine) Act(ctx context.Context, id string, c checklist.Confirmation) (*checklist.StepState, error) {
	ctx, done, err := e.intent(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	e.rerun(id)
	if c.By == "" {
		c.By = e.user
	}
	return e.afterStep(e.sess.Dispatch(ctx, e.env(), id, c))
}

// Advance takes one step forward on the current step (the headless loop):
// an interrupted step the operator did not ask to re-run is only checked.
func (e *Engine) Advance(ctx context.Context, c checklist.Confirmation) (*checklist.StepState, error) {
	ctx, done, err := e.intent(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if cur := e.sess.Run().Current(); cur != nil && e.Reverifies(cur) {
		return e.afterStep(e.sess.Evaluate(ctx, e.env(), cur.Step.ID))
	}
	if c.By == "" {
		c.By = e.user
	}
	return e.afterStep(e.sess.Advance(ctx, e.env(), c))
}

// Reverifies: the resume policy only re-checks cur, whose action a
// previous driver left interrupted and nobody asked to re-run. (A Wait
// verdict makes such a step look pending again; advancing it would re-run
// its action.)
func (e *Engine) Reverifies(cur *checklist.StepState) bool {
	return e.isInterrupted(cur.Step.ID) && !cur.ActionDone
}

// MayRetry: an explicit re-run of cur's action makes sense (it failed, or
// was interrupted).
func (e *Engine) MayRetry(cur *checklist.StepState) bool {
	return cur.Step.Action != nil && (cur.Status == checklist.Failed || cur.Status == checklist.Interrupted || e.isInterrupted(cur.Step.ID))
}

// Acknowledge accepts a failed step with a reason, journaled with who; the
// session decides which steps may be (checklist.StepState.Acknowledgeable).
func (e *Engine) Acknowledge(id, reason string) error {
	return e.sess.Acknowledge(id, e.user, reason)
}

// BeginRollback opens the Rollback phase, journaled with who and why; the
// session refuses a follower. The journal's change publishes
// event.RollbackBegun.
func (e *Engine) BeginRollback(reason string) error {
	return e.sess.BeginRollback(e.user, reason)
}

// afterStep runs what follows a step the intent left done: after the
// post-upgrade comparison, its before/after metrics are journaled for the
// report.
func (e *Engine) afterStep(ss *checklist.StepState, err error) (*checklist.StepState, error) {
	if err != nil || ss == nil || !ss.Status.Done() {
		return ss, err
	}
	if ss.Step.ID == steps.PostCompare {
		if err := e.recordComparison(); err != nil {
			return ss, &AfterStepError{Step: ss.Step.ID, Err: err}
		}
	}
	return ss, nil
}
