package cli

// warren config convert FILE [-o rabbitmq.conf] [--advanced advanced.config]
//                            [--to VERSION] [--verify] [--json] [--force]
//
// Offline: translates a classic Erlang-term rabbitmq.config into
// rabbitmq.conf plus advanced.config and reports every setting's fate.
// Exit codes: 0 converted (and, with --verify, every setting equivalent);
// 1 converted but a setting differs under --verify, or a setting fails the
// boot on --to; 2 bad input, existing output file, or verify impossible.
//
// JSON shape (--json); secret values are never included:
//
//	{
//	  "source": "rabbitmq.config", "conf_file": "rabbitmq.conf",
//	  "advanced_file": "advanced.config",   // omitted when nothing needs it
//	  "target": "4.0",
//	  "entries": [{"app": "rabbit", "key": "tcp_listeners", "line": 3,
//	               "status": "converted", "conf": [{"key": "listeners.tcp.default", "value": "5672"}]},
//	              {"app": "rabbit", "key": "x", "line": 9, "status": "advanced", "reason": "..."}],
//	  "findings": [{"key": "mqtt.subscription_ttl", "severity": "fails-boot", "since": "3.13.0",
//	                "message": "...", "source": "facts §4.3 (...)"}],
//	  "verification": {"server_dir": "...", "checks": [{"app", "key", "status", "original",
//	                   "generated", "note"}], "rejected": ["..."], "added": ["..."]}
//	}

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/confmig"

	"github.com/warren-sre/warren/safefile"
)

func init() { addCommand(newConfigCmd) }

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Work with RabbitMQ configuration files",
	}
	cmd.AddCommand(newConfigConvertCmd())
	return cmd
}

type convertFlags struct {
	output, advanced, target, serverDir string
	verify, json, force                 bool
}

func newConfigConvertCmd() *cobra.Command {
	var f convertFlags
	cmd := &cobra.Command{
		Use:   "convert FILE",
		Short: "Translate a classic rabbitmq.config into rabbitmq.conf + advanced.config",
		Long: `Translates a classic Erlang-term rabbitmq.config into the rabbitmq.conf format.
Settings with no rabbitmq.conf form go unchanged into advanced.config; the
report lists each with the reason. Output files are written with mode 0600
because they can hold passwords; the report never prints secret values.

--to VERSION flags settings that fail the boot or are ignored on that version.
--verify maps the generated rabbitmq.conf back to Erlang terms with the
Cuttlefish schema of the RabbitMQ installed on this machine (found under
/usr/lib/rabbitmq/lib/rabbitmq_server-*, or --rabbitmq-dir, or $` + confmig.ServerDirEnv + `)
and compares the result with the original, setting by setting.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runConvert(cmd.Context(), cmd.OutOrStdout(), args[0], f)
		},
	}
	cmd.Flags().StringVarP(&f.output, "output", "o", "rabbitmq.conf", "where to write rabbitmq.conf")
	cmd.Flags().StringVar(&f.advanced, "advanced", "", "where to write advanced.config (default: next to --output)")
	cmd.Flags().StringVar(&f.target, "to", "", "RabbitMQ version being upgraded to, e.g. 4.0")
	cmd.Flags().BoolVar(&f.verify, "verify", false, "check the result with the installed RabbitMQ's own schema")
	cmd.Flags().StringVar(&f.serverDir, "rabbitmq-dir", "", "rabbitmq_server-VERSION directory to verify with")
	cmd.Flags().BoolVar(&f.json, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&f.force, "force", false, "overwrite existing output files")
	return cmd
}

type convertReport struct {
	Source       string                `json:"source"`
	ConfFile     string                `json:"conf_file"`
	AdvancedFile string                `json:"advanced_file,omitempty"`
	Target       string                `json:"target,omitempty"`
	Entries      []confmig.Entry       `json:"entries"`
	Findings     []confmig.Finding     `json:"findings"`
	Verification *confmig.Verification `json:"verification,omitempty"`
}

func runConvert(ctx context.Context, out io.Writer, path string, f convertFlags) error {
	src, err := safefile.Read(path, safefile.ConfigLimit)
	if err != nil {
		return withCode(ExitError, err)
	}
	res, err := confmig.Convert(src, confmig.Options{Target: f.target, Source: filepath.Base(path)})
	if err != nil {
		return withCode(ExitError, fmt.Errorf("%s:%w", path, prefixColon(err)))
	}
	if f.advanced == "" {
		f.advanced = filepath.Join(filepath.Dir(f.output), "advanced.config")
	}
	var ver *confmig.Verification
	if f.verify {
		if ver, err = verifyConversion(ctx, res, f.serverDir); err != nil {
			return withCode(ExitError, err)
		}
	}
	report := convertReport{Source: path, ConfFile: f.output, Target: f.target,
		Entries: res.Entries, Findings: res.Findings, Verification: ver}
	if res.Advanced != "" {
		report.AdvancedFile = f.advanced
	}
	if err := writeOutputs(res, report, f.force); err != nil {
		return withCode(ExitError, err)
	}
	if err := printConvertReport(out, res, report, f.json); err != nil {
		return withCode(ExitError, err)
	}
	return convertVerdict(res, ver)
}

func verifyConversion(ctx context.Context, res confmig.Result, dir string) (*confmig.Verification, error) {
	serverDir, err := confmig.FindServer(dir)
	if err != nil {
		return nil, err
	}
	v, err := confmig.Verify(ctx, res, serverDir)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	return &v, nil
}

// writeOutputs writes rabbitmq.conf and advanced.config as a pair: both or
// neither, never over the source or over each other.
func writeOutputs(res confmig.Result, r convertReport, force bool) error {
	files := []outputFile{{r.ConfFile, []byte(res.Conf)}}
	if r.AdvancedFile != "" {
		files = append(files, outputFile{r.AdvancedFile, []byte(res.Advanced)})
	}
	if err := checkOutputs([]string{r.Source}, files); err != nil {
		return err
	}
	return writeOutputsAtomically(files, force)
}

func printConvertReport(out io.Writer, res confmig.Result, r convertReport, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(out, "Wrote %s", r.ConfFile)
	if r.AdvancedFile != "" {
		fmt.Fprintf(out, " and %s", r.AdvancedFile)
	}
	fmt.Fprintf(out, " (mode 0600) from %s.\n", r.Source)
	confmig.WriteReport(out, res, r.Verification)
	return nil
}

// convertVerdict: exit 1 when verify found a difference or a setting
// fails the boot on the target version.
func convertVerdict(res confmig.Result, ver *confmig.Verification) error {
	problem := ver != nil && !ver.OK()
	for _, f := range res.Findings {
		if f.Severity == confmig.FailsBoot && res.Target != "" {
			problem = true
		}
	}
	if problem {
		return withCode(ExitProblem, errors.New(""))
	}
	return nil
}

// prefixColon makes "file:12:3: msg" out of a positioned error and
// "file: msg" out of any other.
func prefixColon(err error) error {
	if msg := err.Error(); msg != "" && msg[0] >= '0' && msg[0] <= '9' {
		return err
	}
	return fmt.Errorf(" %w", err)
}
