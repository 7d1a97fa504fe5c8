package engine

import (
	"cmp"
	"context"
	"errors"
	"strings"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// Expected are the nodes that must come back now (for node-not-back).
func (e *Engine) Expected() []model.NodeExpectation {
	return ExpectedNodes(e.sess.Run(), e.cfg.Order)
}

// ExpectedNodes: nodes whose start was dispatched and whose block has not
// verified yet must come back within the boot timeout.
func ExpectedNodes(run *checklist.Run, order []model.OrderedNode) []model.NodeExpectation {
	id := steps.RollingID
	// Once the rollback began, the nodes it starts are the ones expected
	// back; the forward run's failed start is history.
	if where := run.Step(steps.RollbackWhere); where != nil && !where.LastRun.IsZero() {
		id = steps.RollbackID
	}
	var out []model.NodeExpectation
	for _, o := range order {
		start := run.Step(id(o.Node, steps.PartStart))
		verify := run.Step(id(o.Node, steps.PartVerify))
		if start == nil || verify == nil || start.LastRun.IsZero() || verify.Status.Done() {
			continue
		}
		e := model.NodeExpectation{Node: o.Node, StartedAt: start.LastRun}
		if start.Status == checklist.Failed && start.ActionDone {
			e.StartFailed = startFailure(start.Output)
		}
		out = append(out, e)
	}
	return out
}

// startFailure is the reason a start command gave: the node's own words
// when the lab (or a log reader) found them, else the output's last line.
func startFailure(output string) string {
	lines := strings.Split(strings.TrimSpace(output), "\n")
	for _, l := range lines {
		if _, reason, ok := strings.Cut(l, "the node says: "); ok {
			return reason
		}
	}
	return cmp.Or(strings.TrimSpace(lines[len(lines)-1]), "the start command failed")
}

// NoTarget is what every step that needs a target version says without one.
const NoTarget = "no target version: start warren with --to VERSION"

// WithoutTarget keeps a runbook without a target version usable read-only:
// compatibility checks and the version checks say why they cannot judge,
// and no rolling action runs.
func WithoutTarget(runbook []steps.Step) []steps.Step {
	out := make([]steps.Step, len(runbook))
	for i, s := range runbook {
		if s.Phase == steps.Compatibility || IsRollingPart(s.ID, steps.PartPackage, steps.PartVerify) {
			s.Check = refuseCheck
		}
		if s.Phase == steps.Rolling && s.Action != nil {
			a := *s.Action
			a.Run = func(context.Context, steps.Env) (string, error) { return "", errors.New(NoTarget) }
			s.Action = &a
		}
		out[i] = s
	}
	return out
}

func refuseCheck(_ context.Context, env steps.Env) steps.Result {
	res := steps.Result{Verdict: steps.Fail, Summary: NoTarget, Remedy: "quit and start warren again with --to VERSION and the same --run"}
	if env.Now != nil {
		res.At = env.Now()
	}
	return res
}

// IsRollingPart reports whether id is one of parts of a node's rolling block.
func IsRollingPart(id string, parts ...string) bool {
	for _, p := range parts {
		if strings.HasPrefix(id, "rolling/") && strings.HasSuffix(id, "/"+p) {
			return true
		}
	}
	return false
}

// recordComparison journals the before/after metrics once the post-upgrade
// comparison passed, for the report.
func (e *Engine) recordComparison() error {
	if len(e.sess.State().Metrics) > 0 {
		return nil
	}
	b, err := steps.PrepBaseline(e.cfg.RunDir)()
	if err != nil {
		return nil // the compare step already said why
	}
	var metrics []checklist.Metric
	for _, row := range steps.CompareBaseline(b, e.store.Snapshot()) {
		metrics = append(metrics, checklist.Metric{Name: row.Name, Unit: row.Unit, Before: row.Before, After: row.After})
	}
	return e.sess.RecordBaseline(metrics)
}
