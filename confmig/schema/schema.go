// Package schema reads RabbitMQ's Cuttlefish schema files (the
// priv/schema/*.schema of rabbit and of every plugin) into the facts
// confmig needs to write rabbitmq.conf: which conf key produces which
// application environment path, with which datatype, and which paths a
// translation function computes instead.
package schema

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/warren-sre/warren/erlterm"
)

// Datatype is one Cuttlefish datatype of a mapping. Kind is the
// datatype's name (integer, string, atom, enum, ip, flag, bytesize, float,
// file, directory, duration, percent, tagged_binary, binary, fqdn, ...);
// Values are an enum's atoms or the one atom of {atom, X}; Unit is a
// duration's unit.
type Datatype struct {
	Kind   string   `json:"kind"`
	Values []string `json:"values,omitempty"`
	Unit   string   `json:"unit,omitempty"`
}

// Mapping is one {mapping, ConfKey, AppPath, Options} of a schema.
type Mapping struct {
	Conf      string     `json:"conf"` // rabbitmq.conf key, $name segments as written
	Path      string     `json:"path"` // app.env_key[.sub...]
	Datatypes []Datatype `json:"types,omitempty"`
	Hidden    bool       `json:"hidden,omitempty"`
}

// Schema is every mapping and translated path of one RabbitMQ version.
type Schema struct {
	Version      string    `json:"version"`
	Mappings     []Mapping `json:"mappings"`
	Translations []string  `json:"translations"` // app paths computed by a fun
}

// file is one schema file's name and text.
type file struct {
	name string
	src  []byte
}

