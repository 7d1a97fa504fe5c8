package executor

import (
	"time"
)

// ErrorKind classifies why a command did not succeed. The empty kind means
// it ran and exited 0 (or, for manual, that the operator has it in hand).
type ErrorKind string

const (
	ErrorNone ErrorKind = ""
	// ErrorNotStarted: invalid command, unknown node, program not found.
	ErrorNotStarted ErrorKind = "not-started"
	// ErrorTimeout: the command's own timeout expired and it was killed.
	ErrorTimeout ErrorKind = "timeout"
	// ErrorCancelled: the caller cancelled (operator abort, shutdown).
	ErrorCancelled ErrorKind = "cancelled"
	// ErrorNonZeroExit: the command ran and exited with a non-zero code.
	ErrorNonZeroExit ErrorKind = "non-zero-exit"
	// ErrorTransport: the SSH connection failed, the host key was refused,
	// or the remote side ended without an exit status.
	ErrorTransport ErrorKind = "transport"
)

// NoExitCode is the exit code of a command that did not exit on its own.
const NoExitCode = -1

// Result is what one Run did: data for the journal, JSON-serialisable, with
// secret env values already redacted.
type Result struct {
	Executor     string            `json:"executor"`
	Node         string            `json:"node"`
	Target       string            `json:"target,omitempty"` // e.g. "ssh admin@host1:22"
	Argv         []string          `json:"argv"`
	Env          map[string]string `json:"env,omitempty"` // redacted
	Description  string            `json:"description,omitempty"`
	Irreversible bool              `json:"irreversible,omitempty"`
	ExitCode     int               `json:"exit_code"`
	Stdout       Output            `json:"stdout"`
	Stderr       Output            `json:"stderr"`
	Started      time.Time         `json:"started"`
	Finished     time.Time         `json:"finished"`
	Duration     time.Duration     `json:"duration_ns"`
	ErrorKind    ErrorKind         `json:"error_kind,omitempty"`
	Error        string            `json:"error,omitempty"`
	// ConfirmationRequired is set by the manual executor: nothing ran here,
	// the operator runs Instructions on the node and the caller verifies.
	ConfirmationRequired bool   `json:"confirmation_required,omitempty"`
	Instructions         string `json:"instructions,omitempty"`
	// Warnings are facts the journal must keep, e.g. an unchecked host key.
	Warnings []string `json:"warnings,omitempty"`
}

// Succeeded reports whether the command ran here and exited 0.
func (r Result) Succeeded() bool {
	return r.ErrorKind == ErrorNone && !r.ConfirmationRequired && r.ExitCode == 0
}

// newResult fills what every executor records before running anything.
func newResult(executor, node string, cmd Command) Result {
	return Result{
		Executor:     executor,
		Node:         node,
		Argv:         append([]string(nil), cmd.Argv...),
		Env:          RedactEnv(cmd.Env),
		Description:  cmd.Description,
		Irreversible: cmd.Irreversible,
		ExitCode:     NoExitCode,
		Started:      time.Now(),
	}
}

// finish stamps the end time and duration.
func (r *Result) finish() {
	r.Finished = time.Now()
	r.Duration = r.Finished.Sub(r.Started)
}

// fail records an error of the given kind.
func (r *Result) fail(kind ErrorKind, err error) {
	r.ErrorKind = kind
	r.Error = err.Error()
}
