package steps

import (
	"github.com/warren-sre/warren/model"
)

// RunbookConfig configures every phase of one upgrade run.
type RunbookConfig struct {
	Prep     PrepConfig
	Compat   CompatConfig
	Rolling  RollingConfig
	Post     PostConfig
	Rollback RollbackConfig
}

// Runbook assembles the whole runbook in phase order: preparation,
// compatibility, one rolling block per node, post-upgrade, rollback. Step
// ids are stable for the same cluster and order, so a run directory
// resumes against the runbook rebuilt by the next warren.
func Runbook(cfg RunbookConfig) []Step {
	if cfg.Post.Baseline == nil && cfg.Prep.RunDir != "" {
		cfg.Post.Baseline = PrepBaseline(cfg.Prep.RunDir)
	}
	var out []Step
	out = append(out, PreparationSteps(cfg.Prep)...)
	out = append(out, CompatibilitySteps(cfg.Compat)...)
	out = append(out, RollingSteps(cfg.Rolling)...)
	out = append(out, PostUpgradeSteps(cfg.Post)...)
	out = append(out, RollbackSteps(cfg.Rollback)...)
	return out
}

// PrepBaseline reads the preparation phase's baseline.json as the trigger
// and comparison baseline.
func PrepBaseline(runDir string) func() (model.Baseline, error) {
	return func() (model.Baseline, error) {
		b, err := LoadBaseline(runDir)
		if err != nil {
			return model.Baseline{}, err
		}
		return b.Model(), nil
	}
}

// Model converts the saved baseline into what the triggers compare with.
func (b Baseline) Model() model.Baseline {
	return model.Baseline{
		At: b.TakenAt, EndToEndP50: b.Canary.EndToEnd.P50, EndToEndP99: b.Canary.EndToEnd.P99, ConfirmP99: b.Canary.Confirm.P99,
		ConsumeRate: b.Canary.ConsumeRate, Messages: b.Messages, Queues: b.Queues,
		Connections: b.Connections, DurableQueues: b.DurableQueues,
	}
}
