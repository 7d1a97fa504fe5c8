package cli

import (
	"encoding/json"
	"github.com/warren-sre/warren/goldentest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

// Snapshots recorded from a 3-node 3.10.8 lab: healthy, and with node 2
// stopped.
func recordedSnapshot(t *testing.T, name string) model.Snapshot {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var s model.Snapshot
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func recordedCheck(t *testing.T, snapshot, to string) checkReport {
	t.Helper()
	target, err := model.ParseCheckTarget(to)
	if err != nil {
		t.Fatal(err)
	}
	facts := model.CheckFacts{Target: target, Snapshot: recordedSnapshot(t, snapshot), DeprecatedErr: "not recorded"}
	return checkReportOf(targetInfo{Name: "lab", TLSVerify: true}, facts, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
}

func recordedStatus(t *testing.T, snapshot string) statusReport {
	t.Helper()
	s := recordedSnapshot(t, snapshot)
	fs := statusFindings(s)
	return statusReport{Target: targetInfo{Name: "lab", TLSVerify: true}, Healthy: !model.HasBlocker(fs), Verdict: statusVerdict(fs), Findings: fs, Snapshot: s}
}

// Goldens of `warren check` and `warren status` in both languages, from
// recorded lab snapshots (go test ./cli -update rewrites them). In English
// no Chinese appears; in Chinese every finding title reads in Chinese.
func TestCheckAndStatusGoldens(t *testing.T) {
	cases := []struct {
		name  string
		print func(*strings.Builder, *i18n.Printer)
		codes []string
	}{
		{"check-lab-3.11.28", func(b *strings.Builder, tr *i18n.Printer) {
			printCheck(b, recordedCheck(t, "snapshot-lab.json", "3.11.28"), tr)
		}, nil},
		{"check-node2-down-4.0.9", func(b *strings.Builder, tr *i18n.Printer) {
			printCheck(b, recordedCheck(t, "snapshot-node2-down.json", "4.0.9"), tr)
		}, []string{"NODE_DOWN", "PATH_SKIPS_MINOR"}},
		{"status-lab", func(b *strings.Builder, tr *i18n.Printer) { printStatus(b, recordedStatus(t, "snapshot-lab.json"), tr) }, nil},
		{"status-node2-down", func(b *strings.Builder, tr *i18n.Printer) {
			printStatus(b, recordedStatus(t, "snapshot-node2-down.json"), tr)
		}, []string{"NODE_DOWN"}},
	}
	for _, c := range cases {
		for _, lang := range i18n.Langs {
			t.Run(c.name+"."+string(lang), func(t *testing.T) {
				var b strings.Builder
				c.print(&b, i18n.For(lang))
				out := b.String()
				if hasHan(out) != (lang == i18n.Chinese) {
					t.Errorf("Chinese in %s output = %v", lang, hasHan(out))
				}
				for _, code := range c.codes {
					if !strings.Contains(out, code) {
						t.Errorf("finding code %s missing (codes never change with the language)", code)
					}
				}
				goldentest.Assert(t, c.name+"."+string(lang)+".txt", out)
			})
		}
	}
}

// troubledFacts is the recorded lab with one thing wrong of each kind the
// checks know, so that their findings can be read in both languages.
func troubledFacts(t *testing.T, to string) model.CheckFacts {
	t.Helper()
	s := recordedSnapshot(t, "snapshot-lab.json")
	nodes := s.Nodes.Value
	nodes[0].MemAlarm = true
	nodes[1].DiskFree, nodes[1].DiskFreeLimit = 60_000_000, 50_000_000
	nodes[1].Partitions = []string{nodes[2].Name}
	nodes[2].MemUsed = nodes[2].MemLimit * 95 / 100
	nodes[2].RabbitVersion = "3.10.7"
	for i := range s.Flags.Value {
		if s.Flags.Value[i].Stability == "stable" {
			s.Flags.Value[i].State = "disabled"
			break
		}
	}
	s.Health.Value = append(s.Health.Value,
		model.HealthCheck{Node: nodes[0].Name, Check: "virtual-hosts", Reason: "vhost / is down"},
		model.HealthCheck{Node: nodes[1].Name, Check: "alarms", Error: "timeout"})
	s.Connections.Value = []model.Connection{
		{Name: "c1", Node: nodes[0].Name, Product: "amqplib", Version: "0.8.0", Platform: "Node.JS", Protocol: "AMQP 0-9-1", FrameMax: 4096},
	}
	target, err := model.ParseCheckTarget(to)
	if err != nil {
		t.Fatal(err)
	}
	return model.CheckFacts{Target: target, Snapshot: s, DeprecatedErr: "timeout",
		Policies: []model.Policy{{Name: "ha-all", VHost: "/", Pattern: ".*", Definition: map[string]any{"ha-mode": "all"}}},
		Queues:   []model.Queue{{Name: "tmp", VHost: "/", Durable: false, Exclusive: false}}}
}

// Every finding of the recorded and troubled checks has a Chinese title
// and remedy, and English renders back to the model's own words.
func TestFindingTitlesAreLocalised(t *testing.T) {
	zh, en := i18n.For(i18n.Chinese), i18n.For(i18n.English)
	reports := []checkReport{
		recordedCheck(t, "snapshot-lab.json", "3.11.28"), recordedCheck(t, "snapshot-lab.json", "4.0.9"),
		recordedCheck(t, "snapshot-node2-down.json", "4.3.5"), recordedCheck(t, "snapshot-lab.json", "3.10.8"),
	}
	for _, to := range []string{"3.11.28", "3.10.25", "4.1.8"} {
		reports = append(reports, checkReportOf(targetInfo{}, troubledFacts(t, to), time.Time{}))
	}
	codes := map[string]bool{}
	for _, r := range reports {
		for _, f := range r.Findings {
			codes[f.Code] = true
			if got := findingTitle(zh, f); !hasHan(got) {
				t.Errorf("%s: title not localised: %q", f.Code, f.Title)
			}
			if f.Remedy != "" && !hasHan(findingRemedy(zh, f)) {
				t.Errorf("%s: remedy not localised: %q", f.Code, f.Remedy)
			}
			if findingTitle(en, f) != f.Title || findingRemedy(en, f) != f.Remedy {
				t.Errorf("%s: English changed", f.Code)
			}
		}
	}
	t.Logf("%d finding codes sampled", len(codes))
	if len(codes) < 12 {
		t.Errorf("only %d finding codes sampled: %v", len(codes), codes)
	}
}

// check --json keeps title/remedy in English and the codes as they are;
// the localised fields come only with an explicit --lang.
func TestCheckJSONLocalisedOnlyOnRequest(t *testing.T) {
	r := recordedCheck(t, "snapshot-node2-down.json", "4.0.9")
	plain, _ := json.Marshal(localiseCheck(r, nil))
	if strings.Contains(string(plain), "_localized") || hasHan(string(plain)) {
		t.Errorf("JSON without --lang has localised text")
	}
	var got struct {
		Lang     string `json:"lang"`
		Blockers int    `json:"blockers"`
		Findings []struct {
			Code, Title, TitleLocalized string
			Remedy                      string
			RemedyLocalized             string `json:"remedy_localized"`
		} `json:"findings"`
	}
	zh, _ := json.Marshal(localiseCheck(r, i18n.For(i18n.Chinese)))
	if err := json.Unmarshal(zh, &got); err != nil {
		t.Fatal(err)
	}
	if got.Lang != "zh" || got.Blockers != r.Blockers || len(got.Findings) != len(r.Findings) {
		t.Fatalf("lang %q, %d blockers, %d findings", got.Lang, got.Blockers, len(got.Findings))
	}
	for i, f := range got.Findings {
		if f.Code != r.Findings[i].Code || f.Title != r.Findings[i].Title || f.Remedy != r.Findings[i].Remedy {
			t.Errorf("finding %d changed: %+v", i, f)
		}
		if f.Remedy != "" && !hasHan(f.RemedyLocalized) {
			t.Errorf("%s: no localised remedy", f.Code)
		}
	}
	if !strings.Contains(string(zh), `"title_localized"`) {
		t.Error("no title_localized")
	}
}
