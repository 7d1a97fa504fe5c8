package steps

import (
	"context"
	"fmt"
	"time"

	"github.com/warren-sre/warren/model"
)

// ClusterHealth is the read-only health gate every phase starts from: all
// nodes running, no alarms, no partitions. idPrefix keeps IDs unique when a
// phase reuses it (e.g. "prep", "post").
func ClusterHealth(phase Phase, idPrefix string) []Step {
	return []Step{
		findingStep(phase, idPrefix+".nodes-running", "All nodes running",
			"An upgrade starts from a whole cluster: a node that is already down hides how much quorum is left.",
			[][]string{{"rabbitmq-diagnostics", "cluster_status"}}, nodesFindings),
		findingStep(phase, idPrefix+".no-alarms", "No memory or disk alarms",
			"Publishers are blocked while an alarm is on, and a node under an alarm may not come back cleanly.",
			[][]string{{"rabbitmq-diagnostics", "check_alarms"}}, func(s model.Snapshot) []model.Finding { return model.AlarmFindings(s.Nodes.Value) }),
		findingStep(phase, idPrefix+".no-partitions", "No network partitions",
			"A partitioned cluster must be healed before any node is restarted.",
			[][]string{{"rabbitmq-diagnostics", "cluster_status"}}, func(s model.Snapshot) []model.Finding { return model.PartitionFindings(s.Nodes.Value) }),
	}
}

func nodesFindings(s model.Snapshot) []model.Finding { return model.NodeFindings(s.Nodes.Value) }

// findingStep is a gate that passes when find returns no blocker, and fails
// closed when the node data it needs is missing or stale with an error.
func findingStep(phase Phase, id, title, why string, cmds [][]string, find func(model.Snapshot) []model.Finding) Step {
	return Step{
		ID: id, Phase: phase, Title: title, Why: why, Commands: cmds, Gate: true,
		Check: func(_ context.Context, env Env) Result {
			nodes := env.Snapshot.Nodes
			if nodes.At.IsZero() || len(nodes.Value) == 0 {
				return Result{Verdict: Fail, Summary: "no node data yet: cannot tell", Evidence: []string{nodes.Err}, At: env.now()}
			}
			if nodes.Err != "" {
				return Result{Verdict: Fail, Summary: "the nodes poll failed: " + nodes.Err, At: env.now()}
			}
			fs := find(env.Snapshot)
			if model.HasBlocker(fs) {
				return Result{Verdict: Fail, Summary: fs[0].Title, Evidence: evidenceOf(fs), Findings: fs, Remedy: fs[0].Remedy, At: env.now()}
			}
			return Result{Verdict: Pass, Summary: fmt.Sprintf("%d nodes checked", len(nodes.Value)), Evidence: nodeLines(nodes.Value), At: env.now()}
		},
	}
}

func evidenceOf(fs []model.Finding) []string {
	var ev []string
	for _, f := range fs {
		ev = append(ev, f.Evidence...)
	}
	return ev
}

func nodeLines(nodes []model.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, fmt.Sprintf("%s: %s %s", n.Name, n.State, n.RabbitVersion))
	}
	return out
}

// now reads the injected clock, falling back to the zero time in tests that
// do not care (Results are stamped by the checklist too).
func (e Env) now() time.Time {
	if e.Now == nil {
		return time.Time{}
	}
	return e.Now()
}
