package checklist

import (
	"strings"
	"time"

	"github.com/warren-sre/warren/steps"
)

// StepRecord is what the journal says about one step, without its definition.
type StepRecord struct {
	Title   string
	Phase   steps.Phase
	Status  Status
	Last    *steps.Result
	LastRun time.Time
	Ack     *Ack
	Output  string
	// ActionDone: the step's action returned; what remains is to verify it.
	ActionDone bool
}

// State is a run rebuilt from its journal. Live runs and replays build it the
// same way, by applying records in order, so they cannot disagree.
type State struct {
	Info     RunInfo
	Driver   Holder // who drives (or last drove) the run
	Steps    map[string]*StepRecord
	Triggers []Trigger
	// Alerts are the triggers fired since the run began or last began a
	// rollback: they stay on screen until a rollback handles them.
	Alerts  []Trigger
	Metrics []Metric
	// RollbackActive: an operator opened the Rollback phase.
	RollbackActive bool
	// RollbackBy and RollbackWhy are who began the rollback and why.
	RollbackBy, RollbackWhy string
	Records                 int
	Seq                     int // highest record number seen
	Last                    time.Time
}

// NewState returns an empty state.
func NewState() *State { return &State{Steps: map[string]*StepRecord{}} }

func (s *State) step(rec Record) *StepRecord {
	sr := s.Steps[rec.Step]
	if sr == nil {
		sr = &StepRecord{Status: Pending}
		s.Steps[rec.Step] = sr
	}
	if rec.Title != "" {
		sr.Title, sr.Phase = rec.Title, rec.Phase
	}
	return sr
}

// Apply folds one record into the state.
func (s *State) Apply(rec Record) {
	s.Records++
	s.Last = rec.At
	s.Seq = max(s.Seq, rec.Seq)
	switch rec.Kind {
	case KindRunStarted:
		if rec.Run != nil {
			s.Info = *rec.Run
		}
		s.setDriver(rec.Holder)
	case KindRunResumed, KindLockTakenOver:
		// A new driver means the old one is gone: what it left running was
		// interrupted. Folding that here keeps every later replay agreeing
		// with the resumed driver about it.
		s.markInterrupted()
		s.setDriver(rec.Holder)
	case KindTrigger:
		if rec.Trigger != nil {
			s.Triggers = append(s.Triggers, *rec.Trigger)
			s.Alerts = append(s.Alerts, *rec.Trigger)
		}
	case KindRollbackBegun:
		s.RollbackActive, s.Alerts = true, nil
		s.RollbackBy, s.RollbackWhy = rec.By, rec.Text
	case KindBaseline:
		s.Metrics = append(s.Metrics, rec.Metrics...)
	case KindStepStarted, KindStepFinished, KindCheck, KindAcknowledged, KindSkipped:
		if rec.Step != "" {
			s.applyStep(s.step(rec), rec)
		}
	}
}

func (s *State) setDriver(h *Holder) {
	if h != nil {
		s.Driver = *h
	}
}

func (s *State) applyStep(sr *StepRecord, rec Record) {
	switch rec.Kind {
	case KindStepStarted:
		sr.Status, sr.ActionDone, sr.LastRun, sr.Ack = Running, false, rec.At, nil
	case KindStepFinished:
		sr.ActionDone, sr.Output = true, rec.Output
		sr.Status = Pending // awaiting verification by its check
		if rec.Error != "" {
			// The error is part of what the action said: the operator
			// (and the node-not-back trigger) read the reason there.
			sr.Status = Failed
			sr.Output = strings.TrimSpace(sr.Output + "\nerror: " + rec.Error)
		}
	case KindCheck:
		if rec.Result != nil {
			r := *rec.Result
			sr.Last, sr.LastRun, sr.Ack = &r, rec.At, nil
			sr.Status = afterCheck(sr.Status, r.Verdict)
		}
	case KindAcknowledged:
		sr.Status, sr.Ack = Acknowledged, rec.Ack
	case KindSkipped:
		sr.Status = Skipped
	}
}

// statusOf maps a check's verdict to a status. Wait is "not yet": the step
// stays pending and shows the wait's evidence.
func statusOf(v steps.Verdict) Status {
	switch v {
	case steps.Pass:
		return Passed
	case steps.Wait:
		return Pending
	}
	return Failed
}

// afterCheck is a step's status once a check returned v. An interrupted
// action leaves the cluster in an unknown state: only a Pass proves it
// finished; Wait or Fail keep it interrupted (with the new evidence), so it
// never looks pending and ready to be run again.
func afterCheck(current Status, v steps.Verdict) Status {
	if current == Interrupted && v != steps.Pass {
		return Interrupted
	}
	return statusOf(v)
}

// markInterrupted turns actions that never finished into Interrupted. Only
// call it when no driver is alive: while one is, Running is the truth.
func (s *State) markInterrupted() {
	for _, sr := range s.Steps {
		if sr.Status == Running {
			sr.Status = Interrupted
		}
	}
}

// clone copies the state deeply enough for readers on other goroutines.
func (s *State) clone() State {
	c := *s
	c.Steps = make(map[string]*StepRecord, len(s.Steps))
	for id, sr := range s.Steps {
		cp := *sr
		c.Steps[id] = &cp
	}
	c.Triggers = append([]Trigger(nil), s.Triggers...)
	c.Metrics = append([]Metric(nil), s.Metrics...)
	return c
}
