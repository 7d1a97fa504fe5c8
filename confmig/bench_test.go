package confmig

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/warren-sre/warren/confmig/schema"
)

// generatedConfig builds a classic config of about n lines: many
// applications with every kind of value the converter handles, including
// keys no schema has (which walk every shipped table).
func generatedConfig(n int) []byte {
	var b strings.Builder
	b.WriteString("[\n")
	lines := 1
	for app := 0; lines < n; app++ {
		if app > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, " {rabbit, [\n")
		for i := 0; i < 40 && lines < n; i++ {
			fmt.Fprintf(&b, "   {tcp_listeners, [{\"10.0.%d.%d\", 5672}]},\n", app%250, i)
			fmt.Fprintf(&b, "   {ssl_options, [{cacertfile, \"/etc/ca%d.pem\"}, {verify, verify_peer}]},\n", i)
			fmt.Fprintf(&b, "   {vm_memory_high_watermark, {absolute, \"%dGiB\"}},\n", i+1)
			fmt.Fprintf(&b, "   {future_key_%d, {some, [tuple, %d]}},\n", i, i)
			lines += 4
		}
		b.WriteString("   {heartbeat, 60}\n ]}")
		lines += 2
	}
	b.WriteString("\n].\n")
	return []byte(b.String())
}

func BenchmarkConvert10000Lines(b *testing.B) {
	src := generatedConfig(10000)
	s, err := schema.ShippedTable("4.0.5")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Convert(src, Options{Target: "4.0", Schema: s}); err != nil {
			b.Fatal(err)
		}
	}
}

// Reading a version's schema files (what --to does when the version is
// installed or in a lab root).
func BenchmarkSchemaLoad(b *testing.B) {
	for _, series := range []string{"3.10", "4.0", "4.3"} {
		srv, ok := schema.FindSeries(series)
		if !ok {
			continue
		}
		b.Run(srv.Version, func(b *testing.B) {
			for b.Loop() {
				if _, err := schema.Load(srv.HostDir()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The shipped tables stay whole and small: every version has its
// hundreds of mappings, and all of them together stay under 1 MB of the
// binary (-v prints the figures).
func TestShippedTableSizes(t *testing.T) {
	total := 0
	for _, v := range schema.Shipped() {
		s, err := schema.ShippedTable(v)
		if err != nil {
			t.Fatal(err)
		}
		size := len(mustRead(t, v))
		total += size
		t.Logf("%s: %d mappings, %d translations, %d bytes", v, len(s.Mappings), len(s.Translations), size)
		if len(s.Mappings) < 500 || len(s.Translations) < 100 {
			t.Errorf("%s: only %d mappings, %d translations", v, len(s.Mappings), len(s.Translations))
		}
	}
	t.Logf("all tables: %d bytes", total)
	if total > 1<<20 {
		t.Errorf("the shipped tables take %d bytes, over 1 MB", total)
	}
}

func mustRead(t *testing.T, v string) []byte {
	t.Helper()
	data, err := fs.ReadFile(schema.TablesFS(), "tables/"+v+".json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}
