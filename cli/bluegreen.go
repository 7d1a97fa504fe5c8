package cli

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/targets"
)

// greenFlags name the second cluster of a blue-green migration: with
// them the runbook is the blue-green one, and --target is blue.
type greenFlags struct {
	opts       targets.Options
	mirroredTo string
}

func (g *greenFlags) bind(fl *pflag.FlagSet) {
	fl.StringVar(&g.opts.Name, "green-target", "", "blue-green migration: the new cluster (named target, or lab:NAME) to move --target (blue) into")
	fl.StringArrayVar(&g.opts.URLs, "green-url", nil, "blue-green: management URL of one green node (repeat per node), instead of --green-target")
	fl.StringArrayVar(&g.opts.AMQPURLs, "green-amqp-url", nil, "blue-green: AMQP URL of each green node, same order as --green-url")
	fl.StringVar(&g.opts.Username, "green-user", "", "blue-green: green's user name (default guest)")
	fl.StringVar(&g.opts.PasswordEnv, "green-password-env", "", "blue-green: read green's password from this environment variable")
	fl.StringVar(&g.opts.PasswordFile, "green-password-file", "", "blue-green: read green's password from this file")
	fl.StringVar(&g.mirroredTo, "mirrored-to", "", "blue-green: what a mirrored classic queue becomes on green: classic (the default; mirroring keys dropped on 4.x) or quorum; fixed for the run")
}

// fixMirroredTo reconciles --mirrored-to with the run: a new run records
// the choice, a resumed one keeps it and refuses another.
func (g *greenFlags) fixMirroredTo(rc *runContext) error {
	switch {
	case rc.MirroredTo == "":
		rc.MirroredTo = cmp.Or(g.mirroredTo, "classic")
	case g.mirroredTo != "" && g.mirroredTo != rc.MirroredTo:
		return fmt.Errorf("this run moves mirrored queues as %s; --mirrored-to cannot change mid-run", rc.MirroredTo)
	}
	g.mirroredTo = rc.MirroredTo
	return nil
}

// transform is the operator's choice for mirrored queues.
func (g *greenFlags) transform() (model.TransformOptions, error) {
	switch g.mirroredTo {
	case "classic", "":
		return model.TransformOptions{}, nil
	case "quorum":
		return model.TransformOptions{MirroredToQuorum: true}, nil
	}
	return model.TransformOptions{}, fmt.Errorf("--mirrored-to %q: want classic or quorum", g.mirroredTo)
}

// set reports whether a green cluster was named: the run is blue-green.
func (g *greenFlags) set() bool { return g.opts.Name != "" || len(g.opts.URLs) > 0 }

// resolve builds green's target with blue's connection settings (TLS,
// timeout, targets file).
func (g *greenFlags) resolve(blue targets.Options) (targets.Resolved, error) {
	o := g.opts
	o.Insecure, o.CAFile, o.Timeout, o.File, o.Prompt = blue.Insecure, blue.CAFile, blue.Timeout, blue.File, blue.Prompt
	res, err := targets.Resolve(o)
	if err != nil {
		return res, withCode(ExitError, fmt.Errorf("--green-target: %w", err))
	}
	if o.Name == "" {
		// A cluster given by URLs is named "cli", blue's too when it came
		// by --url: green says what it is.
		res.Target.Name = "green"
	}
	return res, nil
}

// sameCluster says whether green is blue again: the same name, or a
// management URL in common.
func sameCluster(green, blue broker.Target) bool {
	if green.Name == blue.Name {
		return true
	}
	for _, g := range green.Nodes {
		for _, b := range blue.Nodes {
			if g.MgmtURL == b.MgmtURL {
				return true
			}
		}
	}
	return false
}

// greenSide is green connected: its target, cluster and executor.
type greenSide struct {
	res      targets.Resolved
	cluster  *broker.Cluster
	executor executor.Executor
	// canaryMove carries the driver's canary across the move (nil with
	// --no-canary or for a follower, which runs no canary).
	canaryMove *broker.CanaryMove
}

func connectGreen(ctx context.Context, f *runbookFlags, blue targets.Resolved, follow bool) (*greenSide, error) {
	res, err := f.green.resolve(f.target.opts)
	if err != nil {
		return nil, err
	}
	if sameCluster(res.Target, blue.Target) {
		return nil, withCode(ExitError, fmt.Errorf("green is blue itself (%s)", blue.Target.Name))
	}
	cluster, err := broker.Connect(res.Target)
	if err != nil {
		return nil, withCode(ExitError, fmt.Errorf("green: %w", err))
	}
	if s := cluster.Nodes(ctx); s.Err != "" && len(s.Value) == 0 {
		return nil, withCode(ExitError, fmt.Errorf("could not reach green: %s", s.Err))
	}
	kind := f.executor
	if follow {
		kind = executor.KindManual
	}
	ex, err := newExecutor(kind, res)
	if err != nil {
		return nil, withCode(ExitError, err)
	}
	g := &greenSide{res: res, cluster: cluster, executor: ex}
	if !f.noCanary && !follow {
		g.canaryMove = &broker.CanaryMove{Green: res.Target, Route: canaryRoute(f.runDir)}
	}
	return g, nil
}

