package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

// runPlanCmd runs `warren plan ARGS` and returns stdout and the exit code
// Execute would use.
func runPlanCmd(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := newPlanCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	if err == nil {
		return out.String(), ExitOK
	}
	var coded *exitError
	if errors.As(err, &coded) {
		return out.String() + coded.Error(), coded.code
	}
	return out.String() + err.Error(), ExitError
}

func TestPlanExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantText string
	}{
		{"plan found", []string{"--from", "3.9.13", "--to", "4.2.1", "--erlang", "24.3"}, ExitOK, "Hop 7: 3.13.7 → 4.2.1"},
		{"series target", []string{"--from", "4.0.9", "--to", "4.2", "--erlang", "27.1"}, ExitOK, "4.0.9 → 4.2.10"},
		{"Khepri on 3.13 blocks", []string{"--from", "3.13.7", "--to", "4.0.9", "--khepri"}, ExitProblem, "BLOCKED [NO_IN_PLACE_PATH]"},
		{"malformed from", []string{"--from", "3.9", "--to", "4.2.1"}, ExitError, "malformed RabbitMQ version"},
		{"unknown to", []string{"--from", "3.9.13", "--to", "4.7.0"}, ExitError, "unknown RabbitMQ version 4.7.0"},
		{"patch newer than the tables", []string{"--from", "4.2.10", "--to", "4.3.6", "--erlang", "27.2"}, ExitOK,
			"WARNING: RabbitMQ 4.3.6 is newer than warren's tables"},
		{"Erlang newer than the tables", []string{"--from", "4.3.5", "--to", "4.3.6", "--erlang", "29.0"}, ExitOK,
			"WARNING: Erlang 29.0 is newer than warren's tables"},
		{"malformed erlang", []string{"--from", "3.9.13", "--to", "4.2.1", "--erlang", "twenty"}, ExitError, "malformed Erlang/OTP version"},
		{"downgrade", []string{"--from", "4.2.1", "--to", "3.13.7"}, ExitError, "downgrades are not supported"},
		{"missing flags", []string{"--from", "4.2.1"}, ExitError, "needs both --from and --to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code := runPlanCmd(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d\n%s", code, tt.wantCode, out)
			}
			if !strings.Contains(out, tt.wantText) {
				t.Errorf("output lacks %q:\n%s", tt.wantText, out)
			}
		})
	}
}

func TestPlanJSONShape(t *testing.T) {
	out, code := runPlanCmd(t, "--from", "4.1.3", "--to", "4.3.5", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, out)
	}
	var got planJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.From != "4.1.3" || got.To != "4.3.5" || !got.ErlangAssumed || got.Erlang != "27.x" || got.Blocked {
		t.Errorf("header = %+v", got)
	}
	var hops []string
	for _, h := range got.Hops {
		hops = append(hops, h.From+">"+h.To)
	}
	if strings.Join(hops, " ") != "4.1.3>4.1.8 4.1.8>4.2.10 4.2.10>4.3.5" {
		t.Errorf("hops = %v", hops)
	}
	last := got.Hops[len(got.Hops)-1]
	if last.Index != 3 || last.ErlangMin != "27.0" || last.ErlangMax != "27.x" {
		t.Errorf("last hop = %+v", last)
	}
	kinds := map[string]bool{}
	for _, a := range last.Before {
		kinds[a.Kind] = true
	}
	if !kinds["enable_khepri"] || !kinds["confirm_feature_flags"] {
		t.Errorf("4.3 hop before-actions lack khepri/flags: %v", kinds)
	}
	if len(got.OneWayDoors) == 0 || !got.OneWayDoors[0].OneWay {
		t.Errorf("one_way_doors = %+v", got.OneWayDoors)
	}
	// Stable, documented field names: empty lists are [], never null.
	for _, field := range []string{`"blockers": []`, `"erlang_during"`, `"stepping_stone"`, `"one_way"`, `"timing"`} {
		if !strings.Contains(out, field) {
			t.Errorf("JSON lacks %s", field)
		}
	}
}

func TestPlanJSONBlocked(t *testing.T) {
	out, code := runPlanCmd(t, "--from", "3.13.7", "--to", "4.2.1", "--khepri", "--json")
	if code != ExitProblem {
		t.Fatalf("exit %d, want %d", code, ExitProblem)
	}
	var got planJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON (the blocked exit must print nothing else): %v\n%s", err, out)
	}
	if !got.Blocked || len(got.Blockers) != 1 || got.Blockers[0].Code != "NO_IN_PLACE_PATH" || !strings.Contains(got.Blockers[0].DocURL, "blue-green") {
		t.Errorf("blockers = %+v", got.Blockers)
	}
}

// The per-node safety commands exist from 3.8.3 (quorum-critical) and 3.8.8
// (drain): a plan must not tell a 3.7 operator to run them (issue 13 item 8).
func TestUpgradeLineNamesOnlyCommandsTheNodesHave(t *testing.T) {
	tests := []struct {
		from     string
		has, not []string
	}{
		{"3.7.27", []string{"stop", "install RabbitMQ 3.8.35"}, []string{"quorum-critical", "drain"}},
		{"3.8.3", []string{"check quorum-critical"}, []string{"drain"}},
		{"3.8.8", []string{"check quorum-critical", "drain"}, nil},
	}
	for _, tt := range tests {
		from, _ := model.ParseVersion(tt.from)
		line := upgradeLine(model.Hop{From: from, To: model.V(3, 8, 35), Strategy: model.Rolling}, i18n.For(i18n.English))
		for _, s := range tt.has {
			if !strings.Contains(line, s) {
				t.Errorf("from %s: %q lacks %q", tt.from, line, s)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(line, s) {
				t.Errorf("from %s: %q names %q", tt.from, line, s)
			}
		}
	}
}
