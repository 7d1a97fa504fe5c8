//go:build integration

package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/lab/labtest"
)

// buildWarren compiles the real binary once per test binary.
func buildWarren(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "warren")
	out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func TestLabStatusNeverShowsTheCredentials(t *testing.T) {
	cfg := labtest.Require(t)
	bin := buildWarren(t)
	const user, secret = "warren-test-admin", "S3cret-Do-Not-Print-77"
	labtest.API(t, cfg, http.MethodPut, "users/"+user, `{"password":"`+secret+`","tags":"administrator"}`)
	labtest.API(t, cfg, http.MethodPut, "permissions/%2F/"+user, `{"configure":".*","write":".*","read":".*"}`)
	t.Cleanup(func() { labtest.API(t, cfg, http.MethodDelete, "users/"+user, "") })
	url := cfg.Node(1).MgmtURL()

	cases := []struct {
		name string
		args []string
		env  []string
	}{
		{"password from the environment", []string{"status", "--json", "--url", url, "-u", user}, []string{"WARREN_PASSWORD=" + secret}},
		{"password in the URL", []string{"status", "--json", "--url", strings.Replace(url, "://", "://"+user+":"+secret+"@", 1)}, nil},
		{"password from a file", []string{"status", "--json", "--url", url, "-u", user, "--password-file", writeSecret(t, secret)}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Env = append(os.Environ(), tc.env...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if code := exitCode(err); code != 0 && code != 1 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
				if strings.Contains(out, secret) {
					t.Fatalf("%s contains the password:\n%s", name, out)
				}
			}
			var report statusReport
			if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
				t.Fatalf("stdout is not the JSON report: %v", err)
			}
			if report.Target.Username != user || len(report.Snapshot.Nodes.Value) != cfg.Nodes {
				t.Fatalf("report target %+v with %d nodes", report.Target, len(report.Snapshot.Nodes.Value))
			}
		})
	}
}

func TestLabStatusBadInputIsOneClearLine(t *testing.T) {
	cfg := labtest.Require(t)
	bin := buildWarren(t)
	url := cfg.Node(1).MgmtURL()
	cases := []struct {
		name, want string
		args       []string
		env        []string
	}{
		{"wrong password", "wrong username or password", []string{"status", "--url", url, "-u", "guest"}, []string{"WARREN_PASSWORD=nope"}},
		{"unreachable node", "connection refused", []string{"status", "--url", "http://127.0.0.1:1"}, nil},
		{"https against http", "listener speaks plain HTTP", []string{"status", "--url", strings.Replace(url, "http://", "https://", 1)}, nil},
		{"not a URL", "must look like", []string{"status", "--url", "rabbit1:15672"}, nil},
		{"malformed targets file", "malformed", []string{"status", "--target", "prod", "--targets-file", writeSecret(t, "targets: [oops")}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, append(tc.args, "--canary", "0")...)
			cmd.Env = append(os.Environ(), tc.env...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			if code := exitCode(err); code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %s", code, stderr.String())
			}
			msg := strings.TrimSpace(stderr.String())
			if !strings.Contains(msg, tc.want) || strings.Contains(msg, "goroutine") {
				t.Fatalf("stderr %q does not say %q plainly", msg, tc.want)
			}
		})
	}
}

func writeSecret(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
