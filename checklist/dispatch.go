package checklist

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/warren-sre/warren/steps"
)

var (
	// ErrReadOnly: a follower (or read-only session) tried to change the run.
	ErrReadOnly = errors.New("read-only: this session follows the run; only its driver can act")
	// ErrBusy: an action is already running; actions never overlap.
	ErrBusy = errors.New("another action is running; wait for it to finish")
)

// Confirmation is the operator's consent to an action.
type Confirmation struct {
	By   string // who confirms; defaults to the session's user
	Word string // typed confirmation word, required for irreversible actions
	Yes  bool   // explicit consent for reversible actions
}

// ConfirmError refuses an action that was not confirmed as it requires.
type ConfirmError struct {
	Step         string
	Irreversible bool
	Want         string // the word to type, for irreversible actions
}

func (e *ConfirmError) Error() string {
	if e.Irreversible {
		return fmt.Sprintf("step %s is irreversible (a one-way door): type %q to confirm", e.Step, e.Want)
	}
	return fmt.Sprintf("step %s changes the cluster: confirm it explicitly", e.Step)
}

// StepError refuses an operation on a step that does not allow it now.
type StepError struct {
	Step   string
	Reason string
}

func (e *StepError) Error() string { return fmt.Sprintf("step %s: %s", e.Step, e.Reason) }

// Dispatch runs a step's action: the only place warren changes a cluster.
// It refuses followers (ErrReadOnly), overlapping actions (ErrBusy), locked
// steps and missing confirmations; journals the confirmation and the start
// before running, the commands and the end after; then verifies the outcome
// with the step's check.
func (s *Session) Dispatch(ctx context.Context, env steps.Env, id string, c Confirmation) (*StepState, error) {
	if s.readOnly {
		return nil, ErrReadOnly
	}
	if !s.busy.CompareAndSwap(false, true) {
		return nil, ErrBusy
	}
	defer s.busy.Store(false)
	ss, err := s.actionable(id)
	if err != nil {
		return nil, err
	}
	if err := s.confirm(ss, c); err != nil {
		return nil, err
	}
	if err := s.runAction(ctx, s.envFor(env), ss); err != nil {
		return s.Run().Step(id), err
	}
	return s.Run().Step(id), nil
}

func (s *Session) actionable(id string) (*StepState, error) {
	ss, err := s.unlocked(id)
	if err != nil {
		return nil, err
	}
	if ss.Step.Action == nil {
		return nil, &StepError{id, "has no action; evaluate its check instead"}
	}
	if ss.Status.Done() {
		return nil, &StepError{id, "is already " + string(ss.Status)}
	}
	return ss, nil
}

// unlocked finds a step that may be worked on now.
func (s *Session) unlocked(id string) (*StepState, error) {
	ss := s.Run().Step(id)
	switch {
	case ss == nil:
		return nil, &StepError{id, "no such step in this runbook"}
	case ss.Locked:
		return nil, &StepError{id, "locked: " + ss.LockReason}
	case ss.Status == Running:
		return nil, &StepError{id, "its action is running"}
	}
	return ss, nil
}

func (s *Session) confirm(ss *StepState, c Confirmation) error {
	a := ss.Step.Action
	if c.By == "" {
		c.By = s.me.User
	}
	text := "confirmed"
	if a.Irreversible {
		// No configured word means nothing can match: fail closed.
		if a.Confirm == "" || c.Word != a.Confirm {
			return &ConfirmError{Step: ss.Step.ID, Irreversible: true, Want: a.Confirm}
		}
		text = fmt.Sprintf("typed %q for an irreversible action", c.Word)
	} else if !c.Yes {
		return &ConfirmError{Step: ss.Step.ID}
	}
	return s.append(stepRecord(KindConfirmation, ss.Step, Record{By: c.By, Text: text}))
}

