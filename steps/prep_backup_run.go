package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/warren-sre/warren/executor"
)

// runBackup runs a node's backup commands in order, journaling each, and
// stops at the first failure. With the manual executor nothing runs: the
// output is the commands for the operator, and the step's check looks for
// the archives once they ran them.
func runBackup(ctx context.Context, env Env, ex executor.Executor, node string, cmds []executor.Command) (string, error) {
	var out strings.Builder
	for _, cmd := range cmds {
		res := ex.Run(ctx, node, cmd)
		if env.LogCommand != nil {
			env.LogCommand(commandRun(res))
		}
		switch {
		case res.ConfirmationRequired:
			out.WriteString(res.Instructions)
		case filesChangedWhileArchived(res):
			fmt.Fprintf(&out, "%s: some files changed while they were archived (the node is running): %s\n",
				archiveOfCommand(cmd), lastLine(res.Stderr.Text))
		case !res.Succeeded():
			return out.String(), fmt.Errorf("%s on %s: %s", strings.Join(res.Argv, " "), node, failure(res))
		default:
			out.WriteString(res.Stdout.Text)
		}
	}
	return out.String(), nil
}

// filesChangedWhileArchived: GNU tar exits 1 ("some files differ") when a
// file changed while it was read, which a running node's data directory
// always risks. The archive is written; the step's Why already says a copy
// of a running node is not a consistent one.
func filesChangedWhileArchived(r executor.Result) bool {
	return len(r.Argv) > 0 && r.Argv[0] == "tar" && r.ErrorKind == executor.ErrorNonZeroExit &&
		r.ExitCode == 1 && strings.Contains(r.Stderr.Text, "file changed as we read it")
}

func archiveOfCommand(cmd executor.Command) string {
	for i, a := range cmd.Argv {
		if a == "-czf" && i+1 < len(cmd.Argv) {
			return cmd.Argv[i+1]
		}
	}
	return strings.Join(cmd.Argv, " ")
}
