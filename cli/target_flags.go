package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/targets"
)

// targetFlags are shared by every command that talks to a cluster.
type targetFlags struct {
	opts  targets.Options
	flags *pflag.FlagSet
	// resolved keeps the first successful resolution: the cockpit names a
	// new run directory after the target before opening the run, and the
	// operator must not be prompted for the password (or warned) twice.
	resolved *targets.Resolved
}

func (f *targetFlags) bind(cmd *cobra.Command) {
	fl := cmd.Flags()
	f.flags = fl
	fl.StringVarP(&f.opts.Name, "target", "t", "", "named target from the targets file")
	fl.StringArrayVar(&f.opts.URLs, "url", nil, "management URL of one node (repeat per node), e.g. https://rmq1:15671")
	fl.StringArrayVar(&f.opts.AMQPURLs, "amqp-url", nil, "AMQP URL of each node, same order as --url (default: same host, 5672/5671)")
	fl.StringVarP(&f.opts.Username, "user", "u", "", "user name (default guest)")
	fl.StringVar(&f.opts.PasswordEnv, "password-env", "", "read the password from this environment variable (default "+targets.DefaultPasswordEnv+")")
	fl.StringVar(&f.opts.PasswordFile, "password-file", "", "read the password from this file")
	fl.BoolVar(&f.opts.Insecure, "insecure", false, "do not verify TLS certificates (shown wherever the target is)")
	fl.StringVar(&f.opts.CAFile, "ca-file", "", "PEM file of CA certificates to trust")
	// No default value here: an unset --timeout lets the targets file's
	// timeout apply, then broker.DefaultTimeout.
	fl.DurationVar(&f.opts.Timeout, "timeout", 0, "timeout T of every request to a node; every longer wait is a multiple of T (see the README) (default: the target's timeout, else "+broker.DefaultTimeout.String()+")")
	fl.StringVar(&f.opts.File, "targets-file", "", "targets file (default $XDG_CONFIG_HOME/warren/targets.yaml)")
}

// resolve builds the target once, printing its warnings to stderr.
func (f *targetFlags) resolve() (targets.Resolved, error) {
	if f.resolved != nil {
		return *f.resolved, nil
	}
	if f.opts.Timeout < 0 || (f.opts.Timeout == 0 && f.flags != nil && f.flags.Changed("timeout")) {
		return targets.Resolved{}, withCode(ExitError, fmt.Errorf("--timeout must be positive"))
	}
	if term.IsTerminal(int(os.Stdin.Fd())) {
		f.opts.Prompt = promptPassword
	}
	res, err := targets.Resolve(f.opts)
	if err != nil {
		return res, withCode(ExitError, err)
	}
	if res.Target.Timeout <= 0 {
		res.Target.Timeout = broker.DefaultTimeout
	}
	if file := passwordFileOf(f.opts, res); file != "" && res.Target.Password == "" {
		return res, withCode(ExitError, fmt.Errorf("password file %s is empty: an empty password is never what was meant", file))
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

// passwordFileOf is the password file the target was resolved with, if any:
// --password-file, else the targets file entry's.
func passwordFileOf(o targets.Options, res targets.Resolved) string {
	if o.PasswordFile != "" {
		return o.PasswordFile
	}
	if res.Entry != nil {
		return res.Entry.PasswordFile
	}
	return ""
}
