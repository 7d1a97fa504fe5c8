// Command gen writes the schema tables confmig ships: one JSON file per
// RabbitMQ version, read from that version's own Cuttlefish schema files.
//
//	go run ./gen -out tables /usr/lib/rabbitmq/lib/rabbitmq_server-3.10.8 ROOT/usr/lib/rabbitmq/lib/rabbitmq_server-4.0.5
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/warren-sre/warren/confmig/schema"
)

func main() {
	out := flag.String("out", "tables", "directory to write VERSION.json files into")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: gen -out DIR rabbitmq_server-VERSION-DIR...")
		os.Exit(2)
	}
	for _, dir := range flag.Args() {
		if err := write(dir, *out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func write(serverDir, out string) error {
	s, err := schema.Load(serverDir)
	if err != nil {
		return err
	}
	if s.Version == "" {
		return fmt.Errorf("%s: cannot tell the version (expected a rabbitmq_server-VERSION directory)", serverDir)
	}
	data, err := encode(s)
	if err != nil {
		return err
	}
	name := filepath.Join(out, s.Version+".json")
	fmt.Printf("%s: %d mappings, %d translations, %d bytes\n", name, len(s.Mappings), len(s.Translations), len(data))
	return os.WriteFile(name, data, 0o644)
}

// encode writes one mapping or translation per line, so that a new
// version's table reads as a diff of keys.
func encode(s *schema.Schema) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\"version\": %q,\n\"mappings\": [", s.Version)
	for i, m := range s.Mappings {
		line, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		b.WriteString(sep(i) + string(line))
	}
	b.WriteString("\n],\n\"translations\": [")
	for i, t := range s.Translations {
		line, _ := json.Marshal(t)
		b.WriteString(sep(i) + string(line))
	}
	b.WriteString("\n]}\n")
	return b.Bytes(), nil
}

func sep(i int) string {
	if i == 0 {
		return "\n"
	}
	return ",\n"
}
