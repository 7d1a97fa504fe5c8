package cli

import (
	"strings"

	"github.com/spf13/cobra"

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
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

{{T "cli.usage.global_flags"}}:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

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

// localiseHelpFlags names each command's --help in the current language;
// called once the tree is complete.
func localiseHelpFlags(c *cobra.Command) {
	c.InitDefaultHelpFlag()
	if f := c.Flags().Lookup("help"); f != nil {
		f.Usage = i18n.T("cli.usage.help_flag", map[string]any{"Name": c.Name()})
	}
	for _, sub := range c.Commands() {
		localiseHelpFlags(sub)
	}
}
