package steps

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

// fakeCluster answers the preparation reads from fields; the embedded
// Cluster leaves the other phases' methods unimplemented (nil).
type fakeCluster struct {
	Cluster
	defs     []byte
	live     model.DefinitionCounts
	policies []model.Policy
	queues   []model.Queue
	used     []string
	baseline model.CanaryStats
	// baselines, when set, are returned one per measurement instead.
	baselines []model.CanaryStats
	err       error
	// ready are the queues' own counts (ReadyCounts); readyErr fails it.
	ready    map[string]int64
	readyErr error
	asks     int
}

func (f *fakeCluster) ReadyCounts(_ context.Context, qs []model.Queue) (map[string]int64, error) {
	f.asks++
	return answerReady(f.ready, f.readyErr, qs)
}

func (f *fakeCluster) Policies(context.Context) ([]model.Policy, error) { return f.policies, f.err }
func (f *fakeCluster) DeprecatedFeaturesUsed(context.Context) ([]string, bool, error) {
	return f.used, f.used != nil, f.err
}
func (f *fakeCluster) AllQueues(context.Context) ([]model.Queue, error)   { return f.queues, f.err }
func (f *fakeCluster) QueueDepths(context.Context) ([]model.Queue, error) { return f.queues, f.err }
func (f *fakeCluster) ExportDefinitions(context.Context) ([]byte, error)  { return f.defs, f.err }
func (f *fakeCluster) LiveDefinitionCounts(context.Context) (model.DefinitionCounts, error) {
	return f.live, f.err
}
func (f *fakeCluster) MeasureBaseline(context.Context, time.Duration) (model.CanaryStats, error) {
	if len(f.baselines) > 0 {
		b := f.baselines[0]
		f.baselines = f.baselines[1:]
		return b, f.err
	}
	return f.baseline, f.err
}

const sampleDefs = `{"users":[{"name":"guest","password_hash":"x"}],"vhosts":[{"name":"/"}],"permissions":[{"user":"guest"}],
"policies":[],"queues":[{"name":"a"},{"name":"b"}],"exchanges":[{"name":"x"}],"bindings":[{"source":"x"}]}`

var sampleCounts = model.DefinitionCounts{VHosts: 1, Users: 1, Permissions: 1, Queues: 2, Exchanges: 1, Bindings: 1}

var clock = func() time.Time { return time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC) }

func TestDefinitionsBackupVerification(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(dir string)
		live    model.DefinitionCounts
		want    Verdict
		summary string
	}{
		{"verified", func(string) {}, sampleCounts, Pass, "verified"},
		{"live cluster differs", func(string) {}, model.DefinitionCounts{VHosts: 1, Users: 1, Permissions: 1, Queues: 3, Exchanges: 1, Bindings: 1}, Fail, "does not match"},
		{"file readable by others", func(dir string) { os.Chmod(filepath.Join(dir, DefinitionsFile), 0o644) }, sampleCounts, Fail, "must be 0600"},
		{"file changed after export", func(dir string) {
			os.WriteFile(filepath.Join(dir, DefinitionsFile), []byte(strings.Replace(sampleDefs, `"a"`, `"c"`, 1)), 0o600)
		}, sampleCounts, Fail, "changed since"},
		{"no sha256 record", func(dir string) { os.Remove(filepath.Join(dir, DefinitionsSum)) }, sampleCounts, Fail, "no recorded sha256"},
		{"never exported", func(dir string) { os.Remove(filepath.Join(dir, DefinitionsFile)) }, sampleCounts, Fail, "no definitions backup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fake := &fakeCluster{defs: []byte(sampleDefs), live: sampleCounts}
			step := definitionsStep(PrepConfig{RunDir: dir}.withDefaults())
			out, err := step.Action.Run(context.Background(), Env{Cluster: fake})
			if err != nil || !strings.Contains(out, "2 queues") {
				t.Fatalf("export: %q, %v", out, err)
			}
			tt.tamper(dir)
			fake.live = tt.live
			res := step.Check(context.Background(), Env{Cluster: fake, Now: clock})
			if res.Verdict != tt.want || !strings.Contains(res.Summary, tt.summary) {
				t.Fatalf("got %s %q, want %s containing %q (evidence %v)", res.Verdict, res.Summary, tt.want, tt.summary, res.Evidence)
			}
		})
	}
}