// canaryRoute follows the run's journal: the canary consumes on green once
// the move-consumers gate has passed and publishes there once the
// move-publishers gate has too. The rollback takes it back to blue whole
// when the consumers are back: nothing carries green's messages to blue
// (the federation runs the other way, and may be gone), so it never
// publishes on blue while consuming on green on the way back. The journal
// is read incrementally, so asking every second costs a stat.
func canaryRoute(runDir string) func() model.CanaryRoute {
	var mu sync.Mutex
	tail, state := checklist.NewJournalTail(runDir), checklist.NewState()
	return func() model.CanaryRoute {
		mu.Lock()
		defer mu.Unlock()
		recs, _, _ := tail.Read() // a journal not yet there: still on blue
		for _, r := range recs {
			state.Apply(r)
		}
		done := func(id string) bool { sr := state.Steps[id]; return sr != nil && sr.Status.Done() }
		back := done(steps.BGBackConsumers)
		return model.CanaryRouteFor(done(steps.BGMoveConsumers) && !back, done(steps.BGMovePublishers) && !back)
	}
}

// blueGreenRunbook builds the blue-green runbook for blue and green.
func blueGreenRunbook(ctx context.Context, f *runbookFlags, blue targets.Resolved, blueCluster *broker.Cluster, g *greenSide) ([]steps.Step, error) {
	target, err := model.ParseVersion(f.to)
	if err != nil {
		return nil, withCode(ExitError, fmt.Errorf("--to is required for a blue-green migration: %w", err))
	}
	access := steps.Access{User: blue.Target.Username, Password: blue.Target.Password}
	for _, n := range blue.Target.Nodes {
		access.AMQPURLs = append(access.AMQPURLs, n.AMQPURL)
	}
	plugins, err := pluginPlans(ctx, g)
	if err != nil {
		return nil, withCode(ExitError, err)
	}
	transform, err := f.green.transform()
	if err != nil {
		return nil, withCode(ExitError, err)
	}
	return steps.BlueGreenRunbook(steps.BlueGreenConfig{RunDir: f.runDir, Target: target, GreenName: g.res.Target.Name,
		Blue: blueCluster, Green: g.cluster, BlueAccess: access, Plugins: plugins, Executor: g.executor, Transform: transform,
		CanaryVHost: canaryVHost(blue, g)}), nil
}

// canaryVHost is the vhost of the canary's queue on blue ("" without a
// canary): the federation step federates it into green.
func canaryVHost(blue targets.Resolved, g *greenSide) string {
	if g.canaryMove == nil || len(blue.Target.Nodes) == 0 {
		return ""
	}
	return broker.AMQPVHost(blue.Target.Nodes[0].AMQPURL)
}

// pluginPlans: the plugin command for each green node, with green's own
// CLI tools (a lab's release root, the targets file's tools block, or PATH).
func pluginPlans(ctx context.Context, g *greenSide) ([]steps.PluginPlan, error) {
	nodes := g.cluster.Nodes(ctx)
	var out []steps.PluginPlan
	for _, n := range nodes.Value {
		tools := entryTools(g.res)
		if g.res.Lab != nil {
			tools = labPluginTools(*g.res.Lab, n.Name)
		}
		cmds, err := steps.EnablePluginCommands(tools, n.Name)
		if err != nil {
			return nil, fmt.Errorf("green's %s: %w", n.Name, err)
		}
		out = append(out, steps.PluginPlan{Node: n.Name, Commands: cmds})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("green lists no node: %s", orText(nodes.Err))
	}
	return out, nil
}

// broker.Cluster is what the blue-green steps read and write on each side.
var _ steps.MigrationCluster = (*broker.Cluster)(nil)

// labPluginTools are a lab node's CLI tools for rabbitmq-plugins, which
// also needs the node's own enabled-plugins file (so the plugins stay on
// across a restart) and the plugins directory of the node's release: 4.0's
// CLI in a release root does not find it by itself (plugins_dir_does_not_exist).
func labPluginTools(cfg lab.Config, node string) executor.Tools {
	tools := labSite{cfg: cfg}.tools()
	for _, n := range cfg.AllNodes() {
		if n.Name != node {
			continue
		}
		root := cfg.RootOf(n)
		tools.Root = root
		tools.Env["RABBITMQ_ENABLED_PLUGINS_FILE"] = filepath.Join(n.Dir, "enabled_plugins")
		found, _ := filepath.Glob(filepath.Join(cmp.Or(root, "/"), "usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins"))
		if len(found) == 1 {
			tools.Env["RABBITMQ_PLUGINS_DIR"] = "/" + strings.TrimPrefix(strings.TrimPrefix(found[0], root), "/")
		}
	}
	return tools
}
