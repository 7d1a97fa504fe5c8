package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/engine"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/steps"
)

// drive walks the runbook until it completes (exit 0), a gate blocks or a
// trigger fires (exit 1), or something breaks (exit 2).
func (d *driver) drive(ctx context.Context) error {
	if err := d.beginRollbackIfAsked(); err != nil {
		return err
	}
	waitingSince := map[string]time.Time{}
	for {
		if err := ctx.Err(); err != nil {
			return withCode(ExitError, fmt.Errorf("stopped: %w; run again with --run %s to resume", err, d.f.runDir))
		}
		if err := d.stopOnTrigger(); err != nil {
			return err
		}
		cur := d.session.Run().Current()
		if cur == nil {
			progress("complete", map[string]any{"Dir": d.f.runDir})
			return nil
		}
		ss, err := d.step(ctx, cur)
		if err != nil {
			return err
		}
		d.report(ss, cur)
		if err := d.after(ctx, ss, waitingSince); err != nil {
			return err
		}
	}
}

// step takes one step forward on the current step; the engine's resume
// policy decides whether an interrupted action runs again (only when
// --retry names it).
func (d *driver) step(ctx context.Context, cur *checklist.StepState) (*checklist.StepState, error) {
	id := cur.Step.ID
	if slices.Contains(d.f.retry, id) && d.engine.MayRetry(cur) {
		d.f.retry = slices.DeleteFunc(d.f.retry, func(s string) bool { return s == id })
		progress("retry", map[string]any{"Step": id})
		return d.handle(d.engine.Act(ctx, id, d.confirmation(cur)))
	}
	if cur.Step.Action != nil && cur.Status == checklist.Pending && !cur.ActionDone && !d.engine.Reverifies(cur) {
		progress("running", stepWords(cur.Step, map[string]any{"Commands": commandLines(cur.Step.Action.Commands)}))
	}
	return d.handle(d.engine.Advance(ctx, d.confirmation(cur)))
}

func commandLines(cmds [][]string) string {
	var lines []string
	for _, c := range cmds {
		lines = append(lines, steps.CommandLine(c))
	}
	if len(lines) == 0 {
		return i18n.T("upgrade.progress.its-action")
	}
	return strings.Join(lines, "; ")
}

// handle sorts errors: refusals of consent and failed actions block (1),
// everything else is an error (2).
func (d *driver) handle(ss *checklist.StepState, err error) (*checklist.StepState, error) {
	var ce *checklist.ConfirmError
	var after *engine.AfterStepError
	switch {
	case err == nil:
		return ss, nil
	case errors.As(err, &after):
		return nil, withCode(ExitError, err)
	case errors.As(err, &ce):
		how := "pass --yes"
		if ce.Irreversible {
			how = "pass --confirm " + ce.Want
		}
		return nil, withCode(ExitProblem, fmt.Errorf("%w; %s to go on", err, how))
	case ss != nil:
		// The action ran and failed: the step shows it; after decides.
		progress("action-failed", map[string]any{"Error": err})
		return ss, nil
	}
	return nil, withCode(ExitError, err)
}

func (d *driver) confirmation(cur *checklist.StepState) checklist.Confirmation {
	c := checklist.Confirmation{By: d.user, Yes: d.f.yes}
	if a := cur.Step.Action; a != nil && a.Irreversible && slices.Contains(d.f.confirm, a.Confirm) {
		c.Word = a.Confirm
	}
	return c
}

// report prints one progress line for the step's new state; a wait that
// says the same as before is not repeated.
func (d *driver) report(ss, before *checklist.StepState) {
	if ss.Status == checklist.Pending && before.Status == checklist.Pending && before.Last != nil && ss.Last != nil &&
		before.Last.Summary == ss.Last.Summary && before.ActionDone == ss.ActionDone {
		return
	}
	words := stepWords(ss.Step, map[string]any{"Status": checklist.StatusWord(i18n.Default(), ss.Status)})
	if ss.Last == nil {
		progress("step", words)
		return
	}
	// The summary is the check's own sentence: the journal's English.
	words["Summary"] = ss.Last.Summary
	progress("step-summary", words)
}

// stepWords are a step's phase and title in the run's language, with more.
func stepWords(st steps.Step, more map[string]any) map[string]any {
	p := i18n.Default()
	more["Phase"], more["Title"] = steps.PhaseTitle(p, st.Phase), steps.Title(p, st)
	return more
}

