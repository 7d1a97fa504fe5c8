package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/checklist"
)

// config convert wrote over its own source with -o FILE, lost rabbitmq.conf
// with -o X --advanced X, and left a half-written pair when --advanced could
// not be written. Outputs that collide are refused before anything is
// written, and the pair is published only when both are written.
func TestConfigConvertRefusesCollidingOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "rabbitmq.config")
	if err := os.WriteFile(in, []byte(classicConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.conf")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "no-such-dir") // unwritable, even for root
	conf := filepath.Join(dir, "rabbitmq.conf")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"-o is the source", []string{"-o", in, "--force"}, "also an input"},
		{"-o is a link to the source", []string{"-o", link, "--force"}, "also an input"},
		{"--advanced is the source", []string{"-o", conf, "--advanced", in, "--force"}, "also an input"},
		{"-o and --advanced are one file", []string{"-o", conf, "--advanced", conf}, "same file"},
		{"-o and --advanced are one file, spelled differently", []string{"-o", conf, "--advanced", filepath.Join(dir, ".", "rabbitmq.conf")}, "same file"},
		{"--advanced cannot be written", []string{"-o", conf, "--advanced", filepath.Join(missing, "advanced.config")}, "advanced.config"},
		{"-o is a device", []string{"-o", os.DevNull, "--force"}, "not a regular file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := runConfigConvert(t, append([]string{in}, c.args...)...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want %q\n%s", err, c.want, out)
			}
			if data, _ := os.ReadFile(in); string(data) != classicConfig {
				t.Fatalf("the source was changed: %q", data)
			}
			if _, err := os.Stat(conf); err == nil {
				t.Fatalf("%s was written although the conversion was refused", conf)
			}
		})
	}
}

// journal export -o overwrote anything without asking, the run's own
// journal included.
func TestJournalExportNeverOverwritesTheRun(t *testing.T) {
	run := t.TempDir()
	s, err := checklist.Open(run, nil, checklist.Options{Info: checklist.RunInfo{Target: "lab", To: "3.11.28"}})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	journal := filepath.Join(run, checklist.JournalFile)
	before, _ := os.ReadFile(journal)
	elsewhere := t.TempDir()
	link := filepath.Join(elsewhere, "report.md")
	if err := os.Symlink(journal, link); err != nil {
		t.Fatal(err)
	}
	existing := filepath.Join(elsewhere, "old.md")
	if err := os.WriteFile(existing, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	export := func(args ...string) error {
		root := newRootCmd()
		root.SetArgs(append([]string{"journal", "export", run}, args...))
		return root.Execute()
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"the journal itself", []string{"-o", journal, "--force"}, "also an input"},
		{"a link to the journal", []string{"-o", link, "--force"}, "also an input"},
		{"an existing report without --force", []string{"-o", existing}, "--force"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := export(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want %q", err, c.want)
			}
			if data, _ := os.ReadFile(journal); string(data) != string(before) {
				t.Fatal("the journal was changed")
			}
		})
	}
	if err := export("-o", existing, "--force"); err != nil {
		t.Fatalf("--force over an old report: %v", err)
	}
	if data, _ := os.ReadFile(existing); !strings.HasPrefix(string(data), "#") {
		t.Fatalf("the report was not written: %q", data)
	}
}

// config convert /dev/zero read until memory ran out.
func TestConfigConvertRefusesWhatIsNotAConfigFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rabbitmq.conf")
	if _, err := runConfigConvert(t, os.DevNull, "-o", out); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("convert %s: %v", os.DevNull, err)
	}
}
