package executor

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
)

// Tools says how RabbitMQ's CLI is invoked on a node. The zero value uses
// the commands on PATH. The builders are pure: they validate their inputs
// and return commands, they run nothing.
type Tools struct {
	// Dir holds rabbitmqctl, rabbitmq-upgrade and rabbitmq-queues; empty means
	// PATH. A lab running as root uses the real scripts, /usr/lib/rabbitmq/bin.
	Dir string
	// Env is added to every CLI command (a lab sets HOME and RABBITMQ_*).
	Env map[string]string
	// Root, when set, runs the tools inside that root filesystem with
	// chroot: a lab whose nodes run a release root's RabbitMQ talks to them
	// with that release's own CLI tools.
	Root string
	// Running is the node's current RabbitMQ version; when set, a builder
	// refuses a command that version does not have.
	Running model.Version
}

// Timeouts for commands whose duration RabbitMQ does not bound itself.
const (
	checkTimeout = 2 * time.Minute
	drainTimeout = 10 * time.Minute
	stopTimeout  = 10 * time.Minute
	// awaitMargin lets a CLI that waits up to N seconds report on its own
	// before the executor kills it.
	awaitMargin = time.Minute
)

// minimumVersion is the first release that has each command, from
// rabbitmq-upgrade-facts.md §5.2 (drain/revive 3.8.8, await_online_quorum_plus_one
// 3.8.4, check_if_node_is_quorum_critical 3.8.3).
var minimumVersion = map[string]model.Version{
	"drain":                            model.V(3, 8, 8),
	"revive":                           model.V(3, 8, 8),
	"await_online_quorum_plus_one":     model.V(3, 8, 4),
	"check_if_node_is_quorum_critical": model.V(3, 8, 3),
}

// cli builds one invocation of a RabbitMQ CLI tool against node.
func (t Tools) cli(tool, node, subcommand string, args ...string) (Command, error) {
	if err := ValidateNodeName(node); err != nil {
		return Command{}, err
	}
	if first, ok := minimumVersion[subcommand]; ok && !t.Running.IsZero() && t.Running.Less(first) {
		return Command{}, fmt.Errorf("%s %s needs RabbitMQ %s or later; %s runs %s", tool, subcommand, first, node, t.Running)
	}
	program := tool
	if t.Dir != "" {
		if err := ValidatePath(t.Dir); err != nil {
			return Command{}, fmt.Errorf("CLI directory: %w", err)
		}
		program = path.Join(t.Dir, tool)
	}
	argv := append([]string{program, "-n", node, subcommand}, args...)
	if t.Root != "" {
		if err := ValidatePath(t.Root); err != nil {
			return Command{}, fmt.Errorf("tools root: %w", err)
		}
		argv = append([]string{"chroot", t.Root}, argv...)
	}
	return Command{Argv: argv, Env: copyEnv(t.Env)}, nil
}

func copyEnv(env map[string]string) map[string]string {
	if len(env) == 0 {
		return nil
	}
	out := make(map[string]string, len(env))
	for key, value := range env {
		out[key] = value
	}
	return out
}

// describe fills the why and the timeout of a built command.
func describe(cmd Command, err error, why string, timeout time.Duration) ([]Command, error) {
	if err != nil {
		return nil, err
	}
	cmd.Description, cmd.Timeout = why, timeout
	return []Command{cmd}, nil
}

// Drain puts the node into maintenance mode (facts §5.1 step 2, §5.2).
func (t Tools) Drain(node string) ([]Command, error) {
	cmd, err := t.cli("rabbitmq-upgrade", node, "drain")
	return describe(cmd, err, "put "+node+" into maintenance mode: suspend listeners, close clients, move quorum leaders away", drainTimeout)
}

// Revive takes the node out of maintenance mode. A restart already does
// that on 3.10 (lab-recipe gotcha 13), so this is a harmless confirmation.
func (t Tools) Revive(node string) ([]Command, error) {
	cmd, err := t.cli("rabbitmq-upgrade", node, "revive")
	return describe(cmd, err, "take "+node+" out of maintenance mode", checkTimeout)
}

