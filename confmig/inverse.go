package confmig

import (
	"errors"
	"fmt"
	"strings"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// schemaRules turn application environment entries into rabbitmq.conf
// lines with one RabbitMQ version's schema: a path the schema maps
// directly is written by its mapping's datatype; a property list is
// walked key by key; a path a translation fun computes needs a
// hand-written inverse (handrules.go).
type schemaRules struct {
	idx *schema.Index
}

// unknownPath means the schema has no rabbitmq.conf key for a path, as
// opposed to a value that does not fit the key it has.
type unknownPath struct{ path, version string }

func (e *unknownPath) Error() string {
	return fmt.Sprintf("RabbitMQ %s's schema has no rabbitmq.conf key for %s", e.version, e.path)
}

func (r *schemaRules) convert(path string, v erlterm.Term) ([]line, error) {
	if r.idx.HasChildren(path) {
		if _, isList := v.(*erlterm.List); isList {
			return r.proplist(path, v)
		}
	}
	ms := r.idx.Mappings(path)
	if len(ms) == 0 {
		if inv, ok := legacyRules[path]; ok {
			return inv(r, path, v)
		}
		if appOf(path) == "lager" {
			return nil, noForm("%s", lagerIgnored)
		}
		return nil, &unknownPath{path: path, version: r.idx.Version}
	}
	if r.idx.Translated(path) {
		if inv, ok := handRuleFor(path); ok {
			return inv(r, path, v)
		}
		return nil, noForm("RabbitMQ %s computes %s with a translation function warren has no inverse for", r.idx.Version, path)
	}
	return valueShape(path, ms, v)
}

// proplist walks [{key, Value}] below path; [] is "conf = none" where
// the schema has that form (ssl_options, tcp_listen_options). Any key
// without a conf form sends the whole entry to advanced.config: half a
// setting in each file would be harder to review than one intact entry.
func (r *schemaRules) proplist(path string, v erlterm.Term) ([]line, error) {
	if l, ok := v.(*erlterm.List); ok && len(l.Elems) == 0 {
		for _, m := range r.idx.Mappings(path) {
			if _, err := enumValue(noneOnly(m), erlterm.NewAtom("none")); err == nil {
				return []line{{Key: m.Conf, Value: "none"}}, nil
			}
		}
		return nil, noForm("an empty list has no rabbitmq.conf form for %s", path)
	}
	pairs, err := proplist(v)
	if err != nil {
		return nil, err
	}
	var lines []line
	for _, p := range pairs {
		got, err := r.convert(path+"."+atomName(p[0]), p[1])
		if err != nil {
			return nil, err
		}
		lines = append(lines, got...)
	}
	return lines, nil
}

func noneOnly(m schema.Mapping) []string {
	for _, dt := range m.Datatypes {
		if dt.Kind == "enum" && len(dt.Values) == 1 && dt.Values[0] == "none" {
			return dt.Values
		}
	}
	return nil
}

// ruleChain converts with the target's schema first; when that schema has
// no key for a path, the other shipped tables (newest first) say which
// key other versions use, so the report can name the key the target
// dropped (or does not have yet) instead of only "unknown".
type ruleChain struct {
	target  *schemaRules
	history []*schemaRules
}

func newRuleChain(target *schema.Schema) *ruleChain {
	c := &ruleChain{target: &schemaRules{idx: target.Index()}}
	vs := schema.Shipped()
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i] == target.Version {
			continue
		}
		if s, err := schema.ShippedTable(vs[i]); err == nil {
			c.history = append(c.history, &schemaRules{idx: s.Index()})
		}
	}
	return c
}

// convert returns the lines for the target, or, when the target has no
// key for the path, the lines another version would take and that version.
func (c *ruleChain) convert(path string, v erlterm.Term) (lines []line, otherVersion string, err error) {
	lines, err = c.target.convert(path, v)
	var unknown *unknownPath
	if !errors.As(err, &unknown) {
		return lines, "", err
	}
	for _, h := range c.history {
		if old, herr := h.convert(path, v); herr == nil {
			return old, h.idx.Version, nil
		}
	}
	return nil, "", err
}

// appOf is the application of a path.
func appOf(path string) string {
	app, _, _ := strings.Cut(path, ".")
	return app
}
