package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/i18n"
)

func init() { addCommand(newJournalCmd) }

func newJournalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "journal",
		Short: "Work with a run's journal",
	}
	var out string
	var force bool
	export := &cobra.Command{
		Use:   "export DIR [-o report.md]",
		Short: "Write the run's Markdown report for the change ticket",
		Long: `export reads the journal in DIR (read-only; a run in progress is fine) and writes
a Markdown report that opens with the answer — outcome, versions, nodes done,
duration and canary figures per phase, triggers fired, every acknowledgement
with who and why — then the detail: timeline, checks with evidence, commands
with exit codes, confirmations, rollback triggers, the baseline comparison and
what each step that ran does. --lang zh writes it in Chinese.
-o never overwrites an existing file without --force, and never a file of the
run itself (its journal, lock, baseline or backups), even with --force.`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			report, err := checklist.ExportMarkdown(args[0], i18n.Default())
			if err != nil {
				return withCode(ExitError, err)
			}
			if out == "" || out == "-" {
				_, err = os.Stdout.Write(report)
				return withCode(ExitError, err)
			}
			if err := writeReport(args[0], out, report, force); err != nil {
				return withCode(ExitError, fmt.Errorf("write the report: %w", err))
			}
			fmt.Fprintf(os.Stderr, "wrote %s (%d bytes)\n", out, len(report))
			return nil
		},
	}
	export.Flags().StringVarP(&out, "output", "o", "", "write the report to this file instead of stdout")
	export.Flags().BoolVar(&force, "force", false, "overwrite an existing report file (never a file of the run)")
	cmd.AddCommand(export)
	return cmd
}

// writeReport writes the report atomically, mode 0600 (it names hosts and
// users, like the journal). Every file of the run directory is an input:
// the report never replaces one, whatever the path or link that names it.
func writeReport(runDir, out string, report []byte, force bool) error {
	inputs, err := filesUnder(runDir)
	if err != nil {
		return err
	}
	files := []outputFile{{out, report}}
	if err := checkOutputs(inputs, files); err != nil {
		return err
	}
	return writeOutputsAtomically(files, force)
}

// filesUnder lists every file below dir.
func filesUnder(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out, err
}