// after decides what a step's state means for the run.
func (d *driver) after(ctx context.Context, ss *checklist.StepState, waitingSince map[string]time.Time) error {
	id := ss.Step.ID
	switch {
	case ss.Status.Done():
		delete(waitingSince, id)
		return nil
	case ss.Status == checklist.Failed && engine.IsRollingPart(id, steps.PartStart):
		// A node that refused to boot fires node-not-back at once: stop on
		// the trigger (with the node's words) rather than on the step.
		if err := d.awaitTrigger(ctx, 5*time.Second); err != nil {
			return err
		}
		return d.blocked(ss)
	case ss.Status == checklist.Failed:
		return d.blocked(ss)
	case ss.Status == checklist.Interrupted && !saysNotYet(ss):
		return d.blocked(ss)
	}
	// Pending: the check said "not yet" (or the action awaits its check).
	first, ok := waitingSince[id]
	if !ok {
		first = time.Now()
		waitingSince[id] = first
	}
	if time.Since(first) > d.f.waitTimeout {
		return d.blockedWith(ss, fmt.Sprintf("still waiting after %s", d.f.waitTimeout))
	}
	return sleep(ctx, d.f.poll)
}

// blocked acknowledges a failed step when --ack names it, else stops.
func (d *driver) blocked(ss *checklist.StepState) error {
	for _, a := range d.f.acks {
		id, reason, _ := strings.Cut(a, "=")
		if id == ss.Step.ID && strings.TrimSpace(reason) != "" {
			progress("acknowledging", map[string]any{"Step": id, "Reason": reason})
			if err := d.engine.Acknowledge(id, reason); err != nil {
				return withCode(ExitError, err)
			}
			return nil
		}
	}
	return d.blockedWith(ss, "")
}

// blockedWith prints the finding and its evidence and exits 1.
func (d *driver) blockedWith(ss *checklist.StepState, why string) error {
	msg := fmt.Sprintf("blocked at %s (%s) — %s", ss.Step.Title, ss.Step.ID, ss.Status)
	if why != "" {
		msg += ", " + why
	}
	if r := ss.Last; r != nil {
		msg += ": " + r.Summary
		for _, e := range r.Evidence {
			msg += "\n  - " + e
		}
		if r.Remedy != "" {
			msg += "\n  remedy: " + r.Remedy
		}
	}
	switch {
	case ss.Step.Action != nil && ss.Status != checklist.Pending:
		msg += fmt.Sprintf("\n  fix it and run again with the same --run, add --retry %s to re-run its action, or --ack %s=REASON to accept it", ss.Step.ID, ss.Step.ID)
	case ss.Status == checklist.Failed:
		msg += fmt.Sprintf("\n  fix it and run again with the same --run, or --ack %s=REASON to accept it", ss.Step.ID)
	}
	return withCode(ExitProblem, errors.New(msg))
}

// stopOnTrigger: outside a rollback a fired trigger stops the run for a
// human decision.
func (d *driver) stopOnTrigger() error {
	fired := d.engine.Fired()
	if len(fired) == 0 || d.session.State().RollbackActive {
		return nil
	}
	f := fired[0]
	return withCode(ExitProblem, fmt.Errorf("rollback trigger %s fired: %s (%s); begin the rollback with --rollback REASON, or run again to continue",
		f.Name, f.Summary, strings.Join(f.Evidence, "; ")))
}

// awaitTrigger gives the trigger watch (once a second) the time to see a
// fresh failure, then stops on it if one fired.
func (d *driver) awaitTrigger(ctx context.Context, within time.Duration) error {
	for deadline := time.Now().Add(within); time.Now().Before(deadline) && ctx.Err() == nil; {
		if err := d.stopOnTrigger(); err != nil {
			return err
		}
		_ = sleep(ctx, 200*time.Millisecond)
	}
	return d.stopOnTrigger()
}

func (d *driver) beginRollbackIfAsked() error {
	if d.f.rollback == "" || d.session.State().RollbackActive {
		return nil
	}
	progress("rollback", map[string]any{"Reason": d.f.rollback})
	if err := d.engine.BeginRollback(d.f.rollback); err != nil {
		return withCode(ExitError, err)
	}
	return nil
}

// saysNotYet reports a re-verified interrupted step whose check answered
// Wait: e.g. the node the dead driver was starting is still booting. It is
// polled like a pending step (its action is never re-run), not blocked at once.
func saysNotYet(ss *checklist.StepState) bool {
	return ss.Last != nil && ss.Last.Verdict == steps.Wait
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	return nil
}