// CheckQuorumCritical exits non-zero if stopping node would leave a quorum
// queue or stream without quorum (facts §5.1 step 1, §5.2).
func (t Tools) CheckQuorumCritical(node string) ([]Command, error) {
	cmd, err := t.cli("rabbitmq-queues", node, "check_if_node_is_quorum_critical")
	return describe(cmd, err, "check that stopping "+node+" leaves every quorum queue with quorum", checkTimeout)
}

// CheckMirrorSyncCritical exits non-zero if node hosts a classic mirrored
// queue leader without a synchronised mirror online (3.8.3 – 3.13; a no-op
// from 4.0, where classic mirroring is gone; facts §5.2).
func (t Tools) CheckMirrorSyncCritical(node string) ([]Command, error) {
	cmd, err := t.cli("rabbitmq-queues", node, "check_if_node_is_mirror_sync_critical")
	return describe(cmd, err, "check that stopping "+node+" loses no classic mirrored queue's messages", checkTimeout)
}

// AwaitQuorumPlusOne blocks until no quorum queue would lose quorum if node
// stopped, for at most timeout (facts §5.1 step 1, §5.2).
func (t Tools) AwaitQuorumPlusOne(node string, timeout time.Duration) ([]Command, error) {
	seconds, err := wholeSeconds(timeout)
	if err != nil {
		return nil, err
	}
	cmd, err := t.cli("rabbitmq-upgrade", node, "await_online_quorum_plus_one", "-t", seconds)
	return describe(cmd, err, "wait until every quorum queue on "+node+" has an online quorum plus one", timeout+awaitMargin)
}

// Stop stops the node and its Erlang VM. With a pid file, rabbitmqctl waits
// until the OS process is gone (lab-recipe §3).
func (t Tools) Stop(node, pidFile string) ([]Command, error) {
	var args []string
	if pidFile != "" {
		if err := ValidatePath(pidFile); err != nil {
			return nil, fmt.Errorf("pid file: %w", err)
		}
		args = append(args, pidFile)
	}
	cmd, err := t.cli("rabbitmqctl", node, "stop", args...)
	return describe(cmd, err, "stop "+node+" and its Erlang VM", stopTimeout)
}

// AwaitStartup waits for the RabbitMQ application on node to start (facts
// §5.1 step 7); --timeout is rabbitmqctl's general option, in seconds.
func (t Tools) AwaitStartup(node string, timeout time.Duration) ([]Command, error) {
	seconds, err := wholeSeconds(timeout)
	if err != nil {
		return nil, err
	}
	cmd, err := t.cli("rabbitmqctl", node, "await_startup", "--timeout", seconds)
	return describe(cmd, err, "wait for RabbitMQ on "+node+" to finish booting", timeout+awaitMargin)
}

func wholeSeconds(timeout time.Duration) (string, error) {
	if timeout < time.Second {
		return "", fmt.Errorf("timeout %s is shorter than one second", timeout)
	}
	return strconv.Itoa(int(timeout / time.Second)), nil
}

// EnablePlugins enables plugins on a running node (online: the node starts
// them at once and records them in its enabled-plugins file). The blue-green
// migration needs rabbitmq_federation and rabbitmq_shovel on green.
func (t Tools) EnablePlugins(node string, plugins ...string) ([]Command, error) {
	if len(plugins) == 0 {
		return nil, fmt.Errorf("no plugin to enable")
	}
	for _, p := range plugins {
		if strings.Trim(p, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			return nil, fmt.Errorf("%q is not a plugin name", p)
		}
	}
	cmd, err := t.cli("rabbitmq-plugins", node, "enable", plugins...)
	return describe(cmd, err, "enable "+strings.Join(plugins, ", ")+" on "+node, checkTimeout)
}

// ReadFile prints one file of the node (cat), for checks that judge the
// node's own files, such as its config. Its output is bounded like every
// command's (OutputLimit at each end): the caller refuses a cut capture.
func ReadFile(file string) ([]Command, error) {
	if err := ValidatePath(file); err != nil {
		return nil, fmt.Errorf("file to read: %w", err)
	}
	return []Command{{Argv: []string{"cat", "--", file}, Description: "read " + file, Timeout: checkTimeout}}, nil
}
