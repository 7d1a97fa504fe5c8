package confmig

import (
	"sort"
	"strings"

	"github.com/warren-sre/warren/erlterm"
)

// orderFree are settings written as NAME = true keys, which the schema
// hands back in its own order; every list is written so that its order
// survives (listShape), and --verify checks that.
var orderFree = map[string]bool{
	"rabbit.loopback_users": true, "rabbit.default_user_tags": true,
}

func compareEntry(app string, p pair, effective map[string][]pair, secret bool) Check {
	c := Check{App: app, Key: p.key}
	app2, key2, want, legacy := modernForm(app, p)
	got, ok := lookup(effective, app2, key2)
	if legacy {
		c.Note = "compared as " + app2 + "." + key2 + ", the form RabbitMQ 3.9+ reads"
		p = pair{key: key2, value: want}
	}
	if !ok {
		c.Status, c.Note = Differs, "the generated files do not set it"
		c.Original = shown(p.value, secret)
		return c
	}
	cmp := termComparer{orderFree: orderFree[app+"."+p.key]}
	switch {
	case cmp.covers(p.value, got):
		c.Status = Equivalent
		var notes []string
		if c.Note != "" {
			notes = append(notes, c.Note)
		}
		if cmp.extra {
			notes = append(notes, "the schema adds its defaults alongside")
		}
		if cmp.textType {
			notes = append(notes, "same text; the node gets it as the schema types it (string or binary), not as the original did")
		}
		c.Note = strings.Join(notes, "; ")
	default:
		c.Status = Differs
		c.Original, c.Generated = shown(p.value, secret), shown(got, secret)
	}
	return c
}

// modernForm maps a lager-era setting to the application env the schema
// produces for its translation (legacy.go); other settings are unchanged.
func modernForm(app string, p pair) (string, string, erlterm.Term, bool) {
	switch app + "." + p.key {
	case "rabbit.log_levels":
		pairs, err := proplist(p.value)
		if err != nil {
			return app, p.key, p.value, false
		}
		cats := &erlterm.List{}
		for _, kv := range pairs {
			level := erlterm.NewList(erlterm.NewTuple(erlterm.NewAtom("level"), kv[1]))
			cats.Elems = append(cats.Elems, erlterm.NewTuple(kv[0], level))
		}
		return "rabbit", "log", erlterm.NewList(erlterm.NewTuple(erlterm.NewAtom("categories"), cats)), true
	case "lager.log_root":
		return "rabbit", "log_root", p.value, true
	}
	return app, p.key, p.value, false
}

func shown(t erlterm.Term, secret bool) string {
	if secret {
		return secretMask
	}
	return erlterm.Format(t)
}

// termComparer decides whether the generated value carries everything the
// original did. Property lists may gain keys (schema defaults such as log
// formatters); everything else must match exactly.
type termComparer struct {
	orderFree bool
	extra     bool // generated proplists had keys the original lacked
	textType  bool // string and binary with the same text were taken as equal
}

func (c *termComparer) covers(orig, gen erlterm.Term) bool {
	if op, ok := asProplist(orig); ok {
		if gp, ok := asProplist(gen); ok {
			return c.coversProplist(op, gp)
		}
	}
	if c.orderFree {
		orig, gen = sortedCopy(orig), sortedCopy(gen)
	}
	switch o := orig.(type) {
	case *erlterm.Tuple:
		g, ok := gen.(*erlterm.Tuple)
		return ok && c.coversAll(o.Elems, g.Elems)
	case *erlterm.List:
		g, ok := gen.(*erlterm.List)
		return ok && o.Tail == nil && g.Tail == nil && c.coversAll(o.Elems, g.Elems)
	}
	if erlterm.Equal(orig, gen) {
		return true
	}
	ot, ok1 := text(orig)
	gt, ok2 := text(gen)
	if ok1 && ok2 && ot == gt {
		c.textType = true // the schema decides the type the node gets for a key
		return true
	}
	return false
}

func (c *termComparer) coversAll(orig, gen []erlterm.Term) bool {
	if len(orig) != len(gen) {
		return false
	}
	for i := range orig {
		if !c.covers(orig[i], gen[i]) {
			return false
		}
	}
	return true
}

func (c *termComparer) coversProplist(orig, gen map[string]erlterm.Term) bool {
	if len(gen) > len(orig) {
		c.extra = true
	}
	for k, ov := range orig {
		gv, ok := gen[k]
		if !ok || !c.covers(ov, gv) {
			return false
		}
	}
	return true
}

// asProplist reads a non-empty list of {atom, Value} pairs.
func asProplist(t erlterm.Term) (map[string]erlterm.Term, bool) {
	l, ok := t.(*erlterm.List)
	if !ok || l.Tail != nil || len(l.Elems) == 0 {
		return nil, false
	}
	m := make(map[string]erlterm.Term, len(l.Elems))
	for _, e := range l.Elems {
		tup, ok := e.(*erlterm.Tuple)
		if !ok || len(tup.Elems) != 2 || atomName(tup.Elems[0]) == "" {
			return nil, false
		}
		m[atomName(tup.Elems[0])] = tup.Elems[1]
	}
	return m, true
}

// sortedCopy orders list elements by their printed form; other terms are
// returned as they are (tuples are walked so {Nodes, Type} works too).
func sortedCopy(t erlterm.Term) erlterm.Term {
	switch v := t.(type) {
	case *erlterm.List:
		elems := append([]erlterm.Term(nil), v.Elems...)
		sort.Slice(elems, func(i, j int) bool { return erlterm.Format(elems[i]) < erlterm.Format(elems[j]) })
		return &erlterm.List{Pos: v.Pos, Elems: elems, Tail: v.Tail}
	case *erlterm.Tuple:
		elems := make([]erlterm.Term, len(v.Elems))
		for i, e := range v.Elems {
			elems[i] = sortedCopy(e)
		}
		return &erlterm.Tuple{Pos: v.Pos, Elems: elems}
	}
	return t
}
