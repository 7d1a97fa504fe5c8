package steps

import (
	"time"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// PrepConfig configures the preparation phase.
type PrepConfig struct {
	// RunDir is the run's directory: inventory.json, definitions.json (+
	// its .sha256) and baseline.json are written there.
	RunDir string
	// Nodes are the cluster's nodes when the runbook is built (from the
	// snapshot): one backup step per node, with its real paths.
	Nodes []model.Node
	// BackupDir is where each node's archives go, on that node
	// (default /var/backups/warren). The run's first build records it with
	// the archive names in BackupsFile; later builds of the run keep those.
	BackupDir string
	// Executor runs each node's backup commands (local, ssh), or shows them
	// to the operator (manual). Nil leaves the backup steps without an
	// action: the operator backs up by hand and acknowledges.
	Executor executor.Executor
	// BaselineWindow is how long the canary measures the baseline (60 s).
	BaselineWindow time.Duration
	// Now stamps the archive names on the run's first build; nil means
	// time.Now.
	Now func() time.Time
}

// File names in the run directory.
const (
	InventoryFile   = "inventory.json"
	DefinitionsFile = "definitions.json"
	DefinitionsSum  = "definitions.json.sha256"
	BaselineFile    = "baseline.json"
)

// DefaultBackupDir is where node archives go unless configured.
const DefaultBackupDir = "/var/backups/warren"

func (c PrepConfig) withDefaults() PrepConfig {
	if c.BackupDir == "" {
		c.BackupDir = DefaultBackupDir
	}
	if c.BaselineWindow <= 0 {
		c.BaselineWindow = time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// PreparationSteps returns the preparation phase: inventory, performance
// baseline, verified definitions backup, and one config + data backup step
// per node.
func PreparationSteps(cfg PrepConfig) []Step {
	cfg = cfg.withDefaults()
	out := []Step{inventoryStep(cfg), baselineStep(cfg), definitionsStep(cfg)}
	layout, err := backupLayout(cfg)
	for _, n := range cfg.Nodes {
		out = append(out, nodeBackupStep(layout, err, n, cfg.Executor))
	}
	return out
}

// commandArgvs flattens executor commands into the step's argv list.
func commandArgvs(cmds []executor.Command) [][]string {
	out := make([][]string, 0, len(cmds))
	for _, c := range cmds {
		out = append(out, c.Argv)
	}
	return out
}
