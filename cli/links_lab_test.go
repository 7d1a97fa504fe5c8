//go:build integration

package cli

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// enableMigrationPlugins turns on federation and shovel on every node of a
// lab, the way the blue-green plugin gate does.
func enableMigrationPlugins(t *testing.T, cfg lab.Config) {
	t.Helper()
	ex := executor.NewLocal(executor.Options{CommandTimeout: 2 * time.Minute})
	for _, n := range cfg.AllNodes() {
		cmds, err := steps.EnablePluginCommands(labPluginTools(cfg, n.Name), n.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cmds {
			if r := ex.Run(context.Background(), n.Name, c); !r.Succeeded() {
				t.Fatalf("%v on %s: exit %d %s\n%s", c.Argv, n.Name, r.ExitCode, r.Error, r.Stderr.Text)
			}
		}
	}
}

// A 3.10.8 cluster (Erlang 25) with a dynamic shovel whose source is an
// amqps URI without verify or cacertfile: checked for 4.0.5 (Erlang 26.2+)
// it is a blocker naming the shovel, never its password; checked for 3.11
// (still Erlang 25) nothing is said.
func TestCheckFlagsAmqpsShovelWithoutVerify(t *testing.T) {
	cfg := labtest.RequireVersion(t, "bxtls"+os.Getenv("WARREN_BX_LAB_SUFFIX"), "3.10", 1)
	enableMigrationPlugins(t, cfg)
	labtest.API(t, cfg, http.MethodPut, "parameters/shovel/%2F/bx-tls-out",
		`{"value":{"src-protocol":"amqp091","src-uri":"amqps://guest:s3cret@127.0.0.1:5999/%2F","src-queue":"bx-tls-src",`+
			`"dest-protocol":"amqp091","dest-uri":"amqp:///%2F","dest-queue":"bx-tls-dst"}}`)
	labtest.API(t, cfg, http.MethodPut, "parameters/federation-upstream/%2F/bx-verified",
		`{"value":{"uri":"amqps://127.0.0.1:5999?cacertfile=/etc/ca.pem&verify=verify_peer"}}`)

	r := check(t, cfg, "4.0.5")
	f := findFinding(r, model.CodeLinkTLSVerify, `shovel "bx-tls-out" in vhost "/", src-uri amqps://***@127.0.0.1:5999/%2F`)
	if f == nil || f.Severity != model.Blocker || r.OK {
		t.Fatalf("want a %s blocker naming the shovel, got %+v", model.CodeLinkTLSVerify, r.Findings)
	}
	all := f.Title + strings.Join(f.Evidence, "\n")
	if strings.Contains(all, "s3cret") || strings.Contains(all, "bx-verified") {
		t.Errorf("the finding shows the password or the upstream that sets verify:\n%s", all)
	}
	t.Logf("finding: %s\n%s", f.Title, strings.Join(f.Evidence, "\n"))

	if f := findFinding(check(t, cfg, "3.11.28"), model.CodeLinkTLSVerify, ""); f != nil {
		t.Errorf("3.11 stays on Erlang 25, yet: %+v", f)
	}
}
