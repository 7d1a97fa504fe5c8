package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/warren-sre/warren/executor"
)

// commandRun turns an executor result into the journal's command record.
func commandRun(r executor.Result) CommandRun {
	return CommandRun{
		Node: r.Node, Argv: r.Argv, ExitCode: r.ExitCode,
		Stdout: r.Stdout.Text, Stderr: r.Stderr.Text, Duration: r.Duration, Error: r.Error,
	}
}

// runOn runs cmds on node in order, journaling each, and stops at the first
// failure. With the manual executor nothing runs: the output is the exact
// commands for the operator, and the step's check verifies the outcome once
// they say they ran them.
func runOn(ctx context.Context, env Env, ex executor.Executor, node string, cmds []executor.Command) (string, error) {
	if ex == nil {
		return "", fmt.Errorf("no executor configured: choose manual, local or ssh")
	}
	var out strings.Builder
	for _, cmd := range cmds {
		res := ex.Run(ctx, node, cmd)
		if env.LogCommand != nil {
			env.LogCommand(commandRun(res))
		}
		if res.ConfirmationRequired {
			out.WriteString(res.Instructions)
			continue
		}
		out.WriteString(res.Stdout.Text)
		if !res.Succeeded() {
			return out.String(), fmt.Errorf("%s on %s: %s", strings.Join(res.Argv, " "), node, failure(res))
		}
	}
	return out.String(), nil
}

// failure says how a command failed in one line, with its last words.
func failure(r executor.Result) string {
	msg := r.Error
	if msg == "" {
		msg = fmt.Sprintf("exit %d", r.ExitCode)
	}
	if tail := lastLine(r.Stderr.Text); tail != "" {
		msg += ": " + tail
	} else if tail := lastLine(r.Stdout.Text); tail != "" {
		msg += ": " + tail
	}
	return msg
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// commandAction wraps commands built for node into a step action.
func commandAction(ex executor.Executor, node string, cmds []executor.Command) *Action {
	return &Action{
		Commands: commandArgvs(cmds),
		Run: func(ctx context.Context, env Env) (string, error) {
			return runOn(ctx, env, ex, node, cmds)
		},
	}
}

// brokenAction is an action whose commands could not be built: it fails
// with the reason instead of running something else.
func brokenAction(err error) *Action {
	return &Action{Run: func(context.Context, Env) (string, error) { return "", err }}
}

// buildAction builds commands and wraps them, or fails closed.
func buildAction(ex executor.Executor, node string, cmds []executor.Command, err error) *Action {
	if err != nil {
		return brokenAction(err)
	}
	return commandAction(ex, node, cmds)
}

// unlessAlready runs a only when check does not pass yet: stopping a node
// the cluster already reports down would wait on a pid file that a node
// which never booted does not have (rabbitmqctl stop waits for it).
func unlessAlready(check func(context.Context, Env) Result, a *Action) *Action {
	run := a.Run
	guarded := *a
	guarded.Run = func(ctx context.Context, env Env) (string, error) {
		if r := check(ctx, env); r.Verdict == Pass {
			return "nothing to do: " + r.Summary + "\n", nil
		}
		return run(ctx, env)
	}
	return &guarded
}
