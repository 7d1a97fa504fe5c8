package confmig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/warren-sre/warren/lab"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// ServerDirEnv points --verify at a RabbitMQ installation other than the
// default Debian/RPM location.
const ServerDirEnv = "WARREN_RABBITMQ_SERVER_DIR"

// ErrNoRabbitMQ means no RabbitMQ was found to verify with.
var ErrNoRabbitMQ = errors.New("no RabbitMQ installation found: --verify needs the server's " +
	"Cuttlefish schema files (install rabbitmq-server, build a lab root of the target series with " +
	"warren lab, or set " + ServerDirEnv + " to its rabbitmq_server-VERSION directory)")

// FindServer returns the RabbitMQ to verify with: dir if given, else
// $WARREN_RABBITMQ_SERVER_DIR, else one of the target's series (installed
// here, or in a lab release root, run there with chroot), else, without
// a target, the installed one.
func FindServer(dir, target string) (schema.Server, error) {
	if dir == "" {
		dir = os.Getenv(ServerDirEnv)
	}
	if dir != "" {
		if _, err := schema.Load(dir); err != nil {
			return schema.Server{}, fmt.Errorf("%v: %w", err, ErrNoRabbitMQ)
		}
		return schema.Server{Dir: dir, Version: schema.VersionOf(dir)}, nil
	}
	if target != "" {
		if s, ok := schema.FindSeries(target); ok {
			return s, nil
		}
		return schema.Server{}, fmt.Errorf("no RabbitMQ of the %s series here or under %s: %w", target, lab.RootsDir(), ErrNoRabbitMQ)
	}
	for _, s := range schema.Servers() {
		if s.Root == "" {
			return s, nil
		}
	}
	return schema.Server{}, ErrNoRabbitMQ
}

// cuttlefishSnippet maps a rabbitmq.conf read from stdin with the
// server's own schema, as the node does at boot. The server directory and
// the file-check mode come from -extra so that no path is interpolated
// into code, and the text from stdin so that nothing is written inside a
// release root. conf_parse:parse is what cuttlefish_conf:file does for a
// file whose keys are unique (warren never writes a key twice).
// erlang_vm.schema (cuttlefish/priv) is left out by the glob, as RabbitMQ
// does. Every plugin's ebin is on the path because 4.3's schemas load
// their apps. In skip-file-checks mode the validators that read the
// filesystem accept anything: a lab root does not hold the nodes'
// certificates. The marker separates the result from any output printed
// before it; the logger is silenced because Cuttlefish reports errors
// through it.
const cuttlefishSnippet = `logger:set_primary_config(level, none),
[Dir, Mode] = init:get_plain_arguments(),
ok = io:setopts(standard_io, [binary]),
ReadAll = fun Read(Acc) -> case io:get_chars('', 65536) of eof -> iolist_to_binary(lists:reverse(Acc)); Data when is_binary(Data) -> Read([Data | Acc]) end end,
Text = ReadAll([]),
ok = code:add_pathsa(filelib:wildcard(Dir ++ "/plugins/*/ebin")),
Schemas = filelib:wildcard(Dir ++ "/plugins/*/priv/schema/*.schema"),
{Ts, Ms, Vs0} = cuttlefish_schema:files(Schemas),
FileChecks = ["file_accessible", "pem_file", "dir_writable", "is_dir"],
Vs = case Mode of
    "` + skipFileChecks + `" -> [case lists:member(element(2, V), FileChecks) of true -> setelement(4, V, fun(_) -> true end); false -> V end || V <- Vs0];
    _ -> Vs0
end,
R = case conf_parse:parse(Text) of
    Conf when is_list(Conf) -> cuttlefish_generator:map({Ts, Ms, Vs}, Conf);
    Other -> {error, conf_parse, Other}
end,
io:format("~n` + resultMarker + `~n~p.~n", [R]),
halt(0).`

const skipFileChecks = "skip-file-checks"

const resultMarker = "%%WARREN-CUTTLEFISH-RESULT%%"

// mapWithSchema runs the server's Erlang and returns the app env terms for
// confText, or the {error, ...} term Cuttlefish answered with. A server in
// a release root runs with that root's own Erlang, through chroot: its
// modules are compiled for a newer Erlang than this machine's.
func mapWithSchema(ctx context.Context, srv schema.Server, confText string) (erlterm.Term, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := os.Stat(filepath.Join(srv.HostDir(), "plugins", "rabbit-"+srv.Version, "ebin")); err != nil {
		return nil, fmt.Errorf("RabbitMQ %s keeps its plugins in .ez archives, which --verify cannot read: %w", srv.Version, ErrNoRabbitMQ)
	}
	mode := "check-files"
	if srv.Root != "" {
		mode = skipFileChecks
	}
	args := []string{"-noshell", "-eval", cuttlefishSnippet, "-extra", srv.Dir, mode}
	cmd := exec.CommandContext(ctx, erlBinary(), args...)
	if srv.Root != "" {
		cmd = exec.CommandContext(ctx, "chroot", append([]string{srv.Root, "/usr/bin/erl"}, args...)...)
	}
	// No crash dump: it would be written into the working directory,
	// which inside a root is the root's /.
	cmd.Env = append(os.Environ(), "ERL_CRASH_DUMP_SECONDS=0")
	cmd.Dir = os.TempDir()
	cmd.Stdin = strings.NewReader(confText)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("running erl with the Cuttlefish schema of %s: %v: %s", srv.Version, err, lastLine(stderr.String()+out.String()))
	}
	_, result, found := strings.Cut(out.String(), resultMarker)
	if !found {
		return nil, fmt.Errorf("erl printed no Cuttlefish result: %s", lastLine(out.String()))
	}
	terms, err := erlterm.ParseFile([]byte(result))
	if err != nil || len(terms) != 1 {
		return nil, fmt.Errorf("reading Cuttlefish's answer: %v", err)
	}
	return terms[0], nil
}

// erlBinary is the Erlang runtime RabbitMQ runs on; packages put it in PATH.
func erlBinary() string {
	if p, err := exec.LookPath("erl"); err == nil {
		return p
	}
	return "erl" // exec then reports "executable file not found"
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
