package steps

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// Blue-green preparation step ids.
const (
	BGClusters     = "bg.prep.clusters"
	BGGreenVersion = "bg.prep.green-version"
	BGGreenClean   = "bg.prep.green-clean"
	BGPlugins      = "bg.prep.plugins"
	BGBaseline     = "bg.prep.baseline"
)

// bgPrepSteps: both clusters healthy, green on the target version, the
// verified backup of blue's definitions, green free of clashing objects,
// the plugins the move needs, the message baselines of both.
func bgPrepSteps(cfg BlueGreenConfig) []Step {
	clusters := Step{ID: BGClusters, Phase: Preparation, Gate: true, Title: "Inventory of blue and " + cfg.GreenName,
		Why:   "Both clusters answer, every node runs, no alarm: the move reads one and writes the other throughout.",
		Check: bothClustersUp(cfg)}
	version := Step{ID: BGGreenVersion, Phase: Preparation, Gate: true, Title: "Green runs RabbitMQ " + cfg.Target.String(),
		Why:   "Every green node must report the target version: the definitions are transformed for the version green actually runs.",
		Check: greenRunsTarget(cfg)}
	backup := definitionsStep(PrepConfig{RunDir: cfg.RunDir})
	backup.Title = "Back up blue's definitions (verified)"
	clean := Step{ID: BGGreenClean, Phase: Preparation, Gate: true, Title: "Green holds nothing that clashes with blue's definitions",
		Why: "RabbitMQ's import keeps an existing queue or exchange as it is and overwrites a policy, silently: a green queue of another type " +
			"under a migrated name would take blue's messages as something else.",
		Check: greenClean(cfg)}
	return []Step{clusters, version, backup, clean, pluginsStep(cfg), baselineBGStep(cfg)}
}

// readNodes reads one cluster's nodes or says why not.
func readNodes(ctx context.Context, c MigrationCluster, name string) ([]model.Node, error) {
	if c == nil {
		return nil, fmt.Errorf("no connection to %s", name)
	}
	s := c.Nodes(ctx)
	if s.Err != "" || len(s.Value) == 0 {
		return nil, fmt.Errorf("%s: could not read the nodes: %s", name, orNone(s.Err))
	}
	return s.Value, nil
}

func orNone(s string) string {
	if s == "" {
		return "no node answered"
	}
	return s
}

func bothClustersUp(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		var v verdict
		for _, side := range []struct {
			name string
			c    MigrationCluster
		}{{"blue", cfg.Blue}, {"green", cfg.Green}} {
			nodes, err := readNodes(ctx, side.c, side.name)
			if err != nil {
				v.fail("%v", err)
				continue
			}
			for _, n := range nodes {
				switch {
				case isDown(n):
					v.fail("%s: %s is not running", side.name, n.Name)
				case n.MemAlarm || n.DiskAlarm:
					v.fail("%s: %s has a resource alarm", side.name, n.Name)
				default:
					v.ok("%s: %s running RabbitMQ %s", side.name, n.Name, n.RabbitVersion)
				}
			}
		}
		return v.result(env, "blue and green answer, every node running", "a cluster is not fit to take part in the move", "")
	}
}

// greenVersion is the lowest version green's nodes report: what its
// importer accepts.
func greenVersion(ctx context.Context, cfg BlueGreenConfig) (model.Version, []model.Node, error) {
	nodes, err := readNodes(ctx, cfg.Green, "green")
	if err != nil {
		return model.Version{}, nil, err
	}
	var lowest model.Version
	for _, n := range nodes {
		v, err := model.ParseVersion(n.RabbitVersion)
		if err != nil {
			return model.Version{}, nil, fmt.Errorf("green: %s reports no version: %v", n.Name, err)
		}
		if lowest.IsZero() || v.Less(lowest) {
			lowest = v
		}
	}
	return lowest, nodes, nil
}

func greenRunsTarget(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		_, nodes, err := greenVersion(ctx, cfg)
		if err != nil {
			return failResult(env, "cannot read green's version", err.Error())
		}
		var v verdict
		for _, n := range nodes {
			if n.RabbitVersion != cfg.Target.String() {
				v.fail("%s runs %s, not %s", n.Name, n.RabbitVersion, cfg.Target)
			} else {
				v.ok("%s runs %s", n.Name, n.RabbitVersion)
			}
		}
		return v.result(env, "green runs "+cfg.Target.String()+" on every node", "green does not run the target version", "")
	}
}

// transformedBackup reads blue's verified backup and transforms it for the
// version green runs now.
func transformedBackup(ctx context.Context, cfg BlueGreenConfig) (model.Definitions, []model.DefinitionChange, model.Version, error) {
	blue, gv, err := blueAndGreenVersion(ctx, cfg)
	if err != nil {
		return nil, nil, model.Version{}, err
	}
	out, changes := model.TransformForTarget(blue, gv, cfg.Transform)
	return out, changes, gv, nil
}

