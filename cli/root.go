// Package cli builds warren's command tree. Each subcommand lives in its own
// file and registers itself with addCommand from an init function, so that
// commands can be added without touching this file.
package cli

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

// Exit codes shared by every command that reports on a cluster.
const (
	ExitOK      = 0 // healthy / no blockers
	ExitProblem = 1 // unhealthy / blockers found
	ExitError   = 2 // could not check (unreachable, bad input)
)

var commandFactories []func() *cobra.Command

// rootSetup, when set (by the cockpit command's file), gives the bare
// `warren` its flags and its action.
var rootSetup func(root *cobra.Command)

// addCommand registers a subcommand factory; called from init functions.
func addCommand(factory func() *cobra.Command) {
	commandFactories = append(commandFactories, factory)
}

// exitError carries a specific exit code up to Execute without printing a
// stack trace or cobra's usage text.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode wraps err so that Execute exits with code.
func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

// newRootCmd builds the whole command tree.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "warren",
		Short:         i18n.T("cli.root.short"),
		Long:          i18n.T("cli.root.long"),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	bindLang(root)
	localiseUsage(root)
	if rootSetup != nil {
		rootSetup(root)
	}
	for _, factory := range commandFactories {
		root.AddCommand(factory())
	}
	root.InitDefaultCompletionCmd()
	localiseHelp(root)
	return root
}

// run is the whole CLI on args with the given environment: the language
// first (help texts depend on it), then the command tree.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if err := setupLanguage(args, getenv); err != nil {
		fmt.Fprintln(stderr, "warren:", err)
		return ExitError
	}
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	// An exitError with an empty message has already told the user
	// everything (e.g. a JSON report whose verdict is the exit code).
	if msg := err.Error(); msg != "" {
		fmt.Fprintln(stderr, "warren:", localiseError(i18n.Default(), msg))
	}
	var coded *exitError
	if errors.As(err, &coded) {
		return coded.code
	}
	return ExitError
}

func init() { addCommand(newVersionCmd) }

// newVersionCmd: `warren version [--sources]` prints warren's build and the
// date its upgrade knowledge was last checked, so that an operator knows
// how far to trust a plan for a release newer than that.
func newVersionCmd() *cobra.Command {
	var sources bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: i18n.T("cli.version.short"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			writeVersion(cmd.OutOrStdout(), sources)
			return nil
		},
	}
	cmd.Flags().BoolVar(&sources, "sources", false, i18n.T("cli.version.flag.sources"))
	return cmd
}

func writeVersion(w io.Writer, sources bool) {
	fmt.Fprintf(w, "warren %s\n%s\n", buildVersion(), knowledgeSummary(i18n.Default()))
	if !sources {
		return
	}
	for _, src := range model.KnowledgeSources {
		fmt.Fprintf(w, "\n%s: %s\n", src.Table, src.What)
		for _, s := range src.Sources {
			fmt.Fprintf(w, "  - %s\n", s)
		}
	}
}

// buildVersion is the module version Go stamped into the binary, with the
// VCS revision when built from a checkout.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown build)"
	}
	version := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			version += " " + s.Value[:12]
		}
	}
	return version
}
