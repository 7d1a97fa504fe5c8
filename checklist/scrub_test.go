package checklist

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/steps"
)

func TestScrubString(t *testing.T) {
	s := &Scrubber{}
	s.Add("hunter2-cookie", "x") // "x" is too short to register
	cases := []struct{ in, want string }{
		{"amqp://guest:guest@host:5672/", "amqp://guest:[redacted]@host:5672/"},
		{"https://admin:s3cr%40t@mgmt:15672/api", "https://admin:[redacted]@mgmt:15672/api"},
		{"connect --password=pa55word now", "connect --password=[redacted] now"},
		{`{"token": "abc"}`, `{"token": "[redacted]"}`},
		{"cookie is hunter2-cookie", "cookie is [redacted]"},
		{"nothing secret, x marks the spot", "nothing secret, x marks the spot"},
	}
	for _, tc := range cases {
		if got := s.String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSecretsNeverReachTheJournal(t *testing.T) {
	dir := t.TempDir()
	secrets := []string{"Sup3r\"Secret\\pw", "hunter2-cookie", "flagvalue-77", "mappw-99", "urlpw-42"}
	rb := []steps.Step{{ID: "deploy", Phase: steps.Preparation, Title: "Deploy", Gate: true,
		Check: func(context.Context, steps.Env) steps.Result {
			return steps.Result{Verdict: steps.Pass, Summary: "erlang cookie hunter2-cookie matches",
				Evidence: []string{"amqp://warren:urlpw-42@n1:5672/"}}
		},
		Action: &steps.Action{Run: func(_ context.Context, e steps.Env) (string, error) {
			e.LogCommand(steps.CommandRun{Argv: []string{"rabbitmqadmin", "--password", "flagvalue-77"}, Stdout: "pw is Sup3r\"Secret\\pw"})
			return "", nil
		}},
	}}
	clock := newClock()
	opts := testOptions(clock)
	opts.Secrets = []string{secrets[0], secrets[1]}
	opts.Info.Target = "https://admin:urlpw-42@mgmt.example:15672"
	s, err := Open(dir, rb, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Dispatch(context.Background(), env(), "deploy", Confirmation{Yes: true}); err != nil {
		t.Fatal(err)
	}
	s.append(Record{Kind: KindNote, Fields: map[string]string{"password": "mappw-99", "node": "n1"}})

	data, _ := os.ReadFile(filepath.Join(dir, JournalFile))
	for _, secret := range secrets {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("secret %q is in the journal", secret)
		}
	}
	// JSON escaping must not hide a secret from the scrubber.
	if bytes.Contains(data, []byte(`Sup3r\"Secret`)) {
		t.Error("escaped secret is in the journal")
	}
	if !bytes.Contains(data, []byte(`"node":"n1"`)) || !strings.Contains(string(data), "rabbitmqadmin") {
		t.Error("scrubbing removed more than secrets")
	}
}

// With the password "rabbit", the scrubber rewrote step IDs and node names
// ("prep.backup.[redacted]@mq1"): the acknowledgement landed on a step that
// does not exist and the backup action was offered again and again.
// Identities are never scrubbed; the password is, wherever text carries it.
func TestScrubbingNeverRewritesIdentities(t *testing.T) {
	dir := t.TempDir()
	const id, node = "prep.backup.rabbit@mq1", "rabbit@mq1"
	rb := []steps.Step{{ID: id, Phase: steps.Preparation, Block: node, Title: "Back up " + node, Gate: true,
		Check: verdict(steps.Fail, "archive missing"),
		Action: &steps.Action{Run: func(_ context.Context, e steps.Env) (string, error) {
			e.LogCommand(steps.CommandRun{Node: node, Argv: []string{"tar", "-czf", "/b/x.tgz"}, Stdout: "the password is rabbit"})
			return "", nil
		}},
	}}
	clock := newClock()
	opts := testOptions(clock)
	opts.Secrets = []string{"rabbit"}
	s, err := Open(dir, rb, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dispatch(context.Background(), env(), id, Confirmation{Yes: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.Acknowledge(id, "alice", "archived by hand"); err != nil {
		t.Fatal(err)
	}
	live := s.State().Steps[id]
	s.Close()

	st, _, err := Replay(dir)
	if err != nil {
		t.Fatal(err)
	}
	replayed := st.Steps[id]
	for name, sr := range map[string]*StepRecord{"live": live, "replayed": replayed} {
		if sr == nil || sr.Status != Acknowledged || sr.Title != "Back up "+node {
			t.Fatalf("%s state of %s: %+v (steps %v)", name, id, sr, st.Steps)
		}
	}
	recs, _, _ := Records(dir)
	for _, r := range recs {
		if r.Command != nil && (r.Command.Node != node || strings.Contains(r.Command.Stdout, "is rabbit")) {
			t.Fatalf("command record %+v: node must stay, the password must go", r.Command)
		}
	}
}
