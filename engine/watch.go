package engine

import (
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/engine/event"
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
// snapshot, publishes each one that fires and journals it with its
// evidence, the moment it does. (A follower hears it from the journal.)
func (e *Engine) watchTriggers(j triggerJournal, dog observer, expect func() []model.NodeExpectation, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-e.ctx.Done():
			return
		case now := <-tick.C:
			for _, f := range dog.Observe(model.Observe(e.store.Snapshot(), now), expect()) {
				// Published before it counts as fired: a front end that
				// stops on Fired has the event in its stream already.
				e.publish(event.TriggerFired{Trigger: trigger(f)})
				e.mu.Lock()
				e.fired = append(e.fired, f)
				e.mu.Unlock()
				record(j, f)
			}
		}
	}
}

func record(j triggerJournal, f model.Fired) {
	if err := j.RecordTrigger(trigger(f)); err != nil {
		_ = j.Note("warren", "could not journal trigger "+f.Name+": "+err.Error())
	}
}

func trigger(f model.Fired) checklist.Trigger {
	return checklist.Trigger{Name: f.Name, Summary: f.Summary, Evidence: f.Evidence}
}

// Fired are the triggers this engine's watch fired since it started (not
// those of an earlier driver: running again continues past them).
func (e *Engine) Fired() []model.Fired {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]model.Fired(nil), e.fired...)
}
