package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// The cockpit resolves the target to name a new run directory, then opens
// the run: the password source must be read (and the operator prompted)
// only once.
func TestTargetResolvedOnce(t *testing.T) {
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := &targetFlags{}
	f.opts.URLs = []string{"http://rmq1:15672"}
	f.opts.Username = "ops"
	f.opts.PasswordFile = pwFile
	f.opts.Timeout = time.Second
	first, err := f.resolve()
	if err != nil {
		t.Fatalf("first resolve: %v", err)
	}
	if err := os.Remove(pwFile); err != nil {
		t.Fatal(err)
	}
	second, err := f.resolve()
	if err != nil {
		t.Fatalf("second resolve read the password source again: %v", err)
	}
	if second.Target.Password != first.Target.Password || second.Target.Name != first.Target.Name {
		t.Errorf("second resolve = %+v, want the first %+v", second.Target, first.Target)
	}
}

// The targets file's timeout was ignored: --timeout always had a value.
func TestTargetsFileTimeoutIsHonoured(t *testing.T) {
	file := filepath.Join(t.TempDir(), "targets.yaml")
	content := "targets:\n  prod:\n    username: guest\n    timeout: 7s\n    nodes:\n      - {url: \"http://rmq1:15672\"}\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want time.Duration
	}{
		{"the file's timeout", nil, 7 * time.Second},
		{"--timeout wins", []string{"--timeout", "3s"}, 3 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &targetFlags{}
			f.bind(&cobra.Command{Use: "status"})
			if err := f.flags.Parse(append([]string{"--target", "prod", "--targets-file", file}, tt.args...)); err != nil {
				t.Fatal(err)
			}
			res, err := f.resolve()
			if err != nil {
				t.Fatal(err)
			}
			if res.Target.Timeout != tt.want {
				t.Fatalf("timeout %v, want %v", res.Target.Timeout, tt.want)
			}
		})
	}
}

// An empty --password-file silently meant an empty password.
func TestEmptyPasswordFileIsAnError(t *testing.T) {
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := &targetFlags{}
	f.opts.URLs = []string{"http://rmq1:15672"}
	f.opts.Username = "ops"
	f.opts.PasswordFile = pwFile
	if _, err := f.resolve(); err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Fatalf("resolve with an empty password file: %v", err)
	}
}
