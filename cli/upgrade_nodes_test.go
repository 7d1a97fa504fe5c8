package cli

import (
	"strings"
	"testing"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/targets"
)

// A targets-file entry's tools block is how the rolling steps run the CLI
// on its nodes; a target given by URLs uses PATH.
func TestNodePlansUseTheTargetsToolsBlock(t *testing.T) {
	entry := &targets.Entry{Tools: executor.ToolSettings{Dir: "/usr/lib/rabbitmq/bin", Env: map[string]string{"HOME": "/var/lib/rabbitmq"}}}
	tests := []struct {
		name     string
		res      targets.Resolved
		wantArgv string
		wantHome string
	}{
		{"targets-file entry with tools", targets.Resolved{Entry: entry}, "/usr/lib/rabbitmq/bin/rabbitmq-upgrade -n rabbit@h1 drain", "/var/lib/rabbitmq"},
		{"target by URLs", targets.Resolved{}, "rabbitmq-upgrade -n rabbit@h1 drain", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := newNodePlans(&runbookFlags{executor: executor.KindManual, to: "3.10.8"}, tt.res, runContext{})
			if err != nil {
				t.Fatal(err)
			}
			cmds, err := p.tools.Drain("rabbit@h1")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(cmds[0].Argv, " "); got != tt.wantArgv || cmds[0].Env["HOME"] != tt.wantHome {
				t.Fatalf("drain %q with HOME %q, want %q with %q", got, cmds[0].Env["HOME"], tt.wantArgv, tt.wantHome)
			}
		})
	}
}
