package executor

import (
	"regexp"
	"sort"
	"strings"
)

// safeWord matches arguments a POSIX shell reads literally, so the rendering
// for humans can skip quotes where they add only noise.
var safeWord = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// ShellQuote quotes one argument for a POSIX shell with single quotes: inside
// them nothing is special, and a single quote is closed, escaped and reopened. This is the
// only quoting the SSH executor uses, so no value reaches the remote shell
// as code.
func ShellQuote(arg string) string {
	return "'" + strings.ReplaceAll(arg, "'", `'\''`) + "'"
}

// ShellJoin quotes every argument strictly and joins them with spaces.
func ShellJoin(argv []string) string {
	quoted := make([]string, len(argv))
	for i, arg := range argv {
		quoted[i] = ShellQuote(arg)
	}
	return strings.Join(quoted, " ")
}

// displayQuote quotes only when needed: the copyable form for operators.
func displayQuote(arg string) string {
	if safeWord.MatchString(arg) && !strings.HasPrefix(arg, "=") {
		return arg
	}
	return ShellQuote(arg)
}

// RenderCommandLine renders a command as one copyable shell line: env
// assignments first (secrets redacted), then the quoted argv.
func RenderCommandLine(c Command) string {
	var parts []string
	env := RedactEnv(c.Env)
	keys := make([]string, 0, len(env))
	for key := range env {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		parts = append(parts, key+"="+displayQuote(env[key]))
	}
	for _, arg := range c.Argv {
		parts = append(parts, displayQuote(arg))
	}
	return strings.Join(parts, " ")
}
