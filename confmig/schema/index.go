package schema

import "strings"

// Index answers the questions a converter asks of a schema.
type Index struct {
	Version    string
	byPath     map[string][]Mapping
	translated map[string]bool
	parents    map[string]bool // paths with mappings below them
	confKeys   [][]string      // every mapping's conf key, split on dots
}

// Index builds the lookups; mappings keep their schema order.
func (s *Schema) Index() *Index {
	x := &Index{Version: s.Version, byPath: map[string][]Mapping{}, translated: map[string]bool{}, parents: map[string]bool{}}
	for _, m := range s.Mappings {
		x.byPath[m.Path] = append(x.byPath[m.Path], m)
		for p := m.Path; strings.Contains(p, "."); {
			p = p[:strings.LastIndexByte(p, '.')]
			x.parents[p] = true
		}
		x.confKeys = append(x.confKeys, strings.Split(m.Conf, "."))
	}
	for _, t := range s.Translations {
		x.translated[t] = true
	}
	return x
}

// Mappings returns the mappings whose app path is exactly path.
func (x *Index) Mappings(path string) []Mapping { return x.byPath[path] }

// Translated tells whether a translation fun computes path.
func (x *Index) Translated(path string) bool { return x.translated[path] }

// HasChildren tells whether mappings exist below path (a property list).
func (x *Index) HasChildren(path string) bool { return x.parents[path] }

// KnowsConf tells whether key matches a mapping's conf key; a $name
// segment of the schema matches any one segment.
func (x *Index) KnowsConf(key string) bool {
	segs := strings.Split(key, ".")
	for _, k := range x.confKeys {
		if matchSegments(k, segs) {
			return true
		}
	}
	return false
}

func matchSegments(pattern, segs []string) bool {
	if len(pattern) != len(segs) {
		return false
	}
	for i, p := range pattern {
		if p != segs[i] && !strings.HasPrefix(p, "$") {
			return false
		}
	}
	return true
}
