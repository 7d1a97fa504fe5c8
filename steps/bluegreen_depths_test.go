package steps

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/model"
)

// ReadyCounts answers from the fake's exact counts; a queue it has none
// for did not answer.
func (f fakeSide) ReadyCounts(_ context.Context, qs []model.Queue) (map[string]int64, error) {
	return answerReady(f.ready, f.readyErr, qs)
}

// answerReady is a fake ReadyCounts: err, or the counts ready has for qs
// (a queue without one did not answer).
func answerReady(ready map[string]int64, err error, qs []model.Queue) (map[string]int64, error) {
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, q := range qs {
		if n, ok := ready[q.Key()]; ok {
			out[q.Key()] = n
		}
	}
	return out, nil
}

// The comparison after the move judges exact counts, asked of the queues:
// a listing a statistics emission old neither hides a loss (it said green
// holds all 50 while the queue holds 40) nor invents one (it still said 0
// while the queue holds all 50). Without AMQP it judges the listing and
// says so.
func TestCompareJudgesTheQueuesOwnCounts(t *testing.T) {
	dir := t.TempDir()
	defs := `{"vhosts": [{"name": "shop"}], "queues": [{"name": "orders", "vhost": "shop", "durable": true, "arguments": {}}]}`
	if err := os.WriteFile(filepath.Join(dir, BGGreenDefsFile), []byte(defs), 0o600); err != nil {
		t.Fatal(err)
	}
	base := BGBaselineData{Blue: map[string]int64{"shop/orders": 50}, Green: map[string]int64{}, Sources: []string{"blue: exact"}}
	if err := saveJSON(dir, BGBaselineFile, base); err != nil {
		t.Fatal(err)
	}
	listing := func(ready int64) []model.Queue {
		return []model.Queue{{VHost: "shop", Name: "orders", Type: "classic", Messages: ready, Ready: ready}}
	}
	exact := func(n int64) map[string]int64 { return map[string]int64{"shop/orders": n} }
	noAMQP := errors.New("dial tcp: connection refused")
	tests := []struct {
		name        string
		blue, green fakeSide
		want        Verdict
		wantLine    string
	}{
		{"exact counts: all arrived", fakeSide{queues: listing(0), ready: exact(0)}, fakeSide{queues: listing(50), ready: exact(50)}, Pass,
			"ready counts asked of each queue over AMQP"},
		{"a stale listing hides a loss", fakeSide{queues: listing(0), ready: exact(0)}, fakeSide{queues: listing(50), ready: exact(40)}, Fail,
			"green 40 ready"},
		{"a stale listing invents one", fakeSide{queues: listing(0), ready: exact(0)}, fakeSide{queues: listing(0), ready: exact(50)}, Pass,
			"green 50 ready"},
		{"a stale listing hides messages left on blue", fakeSide{queues: listing(0), ready: exact(7)}, fakeSide{queues: listing(50), ready: exact(50)}, Wait,
			"blue now 7"},
		{"blue still lists messages: wait, nothing asked", fakeSide{queues: listing(5), readyErr: errors.New("asked")}, fakeSide{queues: listing(50), readyErr: errors.New("asked")}, Wait,
			"blue lists 5 messages"},
		{"no AMQP: the listing, said so", fakeSide{queues: listing(0), readyErr: noAMQP}, fakeSide{queues: listing(50), readyErr: noAMQP}, Pass,
			"from the statistics listing, up to one emission old (asking the queues over AMQP failed: dial tcp: connection refused)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v verdict
			compareMessages(context.Background(), BlueGreenConfig{RunDir: dir, Blue: tt.blue, Green: tt.green}, &v)
			r := v.result(Env{}, "pass", "fail", "wait")
			evidence := strings.Join(r.Evidence, "\n")
			if r.Verdict != tt.want || !strings.Contains(evidence, tt.wantLine) {
				t.Errorf("verdict %s, want %s with %q:\n%s", r.Verdict, tt.want, tt.wantLine, evidence)
			}
			if asked := strings.Contains(evidence, "over AMQP"); asked != (tt.blue.queues[0].Messages == 0) {
				t.Errorf("queues asked over AMQP: %v, want only once blue lists nothing:\n%s", asked, evidence)
			}
		})
	}
}

// The drain asks the queues once the listings read empty: a blue queue
// filled a moment before the shovels started lists 0 while it holds 25
// (the shovels were removed mid-move when the drain believed it), and a
// green queue that holds them all may still list 0.
func TestDrainAsksTheQueuesWhenTheListingReadsEmpty(t *testing.T) {
	dir := t.TempDir()
	defs := `{"vhosts": [{"name": "/"}], "queues": [{"name": "bs-orders", "vhost": "/", "durable": true, "arguments": {}}]}`
	if err := os.WriteFile(filepath.Join(dir, BGGreenDefsFile), []byte(defs), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := saveJSON(dir, BGShovelsFile, BGShovelRun{Source: map[string]int64{"//bs-orders": 25}, Dest: map[string]int64{"//bs-orders": 0}}); err != nil {
		t.Fatal(err)
	}
	empty := []model.Queue{{VHost: "/", Name: "bs-orders"}}
	exact := func(n int64) map[string]int64 { return map[string]int64{"//bs-orders": n} }
	tests := []struct {
		name        string
		blue, green map[string]int64
		want        Verdict
	}{
		{"blue still holds them", exact(25), exact(0), Wait},
		{"half moved", exact(12), exact(13), Wait},
		{"all on green, listings behind", exact(0), exact(25), Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := BlueGreenConfig{RunDir: dir, Blue: fakeSide{queues: empty, ready: tt.blue}, Green: fakeSide{queues: empty, ready: tt.green}}
			if r := emptied(cfg, forward(cfg))(context.Background(), Env{}); r.Verdict != tt.want {
				t.Errorf("verdict %s, want %s: %s %v", r.Verdict, tt.want, r.Summary, r.Evidence)
			}
		})
	}
}
