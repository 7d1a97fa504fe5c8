package cockpit

import (
	"context"
	"fmt"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// sessionRunbook adapts a checklist session to ui.Runbook. Every intent goes
// to the session's dispatcher, which enforces follower mode and
// confirmations; the UI only asks.
type sessionRunbook struct {
	sess    *checklist.Session
	cluster steps.Cluster
	store   *Store
	user    string
	// after runs once an intent left its step done.
	after func(stepID string, snap model.Snapshot) error
}

func (r *sessionRunbook) env() steps.Env {
	return steps.Env{Snapshot: r.store.Snapshot(), Cluster: r.cluster, Now: time.Now}
}

func (r *sessionRunbook) Sections() []checklist.Section { return r.sess.Run().Sections() }

func (r *sessionRunbook) ReadOnly() bool { return r.sess.ReadOnly() }

func (r *sessionRunbook) Driver() string {
	h, alive := r.sess.Driver()
	if !alive {
		return h.String() + " (not running)"
	}
	return h.String()
}

func (r *sessionRunbook) Check(ctx context.Context, stepID string) error {
	_, err := r.sess.Evaluate(ctx, r.env(), stepID)
	return r.afterIntent(stepID, err)
}

func (r *sessionRunbook) Act(ctx context.Context, stepID, confirm string) error {
	st, err := r.sess.Dispatch(ctx, r.env(), stepID, checklist.Confirmation{By: r.user, Word: confirm, Yes: true})
	if err != nil {
		return err
	}
	if st != nil && st.Status == checklist.Failed && st.Last != nil {
		return fmt.Errorf("%s", st.Last.Summary)
	}
	return r.afterIntent(stepID, nil)
}

// afterIntent runs the after hook when the intent left the step done.
func (r *sessionRunbook) afterIntent(stepID string, err error) error {
	if err != nil || r.after == nil {
		return err
	}
	if ss := r.sess.Run().Step(stepID); ss != nil && ss.Status.Done() {
		return r.after(stepID, r.store.Snapshot())
	}
	return nil
}

func (r *sessionRunbook) Acknowledge(_ context.Context, stepID, reason string) error {
	return r.sess.Acknowledge(stepID, r.user, reason)
}

// Alerts are the triggers fired and not yet handled by a rollback; the
// follower reads them from the same journal, so it sees the same alert.
func (r *sessionRunbook) Alerts() ([]checklist.Trigger, bool) {
	st := r.sess.State()
	return st.Alerts, st.RollbackActive
}

// BeginRollback opens the Rollback phase, journaled with who and why; the
// session refuses a follower.
func (r *sessionRunbook) BeginRollback(_ context.Context, reason string) error {
	return r.sess.BeginRollback(r.user, reason)
}
