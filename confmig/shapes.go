package confmig

import (
	"strconv"
	"strings"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// line is one "key = value" of rabbitmq.conf.
type line struct {
	Key, Value string
	Secret     bool // never shown in reports
}

// isSecret: conf values that must never appear in reports.
func isSecret(path string) bool {
	last := path[strings.LastIndexByte(path, '.')+1:]
	for _, w := range []string{"pass", "secret", "token"} {
		if strings.Contains(last, w) {
			return true
		}
	}
	return false
}

// plainMappings are the mappings of a path whose conf key has no $name.
func plainMappings(ms []schema.Mapping) []schema.Mapping {
	var out []schema.Mapping
	for _, m := range ms {
		if !strings.Contains(m.Conf, "$") {
			out = append(out, m)
		}
	}
	return out
}

// valueShape: one conf key carries the value: the first mapping whose
// datatype fits it, trying first a key named like the setting (channel_max
// before its newer alias max_channels_per_connection, which older
// versions do not know), then the schema's order.
func valueShape(path string, ms []schema.Mapping, v erlterm.Term) ([]line, error) {
	var first error
	for _, m := range sameNameFirst(path, plainMappings(ms)) {
		s, err := encodeAny(m.Datatypes, v)
		if err == nil {
			return []line{{Key: m.Conf, Value: s, Secret: isSecret(path)}}, nil
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		first = noForm("the schema maps %s only through keyed entries", path)
	}
	return nil, first
}

func sameNameFirst(path string, ms []schema.Mapping) []schema.Mapping {
	name := path[strings.LastIndexByte(path, '.')+1:]
	out := make([]schema.Mapping, 0, len(ms))
	for _, m := range ms {
		if m.Conf == name || strings.HasSuffix(m.Conf, "."+name) {
			out = append(out, m)
		}
	}
	for _, m := range ms {
		if m.Conf != name && !strings.HasSuffix(m.Conf, "."+name) {
			out = append(out, m)
		}
	}
	return out
}

// namedMapping finds the mapping "prefix.$name" (exactly one variable,
// last) and the optional "prefix = none" mapping beside it.
func namedMapping(ms []schema.Mapping) (named schema.Mapping, prefix string, hasNone bool, err error) {
	found := false
	for _, m := range ms {
		segs := strings.Split(m.Conf, ".")
		if strings.HasPrefix(segs[len(segs)-1], "$") && strings.Count(m.Conf, "$") == 1 && !found {
			named, prefix, found = m, strings.Join(segs[:len(segs)-1], "."), true
		}
	}
	if !found {
		return named, "", false, noForm("the schema has no NAME.$name key for this list")
	}
	for _, m := range ms {
		if m.Conf == prefix {
			for _, dt := range m.Datatypes {
				hasNone = hasNone || dt.Kind == "enum" && len(dt.Values) == 1 && dt.Values[0] == "none"
			}
		}
	}
	return named, prefix, hasNone, nil
}

// listShape: [A, B] → prefix.1 = A, prefix.2 = B, written last first:
// Cuttlefish hands a translation the matching lines in reverse file
// order and these translations keep that order, so writing them reversed
// gives the node the original order (--verify checks it). [] → prefix = none.
func listShape(ms []schema.Mapping, v erlterm.Term) ([]line, error) {
	named, prefix, hasNone, err := namedMapping(ms)
	if err != nil {
		return nil, err
	}
	elems, err := properList(v)
	if err != nil {
		return nil, err
	}
	if len(elems) == 0 {
		return emptyForm(prefix, hasNone)
	}
	lines := make([]line, len(elems))
	for i, e := range elems {
		s, err := encodeAny(named.Datatypes, e)
		if err != nil {
			return nil, err
		}
		lines[len(elems)-1-i] = line{Key: prefix + "." + strconv.Itoa(i+1), Value: s}
	}
	return lines, nil
}

// flagsShape: [guest, admin] → prefix.guest = true, prefix.admin = true.
func flagsShape(ms []schema.Mapping, v erlterm.Term) ([]line, error) {
	_, prefix, hasNone, err := namedMapping(ms)
	if err != nil {
		return nil, err
	}
	elems, err := properList(v)
	if err != nil {
		return nil, err
	}
	if len(elems) == 0 {
		return emptyForm(prefix, hasNone)
	}
	var lines []line
	for _, e := range elems {
		seg, err := nameSegment(e)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line{Key: prefix + "." + seg, Value: "true"})
	}
	return lines, nil
}

// keyedShape: [{Name, Value}] or #{Name => Value} → prefix.Name = Value.
func keyedShape(ms []schema.Mapping, v erlterm.Term) ([]line, error) {
	named, prefix, hasNone, err := namedMapping(ms)
	if err != nil {
		return nil, err
	}
	pairs, err := keyValuePairs(v)
	if err != nil {
		return nil, err
	}
	if len(pairs) == 0 {
		return emptyForm(prefix, hasNone)
	}
	var lines []line
	for _, p := range pairs {
		seg, err := nameSegment(p[0])
		if err != nil {
			return nil, err
		}
		s, err := encodeAny(named.Datatypes, p[1])
		if err != nil {
			return nil, err
		}
		lines = append(lines, line{Key: prefix + "." + seg, Value: s})
	}
	return lines, nil
}

// emptyForm: [] is "prefix = none" where the schema has that form.
func emptyForm(prefix string, hasNone bool) ([]line, error) {
	if hasNone {
		return []line{{Key: prefix, Value: "none"}}, nil
	}
	return nil, noForm("an empty list has no rabbitmq.conf form for %s", prefix)
}

// nameSegment: an atom or text that names a key segment (NAME.guest).
func nameSegment(t erlterm.Term) (string, error) {
	name, ok := atomOrText(t)
	if !ok {
		return "", noForm("%s is not a name", erlterm.Format(t))
	}
	return keySegment(name)
}

// keyValuePairs reads a list of 2-tuples or a map.
func keyValuePairs(v erlterm.Term) ([][2]erlterm.Term, error) {
	if m, ok := v.(*erlterm.Map); ok {
		out := make([][2]erlterm.Term, len(m.Entries))
		for i, e := range m.Entries {
			out[i] = [2]erlterm.Term{e.Key, e.Value}
		}
		return out, nil
	}
	elems, err := properList(v)
	if err != nil {
		return nil, err
	}
	out := make([][2]erlterm.Term, 0, len(elems))
	for _, e := range elems {
		tup, ok := e.(*erlterm.Tuple)
		if !ok || len(tup.Elems) != 2 {
			return nil, noForm("%s is not a {Name, Value} pair", erlterm.Format(e))
		}
		out = append(out, [2]erlterm.Term{tup.Elems[0], tup.Elems[1]})
	}
	return out, nil
}

// firstPlain is the conf key of the first mapping without a $name.
func firstPlain(ms []schema.Mapping) (string, error) {
	if plain := plainMappings(ms); len(plain) > 0 {
		return plain[0].Conf, nil
	}
	return "", noForm("the schema maps this only through keyed entries")
}

// confNamed finds the conf key of the mapping whose key ends with suffix.
func confNamed(ms []schema.Mapping, suffix string) (string, error) {
	for _, m := range ms {
		if m.Conf == suffix || strings.HasSuffix(m.Conf, "."+suffix) {
			return m.Conf, nil
		}
	}
	return "", noForm("the schema has no key ending in %s here", suffix)
}