func TestDefinitionsExportRecordsShaAndMode(t *testing.T) {
	dir := t.TempDir()
	if _, err := exportDefinitions(context.Background(), dir, &fakeCluster{defs: []byte(sampleDefs), live: sampleCounts}); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, DefinitionsFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", info.Mode(), err)
	}
	sum := sha256.Sum256([]byte(sampleDefs))
	rec, _ := os.ReadFile(filepath.Join(dir, DefinitionsSum))
	if !strings.HasPrefix(string(rec), hex.EncodeToString(sum[:])+"  "+DefinitionsFile) {
		t.Fatalf("sha256 record %q", rec)
	}
}

func TestDefinitionsExportGivesUpWhileClusterMoves(t *testing.T) {
	moving := &fakeCluster{defs: []byte(sampleDefs), live: model.DefinitionCounts{VHosts: 1}}
	if _, err := exportDefinitions(context.Background(), t.TempDir(), moving); err == nil || !strings.Contains(err.Error(), "kept changing") {
		t.Fatalf("want a kept-changing error, got %v", err)
	}
	if _, err := exportDefinitions(context.Background(), t.TempDir(), &fakeCluster{err: errors.New("HTTP 500")}); err == nil {
		t.Fatal("an export error must surface")
	}
}

func snapshot() model.Snapshot {
	at := clock()
	var s model.Snapshot
	s.Nodes = model.NodesSample{At: at, Value: []model.Node{{Name: "rabbit@a", State: model.NodeRunning, Running: true, RabbitVersion: "3.10.8",
		EnabledPlugins: []string{"rabbitmq_management"}, ConfigFiles: []string{"/etc/rabbitmq/rabbitmq.conf"}, DataDir: "/var/lib/rabbitmq/mnesia/rabbit@a",
		MemUsed: 1, MemLimit: 100, DiskFree: 100 << 30, DiskFreeLimit: 1 << 20, Partitions: []string{}}}}
	s.Overview = model.OverviewSample{At: at, Value: model.Overview{ClusterName: "prod", RabbitVersion: "3.10.8", ErlangVersion: "25.2", ServedBy: "rabbit@a", Messages: 42, Queues: 2}}
	s.Flags = model.FlagsSample{At: at, Value: []model.FeatureFlag{{Name: "quorum_queue", State: "enabled", Stability: "stable"}}}
	s.Health = model.HealthSample{At: at}
	s.Connections = model.ConnectionsSample{At: at}
	return s
}

func TestInventoryIsSaved(t *testing.T) {
	dir := t.TempDir()
	step := inventoryStep(PrepConfig{RunDir: dir, Now: clock}.withDefaults())
	res := step.Check(context.Background(), Env{Snapshot: snapshot(), Cluster: &fakeCluster{live: sampleCounts}, Now: clock})
	if res.Verdict != Pass {
		t.Fatalf("%s: %s", res.Verdict, res.Summary)
	}
	var inv Inventory
	if err := readJSONFile(filepath.Join(dir, InventoryFile), &inv); err != nil {
		t.Fatal(err)
	}
	n := inv.Nodes[0]
	if inv.ClusterName != "prod" || inv.Objects.Queues != 2 || inv.Messages != 42 || n.RabbitVersion != "3.10.8" ||
		n.ErlangVersion != "25.2" || n.ErlangSource != "api/overview" || n.Plugins[0] != "rabbitmq_management" || len(inv.FeatureFlags) != 1 {
		t.Fatalf("inventory %+v", inv)
	}
	bad := snapshot()
	bad.Nodes = model.NodesSample{Err: "timeout"}
	if res := step.Check(context.Background(), Env{Snapshot: bad, Cluster: &fakeCluster{}}); res.Verdict != Fail {
		t.Fatal("an inventory without nodes must fail")
	}
	fresh := snapshot()
	fresh.Nodes.Value[0].DataDir = "" // started a moment ago: no statistics yet
	if res := step.Check(context.Background(), Env{Snapshot: fresh, Cluster: &fakeCluster{live: sampleCounts}, Now: clock}); res.Verdict != Wait ||
		!strings.Contains(res.Summary, "rabbit@a") {
		t.Fatalf("a node without its data directory: %s %q, want wait naming it", res.Verdict, res.Summary)
	}
}

