package cli

import (
	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/targets"
)

type stepsStep = steps.Step

// runbookFor assembles the cockpit's runbook for this cluster and target.
func runbookFor(_ *broker.Cluster, _ targets.Resolved, _ string, _ string) []steps.Step {
	return steps.ClusterHealth(steps.Preparation, "prep")
}
