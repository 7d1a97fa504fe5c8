package confmig

import (
	"fmt"
	"strings"
	"testing"
)

// generatedConfig builds a classic config of about n lines: many
// applications with every kind of value the converter handles.
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
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Convert(src, Options{Target: "4.0"}); err != nil {
			b.Fatal(err)
		}
	}
}
