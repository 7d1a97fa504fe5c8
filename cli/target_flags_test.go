package cli

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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
