package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/warren-sre/warren/i18n"
)

// usageTemplate is cobra's default usage template with its headings taken
// from the catalog (cli.usage.*), so that help reads in one language.
const usageTemplate = `{{T "cli.usage.usage"}}:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

{{T "cli.usage.aliases"}}:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

{{T "cli.usage.examples"}}:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

{{T "cli.usage.commands"}}:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

{{T "cli.usage.flags"}}:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces | defaults}}{{end}}{{if .HasAvailableInheritedFlags}}

{{T "cli.usage.global_flags"}}:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces | defaults}}{{end}}{{if .HasAvailableSubCommands}}

{{T "cli.usage.more" .CommandPath}}{{end}}
`

var templateFuncsOnce bool

// localiseUsage gives root (and so every command) the localised usage
// template and help texts of cobra's own help flag and command.
func localiseUsage(root *cobra.Command) {
	if !templateFuncsOnce {
		cobra.AddTemplateFunc("T", func(id string, path ...string) string {
			return i18n.T(id, map[string]any{"Path": strings.Join(path, " ")})
		})
		// pflag writes "(default X)" itself; only the word is translated.
		cobra.AddTemplateFunc("defaults", func(usages string) string {
			return strings.ReplaceAll(usages, " (default ", " ("+i18n.T("cli.usage.default")+" ")
		})
		templateFuncsOnce = true
	}
	root.SetUsageTemplate(usageTemplate)
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: i18n.T("cli.usage.help_command"),
		Run: func(c *cobra.Command, args []string) {
			cmd, _, err := c.Root().Find(args)
			if cmd == nil || err != nil {
				cmd = c.Root()
			}
			_ = cmd.Help()
		},
	})
}

// helpPrefix holds the help texts of commands whose files register them in
// English (cli.help.*): the English entry recognises the text, so those
// files need not know about languages, and a text changed there without
// its catalog entry shows in English rather than wrong.
const helpPrefix = "cli.help."

// localiseHelp puts every command's help in the current language once the
// tree is complete: short and long descriptions, flag usages and --help.
func localiseHelp(c *cobra.Command) {
	tr := i18n.Default()
	c.InitDefaultHelpFlag()
	if f := c.Flags().Lookup("help"); f != nil {
		f.Usage = tr.T("cli.usage.help_flag", map[string]any{"Name": c.Name()})
	}
	if tr.Lang() != i18n.English {
		c.Short, c.Long = tr.Say(helpPrefix, c.Short), tr.Say(helpPrefix, c.Long)
		for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) { f.Usage = tr.Say(helpPrefix, f.Usage) })
		}
	}
	for _, sub := range c.Commands() {
		localiseHelp(sub)
	}
}
