package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// The knowledge audit's `warren plan` cases (issue 13), each with the
// source its answer rests on. hops: "from>to", "/F" marks a full-stop hop.
// want: a substring of the JSON (code 0/1) or of the error (code 2).
func TestPlanAuditCases(t *testing.T) {
	tests := []struct {
		args     string
		code     int
		hops     string
		warnings int
		want     string
	}{
		// release-notes/3.6.6.md and 3.6.7.md: those patches do not mix with
		// older ones; 3.13 docs' full-stop table: 3.6.x → 3.7.x / 3.8.x.
		{"--from 3.6.5 --erlang R16B03 --to 3.7.27", 0, "3.6.5>3.7.27/F", 0, `"timing": "during"`},
		{"--from 3.6.5 --erlang R16B03 --to 3.6.16", 0, "3.6.5>3.6.16/F", 0, "cluster shutdown"},
		{"--from 3.6.7 --erlang 19.3 --to 3.6.16", 0, "3.6.7>3.6.16", 0, ""},
		{"--from 3.6.16 --erlang 20.3 --to 3.8.35", 0, "3.6.16>3.8.35/F", 0, ""},
		// docs/upgrade.md: 3.7.18+ → 3.8; release-notes/3.7.28.md: the last 3.7;
		// which-erlang: 3.8.16+ needs 23.2, so 3.8.15 is the Erlang 22 stone.
		{"--from 3.7.17 --erlang 20.3 --to 3.8.35", 0, "3.7.17>3.7.28 3.7.28>3.8.15 3.8.15>3.8.35", 0, ""},
		{"--from 3.7.28 --erlang 22.3 --to 3.9.29", 0, "3.7.28>3.8.15 3.8.15>3.8.35 3.8.35>3.9.29", 0, ""},
		{"--from 3.8.15 --erlang 23.3 --to 3.9.29", 0, "3.8.15>3.8.35 3.8.35>3.9.29", 0, ""},
		// which-erlang: 3.9.13 runs up to 24.2; latest patch of every series.
		{"--from 3.9.13 --erlang 24.3 --to 4.2.1", 0,
			"3.9.13>3.9.27 3.9.27>3.9.29 3.9.29>3.10.25 3.10.25>3.11.28 3.11.28>3.12.14 3.12.14>3.13.7 3.13.7>4.2.1", 1, "first hop moves to a release"},
		{"--from 3.10.8 --erlang 25.2 --to 3.11", 0, "3.10.8>3.10.25 3.10.25>3.11.28", 0, "quorum_queue"},
		// docs/upgrade.md: 3.11.18 → 3.12.
		{"--from 3.11.17 --erlang 25.3 --to 3.12.0", 0, "3.11.17>3.11.28 3.11.28>3.12.0", 0, "feature_flags_v2"},
		// which-erlang: 3.11 tops out at 25.3.x (boot only checks the floor).
		{"--from 3.11.28 --erlang 26.2 --to 3.12.14", 0, "3.11.28>3.12.14", 1, "not supported on Erlang 26.2"},
		{"--from 3.11.28 --erlang 26.2 --to 3.11.28", 0, "", 1, "move Erlang into that range"},
		{"--from 3.12.13 --erlang 25.3 --to 3.13.7", 0, "3.12.13>3.12.14 3.12.14>3.13.7", 0, ""},
		// release-notes/4.0.1.md: no path from 3.12.14+ "straight to" 4.0 — through 3.13.
		{"--from 3.12.14 --erlang 26.2 --to 4.0.9", 0, "3.12.14>3.13.7 3.13.7>4.0.9", 0, "mqtt_v5"},
		// release-notes/4.0.1.md: 4.x from the latest available 3.13 patch.
		{"--from 3.13.0 --erlang 26.2 --to 4.0.9", 0, "3.13.0>3.13.7 3.13.7>4.0.9", 0, ""},
		{"--from 3.13.7 --to 4.0.9 --khepri", 1, "", 0, "NO_IN_PLACE_PATH"},
		// which-erlang: 4.2.9+ needs 27.0, 3.13 tops out at 26.2.x.
		{"--from 3.13.7 --erlang 26.2.5 --to 4.2", 0, "3.13.7>4.2.8 4.2.8>4.2.10", 0, ""},
		{"--from 3.13.7 --erlang 26.2.5 --to 4.3.5", 0, "3.13.7>4.2.8 4.2.8>4.2.10 4.2.10>4.3.5", 0, "khepri_db"},
		// blog 2025-02-07: 3.13.8 is commercial-only.
		{"--from 3.13.8 --erlang 26.2.5 --to 4.0.9", 0, "3.13.8>4.0.9", 1, "commercial-only"},
		{"--from 4.0.9 --erlang 27.1 --to 4.2", 0, "4.0.9>4.2.10", 0, ""},
		// Tags and the website's release list end 4.1 at 4.1.8.
		{"--from 4.1.3 --to 4.1", 0, "4.1.3>4.1.8", 0, ""},
		{"--from 4.1.3 --to 4.1.9", 0, "4.1.3>4.1.9", 1, "commercial-only"},
		{"--from 4.1.3 --to 4.3.5", 0, "4.1.3>4.1.8 4.1.8>4.2.10 4.2.10>4.3.5", 0, ""},
		// release-notes/4.3.0.md: latest 4.2 first; rabbit_mgmt_app.erl at v4.3.0.
		{"--from 4.2.8 --erlang 27.2 --to 4.3.0", 0, "4.2.8>4.2.10 4.2.10>4.3.0", 0, "detailed_queues_endpoint"},
		// Newer than the tables: the series' rules and a warning.
		{"--from 4.2.10 --erlang 27.2 --to 4.3.6", 0, "4.2.10>4.3.6", 1, "newer than warren's tables"},
		{"--from 4.3.5 --erlang 29.0 --to 4.3.6", 0, "4.3.5>4.3.6", 2, "Erlang 29.0 is newer"},
		{"--from 4.3.5 --to 4.4.0", 2, "", 0, "unknown RabbitMQ version 4.4.0"},
		// release-notes/3.10.3.md: never shipped.
		{"--from 3.10.2 --to 3.10.3", 2, "", 0, "never shipped"},
		{"--from 3.13.6 --to 3.13.7-rc1", 2, "", 0, "pre-release"},
		// release-notes/4.0.1.md: generic binaries of 4.0.1 report 4.0.0+2.
		{"--from 4.0.0+2 --to 4.0.9", 0, "4.0.1>4.0.9", 0, ""},
		{"--from 4.2.1 --to 3.13.7", 2, "", 0, "downgrades are not supported"},
		// which-erlang: 3.9.13 needs 23.2.
		{"--from 3.9.13 --erlang 22.3 --to 3.10.25", 2, "", 0, "does not run on Erlang 22.3"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			args := strings.Fields(tt.args)
			if tt.code != ExitError {
				args = append(args, "--json")
			}
			out, code := runPlanCmd(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			if code == ExitError {
				return
			}
			var got planJSON
			if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			var hops []string
			for _, h := range got.Hops {
				mark := ""
				if h.Strategy == "full-stop" {
					mark = "/F"
				}
				hops = append(hops, h.From+">"+h.To+mark)
			}
			if s := strings.Join(hops, " "); s != tt.hops {
				t.Errorf("hops %q, want %q", s, tt.hops)
			}
			if len(got.Warnings) != tt.warnings {
				t.Errorf("%d warnings, want %d: %q", len(got.Warnings), tt.warnings, got.Warnings)
			}
		})
	}
}
