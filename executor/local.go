package executor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// pipeGrace is how long Run waits, after the command exited or was killed,
// for a background child still holding its stdout/stderr before closing them.
const pipeGrace = 2 * time.Second

// Local runs commands on this host with os/exec: no shell, argv as-is.
type Local struct {
	timeout     time.Duration
	outputLimit int
}

// NewLocal builds the local executor.
func NewLocal(opts Options) *Local {
	return &Local{timeout: opts.CommandTimeout, outputLimit: opts.OutputLimit}
}

// Name implements Executor.
func (*Local) Name() string { return KindLocal }

// Run executes cmd on this host. The node only labels the result: local
// commands reach their node through argv (e.g. rabbitmqctl -n NODE).
func (l *Local) Run(ctx context.Context, node string, cmd Command) (result Result) {
	// Named result: the deferred finish must stamp what is returned.
	result = newResult(KindLocal, node, cmd)
	result.Target = "local"
	defer result.finish()
	if err := cmd.Validate(); err != nil {
		result.fail(ErrorNotStarted, err)
		return result
	}
	runCtx, cancel := context.WithTimeout(ctx, commandTimeout(cmd, l.timeout))
	defer cancel()

	stdout, stderr := newBoundedBuffer(l.outputLimit), newBoundedBuffer(l.outputLimit)
	proc := exec.CommandContext(runCtx, cmd.Argv[0], cmd.Argv[1:]...)
	proc.Env = mergeEnv(os.Environ(), cmd.Env)
	proc.Stdout, proc.Stderr = stdout, stderr
	proc.WaitDelay = pipeGrace
	killProcessGroupOnCancel(proc)

	err := proc.Run()
	result.Stdout, result.Stderr = stdout.Output(), stderr.Output()
	l.classify(&result, ctx, runCtx, proc, err)
	return result
}

// classify turns the outcome of proc.Run into exit code and error kind.
func (l *Local) classify(result *Result, parent, runCtx context.Context, proc *exec.Cmd, err error) {
	if proc.ProcessState != nil {
		result.ExitCode = proc.ProcessState.ExitCode()
	}
	switch {
	case runCtx.Err() != nil && (err != nil || result.ExitCode != 0):
		result.fail(contextErrorKind(parent), fmt.Errorf("%s stopped: %w", result.Argv[0], runCtx.Err()))
	case proc.ProcessState == nil:
		result.fail(ErrorNotStarted, err)
	case errors.Is(err, exec.ErrWaitDelay):
		// The command itself finished; a child it left behind kept the pipes.
		result.Warnings = append(result.Warnings, "a background process kept the output open; capture closed after "+pipeGrace.String())
		if result.ExitCode != 0 {
			result.fail(ErrorNonZeroExit, fmt.Errorf("%s exited with code %d", result.Argv[0], result.ExitCode))
		}
	case result.ExitCode != 0:
		result.fail(ErrorNonZeroExit, fmt.Errorf("%s exited with code %d", result.Argv[0], result.ExitCode))
	}
}

// mergeEnv appends additions to base; later entries win in os/exec.
func mergeEnv(base []string, additions map[string]string) []string {
	env := append([]string(nil), base...)
	for key, value := range additions {
		env = append(env, key+"="+value)
	}
	return env
}
