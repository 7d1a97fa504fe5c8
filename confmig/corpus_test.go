package confmig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/confmig/schema"
)

// corpusFiles are classic configs written for the tests: core keys, the
// runbook's own table, peer discovery and every plugin with a schema.
func corpusFiles(t testing.TB) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob("testdata/corpus/*.config")
	if err != nil || len(names) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		src, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = src
	}
	return out
}

type tally struct{ total, converted, advanced, dropped int }

func (c tally) share() float64 { return float64(c.converted) / float64(c.total-c.dropped) }

func count(entries []Entry) tally {
	var c tally
	for _, e := range entries {
		c.total++
		switch e.Status {
		case Converted:
			c.converted++
		case Advanced:
			c.advanced++
		case Dropped:
			c.dropped++
		}
	}
	return c
}

// At least 90 % of the settings a version still has land in rabbitmq.conf,
// for every shipped version from 3.10 on; every setting kept or dropped
// says why.
func TestCorpusConvertsMostSettingsToConf(t *testing.T) {
	for _, v := range []string{"3.10.8", "4.0.5", "4.3.6"} {
		var all tally
		for name, src := range corpusFiles(t) {
			res, err := Convert(src, Options{Target: v, Schema: shippedTable(t, v)})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			c := count(res.Entries)
			all.total, all.converted, all.advanced, all.dropped = all.total+c.total, all.converted+c.converted, all.advanced+c.advanced, all.dropped+c.dropped
			for _, e := range res.Entries {
				if e.Status != Converted && e.Reason == "" {
					t.Errorf("%s on %s: %s.%s is %s without a reason", name, v, e.App, e.Key, e.Status)
				}
				if e.Status != Converted {
					t.Logf("%s on %s: %s %s.%s: %s", name, v, e.Status, e.App, e.Key, e.Reason)
				}
			}
		}
		t.Logf("RabbitMQ %s: %d settings, %d to rabbitmq.conf (%.1f %% of those %s still has), %d advanced.config, %d dropped",
			v, all.total, all.converted, 100*all.share(), v, all.advanced, all.dropped)
		if all.share() < 0.9 {
			t.Errorf("RabbitMQ %s: only %.1f %% of the corpus's settings reach rabbitmq.conf", v, 100*all.share())
		}
	}
}

// The runbook's own table converts entirely, on every version.
func TestRunbookTableConvertsEntirely(t *testing.T) {
	src := corpusFiles(t)["runbook.config"]
	for _, v := range schema.Shipped() {
		res, err := Convert(src, Options{Target: v, Schema: shippedTable(t, v)})
		if err != nil {
			t.Fatal(err)
		}
		if res.Advanced != "" {
			t.Errorf("%s: advanced.config written:\n%s", v, res.Advanced)
		}
		want := []string{"listeners.tcp.1 = 5672", "vm_memory_high_watermark.relative = 0.6",
			"disk_free_limit.absolute = 2GB", "log.connection.level = info"}
		if got := confBody(res.Conf); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", v, got, want)
		}
	}
}

// Hand-written inverses must not trail the schema: every path any shipped
// schema computes with a translation fun has one (or a stated reason).
func TestEveryTranslationHasAnInverseOrAReason(t *testing.T) {
	for _, v := range schema.Shipped() {
		s := shippedTable(t, v)
		x := s.Index()
		for _, path := range s.Translations {
			if _, ok := handRuleFor(path); ok {
				continue
			}
			if x.HasChildren(path) && len(x.Mappings(path)) > 0 && noneOnly(x.Mappings(path)[0]) != nil {
				continue // "prefix = none" beside a property list: proplist handles it
			}
			t.Errorf("RabbitMQ %s translates %s (from %s) and warren has no inverse for it", v, path, confKeys(x.Mappings(path)))
		}
	}
}

func confKeys(ms []schema.Mapping) string {
	var keys []string
	for _, m := range ms {
		keys = append(keys, m.Conf)
	}
	return strings.Join(keys, ", ")
}
