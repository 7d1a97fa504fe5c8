package steps

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

func TestStoppedAndStartedGates(t *testing.T) {
	down := model.Node{Name: "r2", State: model.NodeDown, Partitions: []string{}}
	tests := []struct {
		name    string
		check   func(string) func(context.Context, Env) Result
		node    model.Node
		nodeErr string
		want    Verdict
		summary string
	}{
		{"stopped passes when the cluster says down", stopped, down, "", Pass, "r2 is stopped"},
		{"stopped waits while it still runs", stopped, running("r2", "3.12.14"), "", Wait, "r2 is still running"},
		{"started passes when it runs", started, running("r2", "3.13.7"), "", Pass, "r2 is running"},
		{"started waits while it is down", started, down, "", Wait, "r2 has not started yet"},
		{"an unknown node fails", started, running("r9", "3.13.7"), "", Fail, "r2 is unknown"},
		{"no answer fails closed", stopped, down, "no node answered", Fail, "cannot tell whether r2 stopped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := healthyRolling()
			f.nodes = model.NodesSample{At: time.Now(), Err: tt.nodeErr,
				Value: []model.Node{running("r1", "3.13.7"), tt.node, running("r3", "3.12.14")}}
			res := tt.check("r2")(context.Background(), Env{Cluster: f})
			if res.Verdict != tt.want || !strings.Contains(res.Summary, tt.summary) {
				t.Fatalf("got %s %q, want %s %q (evidence %v)", res.Verdict, res.Summary, tt.want, tt.summary, res.Evidence)
			}
		})
	}
}
