package schema

import "strings"

// Index answers the questions a converter asks of a schema.
type Index struct {
	Version    string
	byPath     map[string][]Mapping
	translated map[string]bool
	parents    map[string]bool // paths with mappings below them
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
