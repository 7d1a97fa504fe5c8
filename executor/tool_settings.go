package executor

import "fmt"

// ToolSettings is a target's `tools:` block in the targets file: how
// RabbitMQ's CLI is run on that cluster's hosts when PATH and the ssh
// user's own Erlang cookie are not the answer.
//
//	tools: {dir: /usr/lib/rabbitmq/bin, env: {HOME: /var/lib/rabbitmq}}
//
// HOME is where the CLI finds the Erlang cookie (HOME/.erlang.cookie); it
// is how a cookie is named without putting it anywhere warren writes.
type ToolSettings struct {
	// Dir holds rabbitmqctl, rabbitmq-upgrade, rabbitmq-queues and
	// rabbitmq-plugins; empty means PATH.
	Dir string `yaml:"dir,omitempty" json:"dir,omitempty"`
	// Root runs the tools inside that root filesystem with chroot.
	Root string `yaml:"root,omitempty" json:"root,omitempty"`
	// Env is added to every CLI command; over ssh the values travel on
	// stdin, never in the remote command line.
	Env map[string]string `yaml:"env,omitempty" json:"env,omitempty"`
}

// Tools checks the settings and returns the tools they describe.
func (s ToolSettings) Tools() (Tools, error) {
	if s.Dir != "" {
		if err := ValidatePath(s.Dir); err != nil {
			return Tools{}, fmt.Errorf("tools dir: %w", err)
		}
	}
	if s.Root != "" {
		if err := ValidatePath(s.Root); err != nil {
			return Tools{}, fmt.Errorf("tools root: %w", err)
		}
	}
	if err := validateEnv(s.Env); err != nil {
		return Tools{}, fmt.Errorf("tools env: %w", err)
	}
	return Tools{Dir: s.Dir, Root: s.Root, Env: copyEnv(s.Env)}, nil
}
