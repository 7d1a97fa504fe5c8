package cockpit

import (
	"context"
	"fmt"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/engine"
)

// runbook adapts the engine to ui.Runbook. Every intent goes to the
// engine, whose session enforces follower mode and confirmations; the UI
// only asks.
type runbook struct{ e *engine.Engine }

func (r runbook) Sections() []checklist.Section { return r.e.Sections() }

func (r runbook) ReadOnly() bool { return r.e.ReadOnly() }

func (r runbook) Driver() string {
	h, alive := r.e.Driver()
	if !alive {
		return h.String() + " (not running)"
	}
	return h.String()
}

func (r runbook) Check(ctx context.Context, stepID string) error {
	_, err := r.e.Check(ctx, stepID)
	return err
}

func (r runbook) Act(ctx context.Context, stepID, confirm string) error {
	st, err := r.e.Act(ctx, stepID, checklist.Confirmation{Word: confirm, Yes: true})
	if err == nil && st != nil && st.Status == checklist.Failed && st.Last != nil {
		return fmt.Errorf("%s", st.Last.Summary)
	}
	return err
}

func (r runbook) Acknowledge(_ context.Context, stepID, reason string) error {
	return r.e.Acknowledge(stepID, reason)
}

// Alerts are the triggers fired and not yet handled by a rollback; the
// follower reads them from the same journal, so it sees the same alert.
func (r runbook) Alerts() ([]checklist.Trigger, bool) {
	st := r.e.State()
	return st.Alerts, st.RollbackActive
}

func (r runbook) BeginRollback(_ context.Context, reason string) error {
	return r.e.BeginRollback(reason)
}
