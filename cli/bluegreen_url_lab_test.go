//go:build integration

package cli

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// lastCheck is the last journaled check of one step.
func lastCheck(t *testing.T, dir, step string) *steps.Result {
	t.Helper()
	recs, _, err := checklist.Records(dir)
	if err != nil {
		t.Fatalf("journal: %v", err)
	}
	var last *steps.Result
	for _, r := range recs {
		if r.Kind == checklist.KindCheck && r.Step == step && r.Result != nil {
			last = r.Result
		}
	}
	return last
}

func findingWith(r *steps.Result, code string, sev model.Severity, text string) bool {
	if r == nil {
		return false
	}
	for _, f := range r.Findings {
		if f.Code == code && f.Severity == sev && strings.Contains(f.Title+"\n"+strings.Join(f.Evidence, "\n"), text) {
			return true
		}
	}
	return false
}

// Both clusters named by URLs, as outside a lab: blue by --url and
// --amqp-url, green by --green-url (its one node), --green-amqp-url,
// --green-user and --green-password-env — a user of green's own, not
// guest. Blue (3.10.8) holds a user whose password hash comes from a
// module RabbitMQ does not ship and a lazy queue. The run reaches green
// through the flags (inventory, version, plugins, baseline), the
// queue-argument gate passes with its note for 4.0, and the run stops at
// the hashing gate naming the user.
func TestBlueGreenGreenURLAndCompatibilityFindings(t *testing.T) {
	sfx := os.Getenv("WARREN_BX_LAB_SUFFIX")
	blue := labtest.RequireVersion(t, "bxblue"+sfx, "3.10", 1)
	green := labtest.RequireVersion(t, "bxgreen"+sfx, "4.0", 1)
	enableMigrationPlugins(t, green)
	labtest.API(t, green, http.MethodPut, "users/bx-admin", `{"password":"bx-green-secret","tags":"administrator"}`)
	labtest.API(t, green, http.MethodPut, "permissions/%2F/bx-admin", `{"configure":".*","write":".*","read":".*"}`)
	// SHA-256 of the salt and a password, as RabbitMQ stores it; the module
	// name is what matters: green has no rabbit_password_hashing_bcrypt.
	labtest.API(t, blue, http.MethodPut, "users/bx-legacy",
		`{"password_hash":"kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR","hashing_algorithm":"rabbit_password_hashing_bcrypt","tags":""}`)
	labtest.API(t, blue, http.MethodPut, "queues/%2F/bx-lazy", `{"durable":true,"arguments":{"x-queue-mode":"lazy"}}`)

	t.Setenv("BX_GREEN_PASSWORD", "bx-green-secret")
	runDir := t.TempDir()
	t.Setenv("BX_BLUE_PASSWORD", "guest")
	code := runCLI("upgrade", "--to", "4.0.5", "--url", blue.Node(1).MgmtURL(), "--amqp-url", blue.Node(1).AMQPURL(),
		"--user", "guest", "--password-env", "BX_BLUE_PASSWORD",
		"--green-url", green.Node(1).MgmtURL(), "--green-amqp-url", green.Node(1).AMQPURL(),
		"--green-user", "bx-admin", "--green-password-env", "BX_GREEN_PASSWORD",
		"--run", runDir, "--executor", "local", "--yes", "--poll", "1s", "--wait-timeout", "20s", "--canary-window", "10s")
	if code != ExitProblem {
		t.Fatalf("exit %d, want %d (blocked at the hashing gate)", code, ExitProblem)
	}
	if r := lastCheck(t, runDir, steps.BGClusters); r == nil || r.Verdict != steps.Pass {
		t.Fatalf("green's inventory through --green-url: %+v", r)
	}
	if r := lastCheck(t, runDir, steps.BGGreenVersion); r == nil || r.Verdict != steps.Pass {
		t.Fatalf("green's version through --green-url: %+v", r)
	}
	h := lastCheck(t, runDir, steps.BGCompatHashing)
	if h == nil || h.Verdict != steps.Fail || !findingWith(h, model.CodeBGPasswordHashing, model.Blocker, `user "bx-legacy" is hashed with rabbit_password_hashing_bcrypt`) {
		t.Fatalf("hashing gate: %+v", h)
	}
	q := lastCheck(t, runDir, steps.BGCompatQueueArgs)
	if q == nil || q.Verdict != steps.Pass || !findingWith(q, model.CodeBGQueueArguments, model.Info, "queue bx-lazy in vhost / declared with x-queue-mode=lazy") {
		t.Fatalf("queue-argument gate: %+v", q)
	}
	t.Logf("hashing gate: %s\nqueue arguments: %s", h.Summary, q.Findings[0].Title)
}
