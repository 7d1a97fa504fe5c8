package confmig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/warren-sre/warren/erlterm"
)

// ServerDirEnv points --verify at a RabbitMQ installation other than the
// default Debian/RPM location.
const ServerDirEnv = "WARREN_RABBITMQ_SERVER_DIR"

// defaultServerGlob is where the Debian and RPM packages install the server.
const defaultServerGlob = "/usr/lib/rabbitmq/lib/rabbitmq_server-*"

// ErrNoRabbitMQ means no installed RabbitMQ server was found to verify with.
var ErrNoRabbitMQ = errors.New("no RabbitMQ installation found: --verify needs the server's " +
	"Cuttlefish schema files (install rabbitmq-server, or set " + ServerDirEnv + " to its rabbitmq_server-VERSION directory)")

// FindServer returns the rabbitmq_server-VERSION directory to use: dir if
// given, else $WARREN_RABBITMQ_SERVER_DIR, else the newest default install.
func FindServer(dir string) (string, error) {
	if dir == "" {
		dir = os.Getenv(ServerDirEnv)
	}
	if dir == "" {
		matches, _ := filepath.Glob(defaultServerGlob)
		if len(matches) == 0 {
			return "", ErrNoRabbitMQ
		}
		sort.Strings(matches)
		dir = matches[len(matches)-1]
	}
	schemas, _ := filepath.Glob(filepath.Join(dir, "plugins", "*", "priv", "schema", "*.schema"))
	if len(schemas) == 0 {
		return "", fmt.Errorf("%s has no plugins/*/priv/schema/*.schema files: %w", dir, ErrNoRabbitMQ)
	}
	return dir, nil
}

// cuttlefishSnippet maps a rabbitmq.conf with the server's own schema, as
// the node does at boot. Arguments come from -extra so that no path is
// interpolated into code. erlang_vm.schema (cuttlefish/priv) is left out
// by the glob, as RabbitMQ does. The marker separates the result from any
// output printed before it; the logger is silenced because Cuttlefish
// reports errors through it on stdout.
const cuttlefishSnippet = `logger:set_primary_config(level, none),
[Conf, Dir] = init:get_plain_arguments(),
Ebins = filelib:wildcard(Dir ++ "/plugins/cuttlefish-*/ebin") ++ filelib:wildcard(Dir ++ "/plugins/rabbitmq_prelaunch-*/ebin"),
ok = code:add_pathsa(Ebins),
Schemas = filelib:wildcard(Dir ++ "/plugins/*/priv/schema/*.schema"),
R = cuttlefish_generator:map(cuttlefish_schema:files(Schemas), cuttlefish_conf:files([Conf])),
io:format("~n` + resultMarker + `~n~p.~n", [R]),
halt(0).`

const resultMarker = "%%WARREN-CUTTLEFISH-RESULT%%"

// mapWithSchema runs erl and returns the app env terms for confText, or
// the {error, ...} term Cuttlefish answered with.
func mapWithSchema(ctx context.Context, serverDir, confText string) (erlterm.Term, error) {
	f, err := os.CreateTemp("", "warren-verify-*.conf")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(confText); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, erlBinary(), "-noshell", "-noinput", "-eval", cuttlefishSnippet,
		"-extra", f.Name(), serverDir)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("running erl with the Cuttlefish schema: %v: %s", err, lastLine(stderr.String()+out.String()))
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
