package steps

import (
	"time"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// NodePlan is how one node is taken through the upgrade.
type NodePlan struct {
	Name string
	// Reason says why the node is at its place in the order (evidence).
	Reason string
	// PIDFile lets `rabbitmqctl stop` wait until the VM is gone; optional.
	PIDFile string
	// Package installs the target version (apt, dnf/yum, container image).
	Package []executor.Command
	// Start starts the node (systemctl, or a lab's own start command).
	Start []executor.Command
	// BootLog reads the node's log when its start fails (a systemd
	// install); nil when the start command says why itself (a lab).
	BootLog BootLogReader
	// Upgraded, when set, are the CLI tools that talk to the node once its
	// package step put it on the target (a lab node moved to another
	// root); nil: RollingConfig.Tools.
	Upgraded *executor.Tools
}

// RollingConfig configures the rolling phase.
type RollingConfig struct {
	Nodes    []NodePlan // in upgrade order
	Executor executor.Executor
	Tools    executor.Tools
	// Target is the version every node must report after its restart.
	Target model.Version
	// Listeners are the protocols that must be listening after a restart
	// (default amqp).
	Listeners []string
	// RequireCanary makes a healthy canary part of each node's verification.
	RequireCanary bool
	// BootTimeout bounds await_startup (default 5 min).
	BootTimeout time.Duration
	// RunDir holds the preparation inventory and backup names the stopped
	// node's backup uses.
	RunDir string
}

func (c RollingConfig) withDefaults() RollingConfig {
	if len(c.Listeners) == 0 {
		c.Listeners = []string{"amqp"}
	}
	if c.BootTimeout < time.Second {
		c.BootTimeout = 5 * time.Minute
	}
	return c
}

// Step ids of a node's block: rolling/<node>/<part>. Stable: the journal
// and the cockpit refer to them.
const (
	PartSafeToStop = "safe-to-stop"
	PartDrain      = "drain"
	PartStop       = "stop"
	PartPackage    = "package"
	PartStart      = "start"
	PartAwait      = "await-startup"
	PartRevive     = "revive"
	PartVerify     = "verify"
)

// RollingID is the id of one part of a node's block.
func RollingID(node, part string) string { return "rolling/" + node + "/" + part }

// RollingSteps returns one block per node, in order. The checklist keeps
// each block locked until the one before it is fully done, so the next node
// waits for the current one to verify.
func RollingSteps(cfg RollingConfig) []Step {
	cfg = cfg.withDefaults()
	var out []Step
	for _, n := range cfg.Nodes {
		out = append(out, nodeBlock(cfg, n)...)
	}
	return out
}

// nodeBlock: safe to stop, drain, stop, back up the stopped node, package,
// start, await startup, revive, verify. Revive comes before the final verification: on versions
// that keep maintenance mode across a restart the listeners stay suspended
// until revive, and the block must end on the gate that proves the node
// serves again.
func nodeBlock(cfg RollingConfig, n NodePlan) []Step {
	t, ex, node := cfg.Tools, cfg.Executor, n.Name
	step := func(part, title, why string) Step {
		return Step{ID: RollingID(node, part), Phase: Rolling, Block: node, Title: title, Why: why}
	}
	safe := step(PartSafeToStop, "Safe to stop "+node,
		"Every other node running, no alarms, no partitions, and "+node+" itself says no quorum queue would lose quorum without it"+
			" and, before 4.0, no classic mirrored queue it leads lacks a synchronised mirror. "+n.Reason)
	safe.Gate, safe.Check = true, safeToStop(node)
	safe.Commands = append(commandsOrNil(t.CheckQuorumCritical(node)), commandsOrNil(t.CheckMirrorSyncCritical(node))...)

	cmds, err := t.Drain(node)
	drain := step(PartDrain, "Drain "+node+" (maintenance mode)",
		"Moves quorum leaders away and closes client connections before the stop, so clients reconnect elsewhere on their own terms.")
	drain.Action, drain.Check = buildAction(ex, node, cmds, err), drained(node)

	cmds, err = t.Stop(node, n.PIDFile)
	stop := step(PartStop, "Stop "+node, "Stops RabbitMQ and its Erlang VM so the package can be replaced.")
	stop.Action, stop.Check = unlessAlready(stopped(node), buildAction(ex, node, cmds, err)), stopped(node)

	backup := stoppedBackupStep(cfg, node)

	pkg := step(PartPackage, "Upgrade the package on "+node+" to "+cfg.Target.String(),
		"Installs the target version (and Erlang, when the plan moves it). Verified by the commands' exit codes here, and by the version the node reports in its verify step.")
	pkg.Action = buildAction(ex, node, n.Package, nil)
	if len(n.Package) == 0 {
		pkg.Action = brokenAction(errNoPackage)
	}

	start := step(PartStart, "Start "+node, "Starts the node on the new version; it rejoins the cluster from its data directory.")
	start.Action, start.Check = explainingBootFailure(ex, node, n.BootLog, buildAction(ex, node, n.Start, nil)), started(node)
	if len(n.Start) == 0 {
		start.Action = brokenAction(errNoStart)
	}

	// After the package step the node runs the target: its own tools.
	if n.Upgraded != nil {
		t = *n.Upgraded
	}
	cmds, err = t.AwaitStartup(node, cfg.BootTimeout)
	await := step(PartAwait, "Await startup of "+node, "Waits until the RabbitMQ application on the node has fully booted.")
	await.Action, await.Check = buildAction(ex, node, cmds, err), booted(node)

	cmds, err = t.Revive(node)
	revive := step(PartRevive, "Revive "+node+" if still in maintenance",
		"Some versions keep maintenance mode across a restart; revive is harmless when boot already cleared it.")
	revive.Action = reviveUntilOut(ex, node, cmds, err, revived(node, cfg.Listeners))
	revive.Check = revived(node, cfg.Listeners)

	verify := step(PartVerify, "Verify "+node,
		"Running, reports "+cfg.Target.String()+", rejoined, no alarms, listeners up, quorum queues back to full membership, canary healthy. The next node stays locked until this passes.")
	verify.Gate, verify.Check = true, verified(node, cfg)
	return []Step{safe, drain, stop, backup, pkg, start, await, revive, verify}
}

func commandsOrNil(cmds []executor.Command, err error) [][]string {
	if err != nil {
		return nil
	}
	return commandArgvs(cmds)
}