// blueAndGreenVersion reads blue's verified definitions backup and asks
// green which version it actually runs.
func blueAndGreenVersion(ctx context.Context, cfg BlueGreenConfig) (model.Definitions, model.Version, error) {
	data, err := os.ReadFile(filepath.Join(cfg.RunDir, DefinitionsFile))
	if err != nil {
		return nil, model.Version{}, fmt.Errorf("no definitions backup of blue: %v", err)
	}
	blue, err := model.ParseDefinitions(data)
	if err != nil {
		return nil, model.Version{}, err
	}
	gv, _, err := greenVersion(ctx, cfg)
	return blue, gv, err
}

// greenDefinitions exports green's definitions now.
func greenDefinitions(ctx context.Context, cfg BlueGreenConfig) (model.Definitions, error) {
	if cfg.Green == nil {
		return nil, errNoGreen
	}
	data, err := cfg.Green.ExportDefinitions(ctx)
	if err != nil {
		return nil, fmt.Errorf("export green's definitions: %w", err)
	}
	return model.ParseDefinitions(data)
}

func greenClean(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		want, _, _, err := transformedBackup(ctx, cfg)
		if err != nil {
			return failResult(env, "cannot compare green with blue's definitions", err.Error())
		}
		green, err := greenDefinitions(ctx, cfg)
		if err != nil {
			return failResult(env, "cannot read green's definitions", err.Error())
		}
		if clashes := model.Clashes(want, green); len(clashes) > 0 {
			r := failResult(env, fmt.Sprintf("%d object(s) on green clash with blue's", len(clashes)), clashes...)
			r.Remedy = "delete or rename them on green (it is meant to be new), or migrate into another green"
			return r
		}
		return Result{Verdict: Pass, At: env.now(), Summary: "nothing on green clashes with blue's definitions",
			Evidence: []string{fmt.Sprintf("%d queues to migrate", len(want.MigratedQueues()))}}
	}
}

func pluginsStep(cfg BlueGreenConfig) Step {
	var cmds [][]string
	for _, p := range cfg.Plugins {
		cmds = append(cmds, commandArgvs(p.Commands)...)
	}
	return Step{ID: BGPlugins, Phase: Preparation, Gate: true, Title: "Federation and shovel plugins on green",
		Why: "Green's queues federate from blue's and shovels drain blue into green: both plugins must run on every green node. " +
			"Enabling them is reversible (rabbitmq-plugins disable).",
		Commands: cmds,
		Action:   &Action{Commands: cmds, Run: enablePlugins(cfg)},
		Check:    pluginsEnabled(cfg)}
}

// enablePlugins runs each green node's enable command through the
// executor; a node that already has both is left alone.
func enablePlugins(cfg BlueGreenConfig) func(context.Context, Env) (string, error) {
	return func(ctx context.Context, env Env) (string, error) {
		if cfg.Green == nil {
			return "", errNoGreen
		}
		missing, err := cfg.Green.MigrationPlugins(ctx)
		if err != nil {
			return "", err
		}
		var out strings.Builder
		for _, p := range cfg.Plugins {
			if len(missing[p.Node]) == 0 {
				fmt.Fprintf(&out, "%s already runs the plugins\n", p.Node)
				continue
			}
			got, err := runOn(ctx, env, cfg.Executor, p.Node, p.Commands)
			out.WriteString(got)
			if err != nil {
				return out.String(), err
			}
		}
		return out.String(), nil
	}
}

func pluginsEnabled(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		if cfg.Green == nil {
			return failResult(env, errNoGreen.Error())
		}
		missing, err := cfg.Green.MigrationPlugins(ctx)
		if err != nil {
			return failResult(env, "cannot read green's plugins", err.Error())
		}
		nodes, err := readNodes(ctx, cfg.Green, "green")
		if err != nil {
			return failResult(env, "cannot read green's nodes", err.Error())
		}
		var v verdict
		for _, n := range nodes {
			if m := missing[n.Name]; len(m) > 0 {
				v.fail("%s lacks %s", n.Name, strings.Join(m, ", "))
			} else {
				v.ok("%s runs %s", n.Name, strings.Join(MigrationPluginNames, ", "))
			}
		}
		r := v.result(env, "the migration plugins run on every green node", "plugins missing on green", "")
		if r.Verdict == Fail {
			r.Remedy = "run this step's action (it enables them with rabbitmq-plugins, node by node)"
		}
		return r
	}
}

// MigrationPluginNames are the plugins the move needs on green: federation
// and shovel, and their management extensions (warren reads the shovels'
// state through them).
var MigrationPluginNames = []string{"rabbitmq_federation", "rabbitmq_federation_management", "rabbitmq_shovel", "rabbitmq_shovel_management"}

// EnablePluginCommands builds the plugin step's command for one node.
func EnablePluginCommands(t executor.Tools, node string) ([]executor.Command, error) {
	return t.EnablePlugins(node, MigrationPluginNames...)
}
