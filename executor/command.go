// Package executor runs a runbook step's commands on a RabbitMQ node: shown to
// the operator (manual), run on this host (local) or run over SSH (ssh). It
// also validates the untrusted values that go into those commands and builds
// the commands of the rolling-upgrade steps.
package executor

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Command is one program invocation. Argv is passed as-is (no shell) locally
// and strictly single-quoted over SSH, so no value in it is ever interpreted.
type Command struct {
	Argv []string          `json:"argv"`
	Env  map[string]string `json:"env,omitempty"`
	// Description says why the command runs; the operator reads it.
	Description string `json:"description,omitempty"`
	// Irreversible marks a one-way door; the dispatcher asks for confirmation.
	Irreversible bool `json:"irreversible,omitempty"`
	// Timeout bounds the run; zero means the executor's default.
	Timeout time.Duration `json:"timeout,omitempty"`
}

var envKeyPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// secretFlagWords are words that, in an option name, announce a credential.
// Such values belong in Env (never shown in a process list), not in argv.
var secretFlagWords = []string{"pass", "secret", "token", "cookie"}

// Validate checks what every executor relies on: a program to run, argv
// without NUL (newlines are fine: quoting keeps them literal), env keys that
// are variable names and env values without NUL or newline (the SSH executor
// sends them one per line), and no credential options
// in argv (argv is visible to every user of the host through ps).
func (c Command) Validate() error {
	if len(c.Argv) == 0 || c.Argv[0] == "" {
		return fmt.Errorf("command has no program to run")
	}
	for i, arg := range c.Argv {
		if strings.ContainsRune(arg, 0) {
			return fmt.Errorf("argument %d of %s contains a NUL byte", i, c.Argv[0])
		}
		if isSecretFlag(arg) {
			return fmt.Errorf("argument %q of %s would put a credential in the process list; pass it through the environment", flagName(arg), c.Argv[0])
		}
	}
	return validateEnv(c.Env)
}

// validateEnv checks env keys are names a shell can read and export and
// values have no NUL or line break: the SSH executor's script sends them
// one per line on stdin. Keys are checked in order, so the error is stable.
func validateEnv(env map[string]string) error {
	for _, key := range sortedKeys(env) {
		if !envKeyPattern.MatchString(key) {
			return fmt.Errorf("environment key %q is not a variable name (not a valid variable for a shell: letters, digits and _, not first a digit)", key)
		}
		if strings.ContainsAny(env[key], "\x00\n\r") {
			return fmt.Errorf("environment value of %s holds a line break (NUL or newline)", key)
		}
	}
	return nil
}

// String renders the command for a human: shell-quoted, env values redacted.
func (c Command) String() string {
	return RenderCommandLine(c)
}

func isSecretFlag(arg string) bool {
	if !strings.HasPrefix(arg, "-") {
		return false
	}
	name := strings.ToLower(flagName(arg))
	for _, word := range secretFlagWords {
		if strings.Contains(name, word) {
			return true
		}
	}
	return false
}

func flagName(arg string) string {
	name, _, _ := strings.Cut(arg, "=")
	return name
}

// IsSecretKey reports whether an environment key names a credential whose
// value must never be rendered (journal, screen, logs).
func IsSecretKey(key string) bool {
	upper := strings.ToUpper(key)
	for _, word := range secretFlagWords {
		if strings.Contains(upper, strings.ToUpper(word)) {
			return true
		}
	}
	return false
}

// Redacted is what replaces a secret value in any rendering.
const Redacted = "[redacted]"

// RedactEnv returns a copy of env with secret-looking values replaced.
func RedactEnv(env map[string]string) map[string]string {
	if len(env) == 0 {
		return nil
	}
	out := make(map[string]string, len(env))
	for key, value := range env {
		if IsSecretKey(key) {
			value = Redacted
		}
		out[key] = value
	}
	return out
}
