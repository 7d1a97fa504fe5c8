package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/checklist"
)

func init() { addCommand(newJournalCmd) }

func newJournalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "journal",
		Short: "Work with a run's journal",
	}
	var out string
	export := &cobra.Command{
		Use:   "export DIR [-o report.md]",
		Short: "Write the run's Markdown report for the change ticket",
		Long: `export reads the journal in DIR (read-only; a run in progress is fine) and writes
a Markdown report: timeline, checks with evidence, commands with exit codes, who
confirmed and acknowledged what, rollback triggers and the baseline comparison.`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			report, err := checklist.ExportMarkdown(args[0])
			if err != nil {
				return withCode(ExitError, err)
			}
			if out == "" || out == "-" {
				_, err = os.Stdout.Write(report)
				return withCode(ExitError, err)
			}
			// The report names hosts and users: keep it private like the journal.
			if err := os.WriteFile(out, report, 0o600); err != nil {
				return withCode(ExitError, fmt.Errorf("write the report: %w", err))
			}
			fmt.Fprintf(os.Stderr, "wrote %s (%d bytes)\n", out, len(report))
			return nil
		},
	}
	export.Flags().StringVarP(&out, "output", "o", "", "write the report to this file instead of stdout")
	cmd.AddCommand(export)
	return cmd
}
