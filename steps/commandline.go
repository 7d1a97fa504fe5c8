package steps

import "github.com/warren-sre/warren/executor"

// CommandLine renders one of a step's commands as a line an operator can
// copy into a shell as-is: arguments with spaces or shell characters are
// quoted, plain words are left alone.
func CommandLine(argv []string) string {
	return executor.RenderCommandLine(executor.Command{Argv: argv})
}