// stepRecord fills the step's identity into rec.
func stepRecord(kind Kind, step steps.Step, rec Record) Record {
	rec.Kind, rec.Step, rec.Title, rec.Phase = kind, step.ID, step.Title, step.Phase
	return rec
}

func (s *Session) envFor(env steps.Env) steps.Env {
	if env.Now == nil {
		env.Now = s.opts.Clock
	}
	return env
}

// runAction journals the start, runs, journals the end and verifies.
func (s *Session) runAction(ctx context.Context, env steps.Env, ss *StepState) error {
	step := ss.Step
	start := Record{By: s.me.User, Commands: step.Action.Commands}
	if err := s.append(stepRecord(KindStepStarted, step, start)); err != nil {
		return err
	}
	var (
		logMu  sync.Mutex // an action may run commands on several nodes at once
		logErr error
	)
	env.LogCommand = func(c steps.CommandRun) {
		err := s.RecordCommand(step.ID, c)
		logMu.Lock()
		logErr = errors.Join(logErr, err)
		logMu.Unlock()
	}
	out, runErr := runGuarded(ctx, step.Action, env)
	logMu.Lock()
	defer logMu.Unlock()
	end := Record{Output: bounded(out)}
	if runErr != nil {
		end.Error = runErr.Error()
	}
	if err := s.append(stepRecord(KindStepFinished, step, end)); err != nil {
		return errors.Join(err, logErr)
	}
	if runErr != nil {
		return errors.Join(fmt.Errorf("step %s: action failed: %w", step.ID, runErr), logErr)
	}
	return errors.Join(logErr, s.verify(ctx, env, step))
}

// runGuarded turns a panicking action into an error.
func runGuarded(ctx context.Context, a *steps.Action, env steps.Env) (out string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the action crashed: %v", p)
		}
	}()
	if a.Run == nil {
		return "", errors.New("the action has nothing to run")
	}
	return a.Run(ctx, env)
}

// verify records the step's check after its action. A step without a check
// is verified by its action having succeeded, and says so.
func (s *Session) verify(ctx context.Context, env steps.Env, step steps.Step) error {
	res := steps.Result{Verdict: steps.Pass, Summary: "the action succeeded; this step has no separate check", At: env.Now()}
	if step.Check != nil {
		res = evaluate(ctx, step, env)
	}
	return s.append(stepRecord(KindCheck, step, Record{Result: &res, Canary: canaryMark(env.Snapshot.Canary)}))
}

// Evaluate runs a step's check (read-only on the cluster) and journals the
// result with its evidence. Use it to re-verify the current step on resume,
// to poll a step that answered Wait, or to recheck a failed gate.
func (s *Session) Evaluate(ctx context.Context, env steps.Env, id string) (*StepState, error) {
	if s.readOnly {
		return nil, ErrReadOnly
	}
	ss, err := s.unlocked(id)
	if err != nil {
		return nil, err
	}
	env = s.envFor(env)
	res := evaluate(ctx, ss.Step, env)
	if err := s.append(stepRecord(KindCheck, ss.Step, Record{Result: &res, Canary: canaryMark(env.Snapshot.Canary)})); err != nil {
		return nil, err
	}
	return s.Run().Step(id), nil
}

// Advance takes one step forward on the current step: it dispatches the
// action of a pending step that has one, and otherwise (no action, action
// done, failed or interrupted) re-evaluates the check. An interrupted action
// is never re-run here, whatever its checks answer since: Dispatch it
// explicitly after looking. It returns nil when the run is complete.
func (s *Session) Advance(ctx context.Context, env steps.Env, c Confirmation) (*StepState, error) {
	cur := s.Run().Current()
	if cur == nil {
		return nil, nil
	}
	if cur.Step.Action != nil && cur.Status == Pending && !cur.ActionDone {
		return s.Dispatch(ctx, env, cur.Step.ID, c)
	}
	return s.Evaluate(ctx, env, cur.Step.ID)
}
