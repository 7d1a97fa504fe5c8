package steps

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/model"
)

// BootLogReader builds the commands that read, on the node, what RabbitMQ
// logged since a start began (executor.BootLog for a systemd install).
type BootLogReader func(since time.Time) ([]executor.Command, error)

// bootReasonLine marks the node's own words in a failed start's error; the
// node-not-back trigger quotes what follows it.
const bootReasonLine = "the node says: "

// explainingBootFailure wraps a start action: when the start fails, it reads
// the node's log through the executor and adds the reason the node gave
// (model.BootFailure) to the error, so the trigger and the operator see
// the node's words, not only systemd's "control process exited". Without
// a reader (a lab's start command explains itself) it is a no-op.
func explainingBootFailure(ex executor.Executor, node string, logs BootLogReader, a *Action) *Action {
	if logs == nil || ex == nil {
		return a
	}
	run := a.Run
	explained := *a
	explained.Run = func(ctx context.Context, env Env) (string, error) {
		// A second of slack: the journal's --since is whole seconds.
		since := env.now().Add(-time.Second)
		out, err := run(ctx, env)
		if err == nil || ctx.Err() != nil {
			return out, err
		}
		if reason := readBootReason(ctx, env, ex, node, logs, since); reason != "" {
			return out, fmt.Errorf("%w\n%s%s", err, bootReasonLine, reason)
		}
		return out, err
	}
	return &explained
}

// readBootReason runs the log reads in order and returns the first reason
// found; a read that fails is journaled and skipped.
func readBootReason(ctx context.Context, env Env, ex executor.Executor, node string, logs BootLogReader, since time.Time) string {
	cmds, err := logs(since)
	if err != nil {
		return ""
	}
	for _, cmd := range cmds {
		r := ex.Run(ctx, node, cmd)
		if env.LogCommand != nil {
			env.LogCommand(commandRun(r))
		}
		if !r.Succeeded() {
			continue
		}
		if reason := model.BootFailure(r.Stdout.Text); len(reason) > 0 {
			return strings.Join(reason, " | ")
		}
	}
	return ""
}
