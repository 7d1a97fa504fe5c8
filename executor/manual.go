package executor

import (
	"context"
	"fmt"
	"strings"
)

// Manual runs nothing: it renders the exact command for the operator to run
// on the node. The caller must then verify the outcome itself.
type Manual struct{}

// Name implements Executor.
func (Manual) Name() string { return KindManual }

// Run renders the command and asks for the operator's confirmation.
func (Manual) Run(_ context.Context, node string, cmd Command) (result Result) {
	// Named result: the deferred finish must stamp what is returned.
	result = newResult(KindManual, node, cmd)
	defer result.finish()
	if err := cmd.Validate(); err != nil {
		result.fail(ErrorNotStarted, err)
		return result
	}
	result.ConfirmationRequired = true
	result.Instructions = RenderInstructions(node, []Command{cmd})
	return result
}

// RenderInstructions renders commands for an operator: a comment naming the
// node, then each command's purpose as a comment and the command itself on
// one copyable line. Secret env values are redacted: the operator supplies
// them on the node.
func RenderInstructions(node string, cmds []Command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# on %s: run, then confirm (operator confirmation required)\n", node)
	for _, cmd := range cmds {
		if cmd.Description != "" {
			fmt.Fprintf(&b, "# %s\n", strings.ReplaceAll(cmd.Description, "\n", " "))
		}
		if cmd.Irreversible {
			b.WriteString("# IRREVERSIBLE\n")
		}
		b.WriteString(RenderCommandLine(cmd))
		b.WriteByte('\n')
	}
	return b.String()
}