func TestBaselineStep(t *testing.T) {
	good := model.CanaryStats{Confirmed: 100, Delivered: 100, EndToEnd: model.Percentiles{P50: 3 * time.Millisecond, P99: 7 * time.Millisecond, Count: 100}}
	lossy := good
	lossy.Lost = 2
	tests := []struct {
		name  string
		stats model.CanaryStats
		err   error
		want  Verdict
	}{
		{"measured", good, nil, Pass},
		{"lost messages", lossy, nil, Fail},
		{"canary failed", model.CanaryStats{}, errors.New("no node answered"), Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			step := baselineStep(PrepConfig{RunDir: dir, BaselineWindow: time.Second, Now: clock}.withDefaults())
			snap := snapshot()
			snap.Overview.Value.Connections = 7
			queues := []model.Queue{{VHost: "/", Name: "orders", Durable: true}, {VHost: "/", Name: "tmp", Durable: true, Exclusive: true},
				{VHost: "/", Name: model.CanaryQueuePrefix + "x", Durable: true}, {VHost: "b", Name: "events", Durable: true}, {VHost: "/", Name: "scratch"}}
			_, actErr := step.Action.Run(context.Background(), Env{Snapshot: snap, Cluster: &fakeCluster{baseline: tt.stats, queues: queues, err: tt.err}})
			if (actErr != nil) != (tt.err != nil) {
				t.Fatalf("action error %v", actErr)
			}
			res := step.Check(context.Background(), Env{})
			if res.Verdict != tt.want {
				t.Fatalf("%s: %s", res.Verdict, res.Summary)
			}
			if tt.want == Pass {
				b, _ := LoadBaseline(dir)
				if b.Queues != 2 || b.Window != time.Second || b.Canary.EndToEnd.P99 != 7*time.Millisecond {
					t.Fatalf("baseline %+v", b)
				}
				// What the connection and durable-queue triggers judge against.
				m := b.Model()
				if m.Connections != 7 || strings.Join(m.DurableQueues, ",") != "//orders,b/events" {
					t.Fatalf("baseline connections %d, durable queues %v", m.Connections, m.DurableQueues)
				}
			}
		})
	}
}

func TestNodeBackupStep(t *testing.T) {
	dir := t.TempDir()
	node := snapshot().Nodes.Value[0]
	layout := BackupLayout{Dir: dir, Stamp: "20260301T090000Z-abcdef"}
	step := nodeBackupStep(layout, nil, node, nil)
	// mkdir of the backup dir, then one tar per archive
	if len(step.Commands) != 3 || step.Commands[2][len(step.Commands[2])-1] != "var/lib/rabbitmq/mnesia/rabbit@a" || step.Block != "rabbit@a" {
		t.Fatalf("commands %v", step.Commands)
	}
	if res := step.Check(context.Background(), Env{}); res.Verdict != Fail || !strings.Contains(res.Remedy, "acknowledge") {
		t.Fatalf("missing archives must fail with an acknowledge remedy: %+v", res)
	}
	for _, argv := range step.Commands[1:] {
		archive := archiveOf(argv)
		if err := os.WriteFile(archive, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if res := step.Check(context.Background(), Env{}); res.Verdict != Pass {
		t.Fatalf("archives present: %+v", res)
	}
	noDir := node
	noDir.DataDir = ""
	if res := nodeBackupStep(layout, nil, noDir, nil).Check(context.Background(), Env{}); res.Verdict != Fail {
		t.Fatal("a node without db_dir cannot be backed up automatically")
	}
}

func TestPreparationStepsShape(t *testing.T) {
	s := snapshot()
	list := PreparationSteps(PrepConfig{RunDir: t.TempDir(), Nodes: s.Nodes.Value})
	ids := map[string]bool{}
	for _, st := range list {
		if st.Phase != Preparation || st.Check == nil || ids[st.ID] {
			t.Fatalf("bad step %+v", st)
		}
		ids[st.ID] = true
	}
	for _, id := range []string{"prep.inventory", "prep.baseline", "prep.definitions", "prep.backup.rabbit@a"} {
		if !ids[id] {
			t.Errorf("missing %s", id)
		}
	}
}

// A window with confirms but no delivery measured nothing: it is measured
// once more before the step judges it.
func TestBaselineMeasuresAgainAfterAnEmptyWindow(t *testing.T) {
	empty := model.CanaryStats{Confirmed: 24}
	good := model.CanaryStats{Confirmed: 24, Delivered: 24}
	good.EndToEnd.Count, good.EndToEnd.P50 = 24, 2*time.Millisecond
	f := &fakeCluster{baselines: []model.CanaryStats{empty, good}}
	dir := t.TempDir()
	step := stepByID(PreparationSteps(PrepConfig{RunDir: dir, BaselineWindow: time.Second}), "prep.baseline")
	env := Env{Cluster: f, Now: time.Now}
	if _, err := step.Action.Run(context.Background(), env); err != nil {
		t.Fatal(err)
	}
	if r := step.Check(context.Background(), env); r.Verdict != Pass {
		t.Fatalf("after a second measurement: %s %v", r.Summary, r.Evidence)
	}
}
