package schema

import "testing"

// Decoding and indexing a shipped table: what a conversion does when the
// target version's own schema files are not on this machine.
func BenchmarkShippedTable(b *testing.B) {
	for _, v := range Shipped() {
		b.Run(v, func(b *testing.B) {
			for b.Loop() {
				s, err := decodeTable(v)
				if err != nil {
					b.Fatal(err)
				}
				s.Index()
			}
		})
	}
}
