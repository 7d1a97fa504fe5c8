package steps_test

import (
	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/steps"
)

// The broker's cluster must be usable wherever the runbook needs one.
var _ steps.Cluster = (*broker.Cluster)(nil)
