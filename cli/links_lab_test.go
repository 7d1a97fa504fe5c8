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

// A cluster with a dynamic shovel whose source is an amqps URI without
// verify or cacertfile, and a federation upstream that sets verify. Checked
// for a target that moves it from Erlang 25 or older to 26.2+ (3.8.9 on
// Erlang 23 and 3.10.8 on Erlang 25, to 4.0.5) it is a blocker naming the
// shovel, never its password; a target that keeps the Erlang side of the
// change (3.10.8 to 3.11, still Erlang 25; 4.0.5 already on 27, to 4.3.6)
// says nothing.
func TestCheckFlagsAmqpsShovelWithoutVerify(t *testing.T) {
	tests := []struct {
		series, blocker, quiet string
	}{
		{"3.8", "4.0.5", ""},
		{"3.10", "4.0.5", "3.11.28"},
		{"4.0", "", "4.3.6"},
	}
	for _, tt := range tests {
		t.Run(tt.series, func(t *testing.T) {
			cfg := labtest.RequireVersion(t, "bxtls"+strings.ReplaceAll(tt.series, ".", "")+os.Getenv("WARREN_BX_LAB_SUFFIX"), tt.series, 1)
			enableMigrationPlugins(t, cfg)
			labtest.API(t, cfg, http.MethodPut, "parameters/shovel/%2F/bx-tls-out",
				`{"value":{"src-protocol":"amqp091","src-uri":"amqps://guest:s3cret@127.0.0.1:5999/%2F","src-queue":"bx-tls-src",`+
					`"dest-protocol":"amqp091","dest-uri":"amqp:///%2F","dest-queue":"bx-tls-dst"}}`)
			labtest.API(t, cfg, http.MethodPut, "parameters/federation-upstream/%2F/bx-verified",
				`{"value":{"uri":"amqps://127.0.0.1:5999?cacertfile=/etc/ca.pem&verify=verify_peer"}}`)
			if tt.blocker != "" {
				requireLinkTLSBlocker(t, check(t, cfg, tt.blocker))
			}
			if tt.quiet != "" {
				if f := findFinding(check(t, cfg, tt.quiet), model.CodeLinkTLSVerify, ""); f != nil {
					t.Errorf("checked for %s, which keeps Erlang's TLS default, yet: %+v", tt.quiet, f)
				}
			}
		})
	}
}

func requireLinkTLSBlocker(t *testing.T, r checkReport) {
	t.Helper()
	f := findFinding(r, model.CodeLinkTLSVerify, `shovel "bx-tls-out" in vhost "/", src-uri amqps://***@127.0.0.1:5999/%2F`)
	if f == nil || f.Severity != model.Blocker || r.OK {
		t.Fatalf("want a %s blocker naming the shovel, got %+v", model.CodeLinkTLSVerify, r.Findings)
	}
	all := f.Title + strings.Join(f.Evidence, "\n")
	if strings.Contains(all, "s3cret") || strings.Contains(all, "bx-verified") {
		t.Errorf("the finding shows the password or the upstream that sets verify:\n%s", all)
	}
	t.Logf("finding: %s\n%s", f.Title, strings.Join(f.Evidence, "\n"))
}
