package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/targets"
)

// targetFlags are shared by every command that talks to a cluster.
type targetFlags struct {
	opts targets.Options
	// resolved keeps the first successful resolution: the cockpit names a
	// new run directory after the target before opening the run, and the
	// operator must not be prompted for the password (or warned) twice.
	resolved *targets.Resolved
}

func (f *targetFlags) bind(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&f.opts.Name, "target", "t", "", "named target from the targets file")
	fl.StringArrayVar(&f.opts.URLs, "url", nil, "management URL of one node (repeat per node), e.g. https://rmq1:15671")
	fl.StringArrayVar(&f.opts.AMQPURLs, "amqp-url", nil, "AMQP URL of each node, same order as --url (default: same host, 5672/5671)")
	fl.StringVarP(&f.opts.Username, "user", "u", "", "user name (default guest)")
	fl.StringVar(&f.opts.PasswordEnv, "password-env", "", "read the password from this environment variable (default "+targets.DefaultPasswordEnv+")")
	fl.StringVar(&f.opts.PasswordFile, "password-file", "", "read the password from this file")
	fl.BoolVar(&f.opts.Insecure, "insecure", false, "do not verify TLS certificates (shown wherever the target is)")
	fl.StringVar(&f.opts.CAFile, "ca-file", "", "PEM file of CA certificates to trust")
	fl.DurationVar(&f.opts.Timeout, "timeout", broker.DefaultTimeout, "timeout T of every request to a node; every longer wait is a multiple of T (see the README)")
	fl.StringVar(&f.opts.File, "targets-file", "", "targets file (default $XDG_CONFIG_HOME/warren/targets.yaml)")
}

// resolve builds the target once, printing its warnings to stderr.
func (f *targetFlags) resolve() (targets.Resolved, error) {
	if f.resolved != nil {
		return *f.resolved, nil
	}
	if term.IsTerminal(int(os.Stdin.Fd())) {
		f.opts.Prompt = promptPassword
	}
	res, err := targets.Resolve(f.opts)
	if err != nil {
		return res, withCode(ExitError, err)
	}
	if f.opts.Timeout <= 0 {
		return res, withCode(ExitError, fmt.Errorf("--timeout must be positive"))
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	f.resolved = &res
	return res, nil
}

func promptPassword(question string) (string, error) {
	fmt.Fprint(os.Stderr, question)
	pw, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return string(pw), nil
}
