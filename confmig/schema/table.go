package schema

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The shipped tables are facts read from each version's schema files;
// regenerate them with the rabbitmq_server-VERSION directories to read:
//
//	WARREN_SCHEMA_SERVERS="DIR..." go generate ./confmig/schema
//
//go:generate sh -c "go run ./gen -out tables $WARREN_SCHEMA_SERVERS"
//go:embed tables
var tables embed.FS

// Shipped lists the versions with a shipped table, oldest first.
func Shipped() []string {
	entries, _ := tables.ReadDir("tables")
	var vs []string
	for _, e := range entries {
		if v, ok := strings.CutSuffix(e.Name(), ".json"); ok {
			vs = append(vs, v)
		}
	}
	sort.Slice(vs, func(i, j int) bool { return Less(vs[i], vs[j]) })
	return vs
}

// decoded caches the shipped tables: a conversion consults every one
// (to name keys the target dropped). Callers must not modify them.
var decoded sync.Map // version → *Schema

// ShippedTable returns the table of one shipped version.
func ShippedTable(version string) (*Schema, error) {
	if s, ok := decoded.Load(version); ok {
		return s.(*Schema), nil
	}
	s, err := decodeTable(version)
	if err == nil {
		decoded.Store(version, s)
	}
	return s, err
}

func decodeTable(version string) (*Schema, error) {
	data, err := tables.ReadFile(path.Join("tables", version+".json"))
	if err != nil {
		return nil, fmt.Errorf("no shipped schema table for RabbitMQ %s (shipped: %s)", version, strings.Join(Shipped(), ", "))
	}
	var s Schema
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("shipped table %s: %w", version, err)
	}
	return &s, nil
}

// NearestShipped picks the shipped table for a target version: the same
// major.minor series if shipped, else the newest older one, else the
// oldest. exact says whether the series matched.
func NearestShipped(target string) (s *Schema, exact bool, err error) {
	vs := Shipped()
	if len(vs) == 0 {
		return nil, false, fmt.Errorf("no schema table is shipped")
	}
	pick := vs[0]
	for _, v := range vs {
		if SameSeries(v, target) {
			s, err := ShippedTable(v)
			return s, true, err
		}
		if !Less(target, v) {
			pick = v
		}
	}
	s, err = ShippedTable(pick)
	return s, false, err
}

// SameSeries tells whether two versions share major.minor.
func SameSeries(a, b string) bool {
	pa, pb := parts(a), parts(b)
	return pa[0] == pb[0] && pa[1] == pb[1]
}

// Less orders versions numerically (3.9 < 3.10).
func Less(a, b string) bool {
	pa, pb := parts(a), parts(b)
	for i := range pa {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return false
}

func parts(v string) [3]int {
	var out [3]int
	for i, p := range strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3) {
		out[i], _ = strconv.Atoi(p)
	}
	return out
}

// TablesFS exposes the shipped tables (for size reports).
func TablesFS() fs.FS { return tables }
