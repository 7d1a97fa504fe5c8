package checklist

import (
	"errors"
	"strings"

	"github.com/warren-sre/warren/steps"
)

// SystemActor is who the journal names for warren's own decisions.
const SystemActor = "warren"

// Acknowledge accepts a failed (or interrupted, or still waiting) step so the
// run can go on: the operator takes responsibility, and the journal says who
// and why.
func (s *Session) Acknowledge(id, by, reason string) error {
	ss, err := s.writableStep(id, by, reason)
	if err != nil {
		return err
	}
	if !ss.Acknowledgeable() {
		return &StepError{id, "only a failed, interrupted or waiting step can be acknowledged; it is " + string(ss.Status)}
	}
	ack := &Ack{By: by, Reason: reason, At: s.opts.Clock()}
	return s.append(stepRecord(KindAcknowledged, ss.Step, Record{By: by, Text: reason, Ack: ack}))
}

// Skip marks a step as not needed (e.g. no Erlang change). Gates cannot be
// skipped: a failed gate is acknowledged, with a reason, instead.
func (s *Session) Skip(id, by, reason string) error {
	ss, err := s.writableStep(id, by, reason)
	if err != nil {
		return err
	}
	if ss.Step.Gate {
		return &StepError{id, "is a gate and cannot be skipped; acknowledge its failure instead"}
	}
	if ss.Status.Done() {
		return &StepError{id, "is already " + string(ss.Status)}
	}
	ack := &Ack{By: by, Reason: reason, At: s.opts.Clock()}
	return s.append(stepRecord(KindSkipped, ss.Step, Record{By: by, Text: reason, Ack: ack}))
}

func (s *Session) writableStep(id, by, reason string) (*StepState, error) {
	if s.readOnly {
		return nil, ErrReadOnly
	}
	if strings.TrimSpace(by) == "" || strings.TrimSpace(reason) == "" {
		return nil, &StepError{id, "say who you are and why"}
	}
	return s.unlocked(id)
}

// RecordCommand journals one command and its outcome, e.g. one the operator
// ran by hand with the manual executor.
func (s *Session) RecordCommand(stepID string, c CommandRecord) error {
	c.Stdout, c.Stderr = bounded(c.Stdout), bounded(c.Stderr)
	rec := Record{Kind: KindCommand, Step: stepID, Command: &c}
	if ss := s.Run().Step(stepID); ss != nil {
		rec = stepRecord(KindCommand, ss.Step, rec)
	}
	return s.append(rec)
}

// RecordTrigger journals a rollback trigger that fired, with its evidence.
func (s *Session) RecordTrigger(t Trigger) error {
	if t.Name == "" {
		return errors.New("a trigger needs a name")
	}
	return s.append(Record{Kind: KindTrigger, Trigger: &t, Text: t.Summary})
}

// RecordBaseline journals before/after metrics for the report's comparison.
func (s *Session) RecordBaseline(metrics []Metric) error {
	return s.append(Record{Kind: KindBaseline, Metrics: metrics})
}

// BeginRollback opens the Rollback phase; Current then walks it.
func (s *Session) BeginRollback(by, reason string) error {
	if strings.TrimSpace(by) == "" || strings.TrimSpace(reason) == "" {
		return errors.New("beginning a rollback needs who and why")
	}
	if err := s.append(Record{Kind: KindRollbackBegun, By: by, Text: reason}); err != nil {
		return err
	}
	return s.skipUntouched()
}

// skipUntouched journals, as warren's own decision, the rollback steps that
// undo nothing this run did (steps.RollbackSkips): a node never stopped is
// not stopped now.
func (s *Session) skipUntouched() error {
	run := s.Run()
	var list []steps.Step
	for _, sec := range run.Sections() {
		for _, ss := range sec.Steps {
			list = append(list, ss.Step)
		}
	}
	progress := func(id string) (started, done bool) {
		ss := run.Step(id)
		if ss == nil {
			return false, false
		}
		return !ss.LastRun.IsZero() || ss.Status != Pending, ss.Status.Done()
	}
	skips := steps.RollbackSkips(list, progress)
	for _, step := range list {
		reason, ok := skips[step.ID]
		if ss := run.Step(step.ID); !ok || ss.Status.Done() {
			continue
		}
		ack := &Ack{By: SystemActor, Reason: reason, At: s.opts.Clock()}
		if err := s.append(stepRecord(KindSkipped, step, Record{By: SystemActor, Text: reason, Ack: ack})); err != nil {
			return err
		}
	}
	return nil
}

// Note journals free text from the operator.
func (s *Session) Note(by, text string) error {
	return s.append(Record{Kind: KindNote, By: by, Text: text})
}
