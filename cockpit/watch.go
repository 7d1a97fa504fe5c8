package cockpit

import (
	"context"
	"errors"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
)

// observer is the watchdog: it answers with the triggers that just fired.
type observer interface {
	Observe(o model.Observation, expected []model.NodeExpectation) []model.Fired
}

// triggerJournal is where fired triggers go: the driver's session.
type triggerJournal interface {
	RecordTrigger(checklist.Trigger) error
	Note(by, text string) error
}

// watchTriggers evaluates the rollback triggers every tick over the store's
// snapshot, as the headless driver does, and journals each one that fires
// with its evidence; the journal's change reaches the screen.
func watchTriggers(ctx context.Context, sess triggerJournal, dog observer, snapshot func() model.Snapshot, expect func() []model.NodeExpectation, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			var expected []model.NodeExpectation
			if expect != nil {
				expected = expect()
			}
			for _, f := range dog.Observe(model.Observe(snapshot(), now), expected) {
				if err := sess.RecordTrigger(checklist.Trigger{Name: f.Name, Summary: f.Summary, Evidence: f.Evidence}); err != nil {
					_ = sess.Note("warren", "could not journal trigger "+f.Name+": "+err.Error())
				}
			}
		}
	}
}

// reverifyOnStart re-runs the checks of the steps a previous driver left
// interrupted, and of the current step, once the first samples are in: a
// resumed run never trusts what it was told before it died. It only ever
// evaluates: an interrupted action runs again only when the operator asks
// for it (x), never implicitly.
func reverifyOnStart(ctx context.Context, sess *checklist.Session, rb *sessionRunbook) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(1500 * time.Millisecond):
	}
	for _, id := range reverifyTargets(sess.State(), sess.Run()) {
		if _, err := sess.Evaluate(ctx, rb.env(), id); err != nil && !errors.Is(err, context.Canceled) {
			_ = sess.Note("warren", "re-verifying "+id+" failed: "+err.Error())
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
