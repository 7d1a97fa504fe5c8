package cli

// warren config convert FILE [-o rabbitmq.conf] [--advanced advanced.config]
//                            [--to VERSION] [--verify] [--json] [--force]
//
// Offline: translates a classic Erlang-term rabbitmq.config into
// rabbitmq.conf plus advanced.config and reports every setting's fate.
// Keys, datatypes and --verify come from RabbitMQ's own Cuttlefish schema
// of the --to version: installed here, in a lab release root, or (keys
// only) the table warren ships.
// Exit codes: 0 converted (and, with --verify, every setting equivalent);
// 1 converted but a setting differs under --verify, or a setting was not
// written because --to fails on it or replaced it; 2 bad input, existing
// output file, or verify impossible.
//
// JSON shape (--json); secret values are never included:
//
//	{
//	  "source": "rabbitmq.config", "conf_file": "rabbitmq.conf",
//	  "advanced_file": "advanced.config",   // omitted when nothing needs it
//	  "target": "4.0", "schema_version": "4.0.5",
//	  "schema_source": "the schema files of ...",   // or "warren's table of ..."
//	  "entries": [{"app": "rabbit", "key": "tcp_listeners", "line": 3,
//	               "status": "converted", "conf": [{"key": "listeners.tcp.1", "value": "5672"}]},
//	              {"app": "rabbit", "key": "log_levels", "line": 4, "status": "converted",
//	               "conf": [...], "note": "lager-era log_levels ..."},
//	              {"app": "rabbit", "key": "x", "line": 9, "status": "advanced", "reason": "..."},
//	              {"app": "rabbitmq_mqtt", "key": "default_user", "line": 12, "status": "dropped",
//	               "conf": [...], "reason": "not written: ... replaced by anonymous_login_user ..."}],
//	  "findings": [{"key": "mqtt.subscription_ttl", "severity": "fails-boot", "since": "3.13.0",
//	                "message": "...", "source": "facts §4.3 (...)"}],
//	  "verification": {"server_dir": "...", "root": "...", "version": "4.0.5", "files_unchecked": true,
//	                   "checks": [{"app", "key", "status", "original", "generated", "note"}],
//	                   "rejected": ["..."], "added": ["..."]}
//	}

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/confmig"
	"github.com/warren-sre/warren/lab"
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

Keys and datatypes come from RabbitMQ's own Cuttlefish schema of the --to
version (without --to, of the RabbitMQ installed here): its schema files
when that version is installed or built as a lab release root (warren lab),
otherwise the table of that version's schema that warren ships.

--to VERSION converts for that version: settings it fails on or replaced are
not written (the report says what replaces them); keys it no longer has stay
in advanced.config, named. Lager-era log_levels become log.<category>.level.
--verify maps the generated rabbitmq.conf back to Erlang terms with the
target version's own Cuttlefish schema (installed under
/usr/lib/rabbitmq/lib/rabbitmq_server-*, or in a lab release root under
` + lab.RootsDir() + ` run there with chroot, or --rabbitmq-dir, or
$` + confmig.ServerDirEnv + `) and compares the result with the original,
setting by setting.`,
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
	Source        string                `json:"source"`
	ConfFile      string                `json:"conf_file"`
	AdvancedFile  string                `json:"advanced_file,omitempty"`
	Target        string                `json:"target,omitempty"`
	SchemaVersion string                `json:"schema_version"`
	SchemaSource  string                `json:"schema_source"`
	Entries       []confmig.Entry       `json:"entries"`
	Findings      []confmig.Finding     `json:"findings"`
	Verification  *confmig.Verification `json:"verification,omitempty"`
}

func runConvert(ctx context.Context, out io.Writer, path string, f convertFlags) error {
	src, err := safefile.Read(path, safefile.ConfigLimit)
	if err != nil {
		return withCode(ExitError, err)
	}
	s, schemaSource, err := confmig.SchemaFor(f.target, true)
	if err != nil {
		return withCode(ExitError, err)
	}
	res, err := confmig.Convert(src, confmig.Options{Target: f.target, Source: filepath.Base(path), Schema: s})
	if err != nil {
		return withCode(ExitError, fmt.Errorf("%s:%w", path, prefixColon(err)))
	}
	if f.advanced == "" {
		f.advanced = filepath.Join(filepath.Dir(f.output), "advanced.config")
	}
	var ver *confmig.Verification
	if f.verify {
		if ver, err = verifyConversion(ctx, res, f.serverDir, f.target); err != nil {
			return withCode(ExitError, err)
		}
	}
	report := convertReport{Source: path, ConfFile: f.output, Target: f.target, SchemaSource: schemaSource, SchemaVersion: res.SchemaVersion,
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

func verifyConversion(ctx context.Context, res confmig.Result, dir, target string) (*confmig.Verification, error) {
	srv, err := confmig.FindServer(dir, target)
	if errors.Is(err, confmig.ErrNoRabbitMQ) && dir == "" && target != "" && buildRootFor(ctx, target) {
		srv, err = confmig.FindServer(dir, target)
	}
	if err != nil {
		return nil, err
	}
	v, err := confmig.Verify(ctx, res, srv)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	return &v, nil
}

// buildRootFor builds the lab release root that ships target's series when
// neither this machine nor a built root has it, so --verify can run that
// version's own Cuttlefish (what `warren lab up --version` would build).
// It reports whether a root was built; a series no Debian release ships,
// or the host's own, is left to FindServer's message.
func buildRootFor(ctx context.Context, target string) bool {
	if os.Getenv(confmig.ServerDirEnv) != "" {
		return false
	}
	rel, err := lab.ReleaseFor(target)
	if err != nil || rel.Series == lab.HostSeries() {
		return false
	}
	fmt.Fprintf(os.Stderr, "warren: no RabbitMQ %s here: building the Debian %s release root for --verify (about a minute, once)\n", rel.Series, rel.Codename)
	if _, err := lab.RootOf(rel).Ensure(ctx, false, func(s string) { fmt.Fprintln(os.Stderr, "warren: "+s) }); err != nil {
		fmt.Fprintf(os.Stderr, "warren: %v\n", err)
		return false
	}
	return true
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
	fmt.Fprintf(out, " (mode 0600) from %s.\nKeys and datatypes from %s.\n", r.Source, r.SchemaSource)
	confmig.WriteReport(out, res, r.Verification)
	return nil
}

// convertVerdict: exit 1 when verify found a difference or a setting was
// not written (the target fails on it or replaced it): the operator has
// something to do.
func convertVerdict(res confmig.Result, ver *confmig.Verification) error {
	problem := ver != nil && !ver.OK()
	for _, e := range res.Entries {
		if e.Status == confmig.Dropped {
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
