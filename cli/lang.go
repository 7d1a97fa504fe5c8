package cli

import (
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/i18n"
)

// langFlag is the persistent --lang flag's name.
const langFlag = "lang"

// langFromArgs finds --lang in argv before the command tree exists: help
// texts are read when the tree is built, so the language must be known
// first. Cobra parses the flag again later; this only looks.
func langFromArgs(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--"+langFlag+"="); ok {
			return v
		}
		if a == "--"+langFlag && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// setupLanguage picks the language from --lang, else the locale, and makes
// it the process default before any command runs.
func setupLanguage(args []string, getenv func(string) string) error {
	lang, err := i18n.Detect(langFromArgs(args), getenv)
	if err != nil {
		return err
	}
	i18n.SetDefault(lang)
	return nil
}

// bindLang registers --lang on root; the value is checked again when a
// command runs, since tests build the tree without setupLanguage.
func bindLang(root *cobra.Command) {
	root.PersistentFlags().String(langFlag, "", i18n.T("cli.flag.lang"))
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if !cmd.Flags().Changed(langFlag) {
			return nil
		}
		v, _ := cmd.Flags().GetString(langFlag)
		lang, err := i18n.Parse(v)
		if err != nil {
			return withCode(ExitError, err)
		}
		i18n.SetDefault(lang)
		return nil
	}
}

// jsonPrinter is the printer of the localised JSON fields: only when
// --lang was given explicitly, so that scripts reading English JSON under a
// Chinese locale see exactly what they saw before.
func jsonPrinter(cmd *cobra.Command) *i18n.Printer {
	if cmd == nil || !cmd.Flags().Changed(langFlag) {
		return nil
	}
	return i18n.Default()
}

// Execute runs the CLI and returns the process exit code.
func Execute() int {
	return run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
}