// files reads the schema files of a rabbitmq_server-VERSION directory as
// RabbitMQ loads them (erlang_vm.schema of cuttlefish is not among them):
// from plugin directories, and from .ez archives, the form 3.8 ships.
func files(serverDir string) ([]file, error) {
	names, err := filepath.Glob(filepath.Join(serverDir, "plugins", "*", "priv", "schema", "*.schema"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []file
	for _, n := range names {
		src, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, file{name: n, src: src})
	}
	archived, err := archivedFiles(serverDir)
	if err != nil {
		return nil, err
	}
	out = append(out, archived...)
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has no plugins/*/priv/schema/*.schema files", serverDir)
	}
	return out, nil
}

// archivedFiles reads */priv/schema/*.schema inside plugins/*.ez.
func archivedFiles(serverDir string) ([]file, error) {
	archives, _ := filepath.Glob(filepath.Join(serverDir, "plugins", "*.ez"))
	sort.Strings(archives)
	var out []file
	for _, a := range archives {
		z, err := zip.OpenReader(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, err)
		}
		for _, f := range z.File {
			if ok, _ := path.Match("*/priv/schema/*.schema", f.Name); !ok {
				continue
			}
			src, err := readZipped(f)
			if err != nil {
				z.Close()
				return nil, fmt.Errorf("%s: %s: %w", a, f.Name, err)
			}
			out = append(out, file{name: a + "/" + f.Name, src: src})
		}
		z.Close()
	}
	return out, nil
}

func readZipped(f *zip.File) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, 16<<20))
}

// VersionOf reads the version from a rabbitmq_server-VERSION directory name.
func VersionOf(serverDir string) string {
	_, v, _ := strings.Cut(filepath.Base(filepath.Clean(serverDir)), "rabbitmq_server-")
	return v
}

// Load reads every schema file of a rabbitmq_server-VERSION directory.
func Load(serverDir string) (*Schema, error) {
	fs, err := files(serverDir)
	if err != nil {
		return nil, err
	}
	s := &Schema{Version: VersionOf(serverDir)}
	partials := partialFiles(serverDir)
	for _, f := range fs {
		if err := s.add(f.src, partials); err != nil {
			return nil, fmt.Errorf("%s:%w", f.name, err)
		}
	}
	return s, nil
}

// add reads one schema file's terms; validators and anything else are
// not needed to invert the mappings.
func (s *Schema) add(src []byte, partials map[string]string) error {
	terms, err := erlterm.ParseSchemaFile(src)
	if err != nil {
		return err
	}
	return s.collect(terms, includePartial{}, partials)
}

// collect adds the mappings and translations among terms. A partial's
// (inc set) are placed under its prefixes, its partial_translations count
// as translations, and its excluded keys are left out; a schema file's
// include_partial directives pull in the partials they name.
func (s *Schema) collect(terms []erlterm.Term, inc includePartial, partials map[string]string) error {
	translationTag := "translation"
	if inc.prefix != "" {
		translationTag = "partial_translation"
	}
	for _, t := range terms {
		if sub, ok := readInclude(t); ok && inc.prefix == "" {
			if err := s.include(sub, partials); err != nil {
				return err
			}
			continue
		}
		tup, ok := t.(*erlterm.Tuple)
		if !ok || len(tup.Elems) < 2 {
			continue
		}
		switch atomName(tup.Elems[0]) {
		case "mapping":
			m, err := readMapping(tup)
			if err != nil {
				return err
			}
			if !slices.Contains(inc.exclude, m.Conf) {
				m.Conf, m.Path = inc.place(inc.prefix, m.Conf), inc.place(inc.appPrefix, m.Path)
				s.Mappings = append(s.Mappings, m)
			}
		case translationTag:
			if path, ok := tup.Elems[1].(*erlterm.String); ok && !slices.Contains(inc.exclude, path.Value) {
				s.Translations = append(s.Translations, inc.place(inc.appPrefix, path.Value))
			}
		}
	}
	return nil
}

func readMapping(t *erlterm.Tuple) (Mapping, error) {
	p := t.Position()
	if len(t.Elems) != 4 {
		return Mapping{}, fmt.Errorf("%d:%d: a mapping has 4 elements", p.Line, p.Col)
	}
	conf, ok1 := t.Elems[1].(*erlterm.String)
	path, ok2 := t.Elems[2].(*erlterm.String)
	opts, ok3 := t.Elems[3].(*erlterm.List)
	if !ok1 || !ok2 || !ok3 {
		return Mapping{}, fmt.Errorf("%d:%d: a mapping is {mapping, \"conf.key\", \"app.path\", [Options]}", p.Line, p.Col)
	}
	m := Mapping{Conf: conf.Value, Path: path.Value}
	for _, o := range opts.Elems {
		if atomName(o) == "hidden" {
			m.Hidden = true
			continue
		}
		kv, ok := o.(*erlterm.Tuple)
		if !ok || len(kv.Elems) != 2 {
			continue
		}
		switch atomName(kv.Elems[0]) {
		case "datatype":
			m.Datatypes = readDatatypes(kv.Elems[1])
		case "level":
			m.Hidden = m.Hidden || atomName(kv.Elems[1]) == "advanced"
		}
	}
	if len(m.Datatypes) == 0 {
		m.Datatypes = []Datatype{{Kind: "string"}} // Cuttlefish's default
	}
	return m, nil
}

// readDatatypes accepts a datatype or a list of alternatives.
func readDatatypes(t erlterm.Term) []Datatype {
	if l, ok := t.(*erlterm.List); ok {
		var out []Datatype
		for _, e := range l.Elems {
			out = append(out, readDatatype(e))
		}
		return out
	}
	return []Datatype{readDatatype(t)}
}

func readDatatype(t erlterm.Term) Datatype {
	if name := atomName(t); name != "" {
		return Datatype{Kind: name}
	}
	tup, ok := t.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 {
		return Datatype{Kind: "unknown:" + erlterm.Format(t)}
	}
	d := Datatype{Kind: atomName(tup.Elems[0])}
	switch v := tup.Elems[1].(type) {
	case *erlterm.Atom:
		if d.Kind == "duration" {
			d.Unit = v.Name
		} else {
			d.Values = []string{v.Name}
		}
	case *erlterm.List:
		for _, e := range v.Elems {
			d.Values = append(d.Values, valueText(e))
		}
	default:
		d.Values = []string{valueText(v)}
	}
	return d
}

func valueText(t erlterm.Term) string {
	switch v := t.(type) {
	case *erlterm.Atom:
		return v.Name
	case *erlterm.String:
		return v.Value
	}
	return erlterm.Format(t)
}

func atomName(t erlterm.Term) string {
	if a, ok := t.(*erlterm.Atom); ok {
		return a.Name
	}
	return ""
}
