package cli

import (
	"strings"
	"testing"
)

func TestJournalSecrets(t *testing.T) {
	tests := []struct {
		password string
		want     int
	}{{"", 0}, {"guest", 0}, {"s3cret", 1}}
	for _, tt := range tests {
		if got := journalSecrets(tt.password); len(got) != tt.want {
			t.Errorf("journalSecrets(%q) = %v, want %d secret(s)", tt.password, got, tt.want)
		}
	}
}

// Flags that cannot work are refused before a password prompt or a request.
func TestValidateOffline(t *testing.T) {
	tests := []struct {
		name   string
		f      runbookFlags
		follow bool
		want   string
	}{
		{"fine", runbookFlags{executor: "local", order: []string{"rabbit@a"}, to: "3.13.7"}, false, ""},
		{"unknown executor", runbookFlags{executor: "sshh"}, false, `--executor "sshh"`},
		{"a follower's executor does not matter", runbookFlags{executor: "sshh"}, true, ""},
		{"hostile node name in --order", runbookFlags{executor: "manual", order: []string{"rabbit@a; rm -rf /"}}, false, "--order"},
		{"--to that is no version", runbookFlags{executor: "manual", to: "latest"}, false, "--to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.validateOffline(tt.follow)
			if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func TestFixMirroredTo(t *testing.T) {
	tests := []struct {
		name, flag, recorded, want, wantErr string
	}{
		{"a new run records the default", "", "", "classic", ""},
		{"a new run records the choice", "quorum", "", "quorum", ""},
		{"a resumed run keeps its choice", "", "quorum", "quorum", ""},
		{"the same choice again", "quorum", "quorum", "quorum", ""},
		{"another choice mid-run", "classic", "quorum", "quorum", "cannot change mid-run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := greenFlags{mirroredTo: tt.flag}
			rc := runContext{MirroredTo: tt.recorded}
			err := g.fixMirroredTo(&rc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || rc.MirroredTo != tt.want || g.mirroredTo != tt.want {
				t.Errorf("run %q, flag %q (%v), want %q", rc.MirroredTo, g.mirroredTo, err, tt.want)
			}
		})
	}
}
