package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/warren-sre/warren/erlterm"
)

// Cuttlefish partials (RabbitMQ 4.3+): an APP/priv/schema/NAME.partial
// holds mappings with relative keys, and a schema includes it under a
// conf prefix and an app path prefix:
//
//	{include_partial, {rabbit, "ssl_options"},
//	    [{prefix, "auth_ldap.ssl_options"}, {app_prefix, "rabbitmq_auth_backend_ldap.ssl_options"},
//	     {disable_with, none}, {exclude, ["dh"]}]}.
type includePartial struct {
	app, name, prefix, appPrefix string
	disableWith                  string
	exclude                      []string
}

// partialFiles maps "app/name" to the path of each NAME.partial.
func partialFiles(serverDir string) map[string]string {
	out := map[string]string{}
	names, _ := filepath.Glob(filepath.Join(serverDir, "plugins", "*", "priv", "schema", "*.partial"))
	for _, n := range names {
		appDir := filepath.Base(filepath.Dir(filepath.Dir(filepath.Dir(n))))
		app := appDir
		if i := strings.LastIndexByte(appDir, '-'); i > 0 {
			app = appDir[:i]
		}
		out[app+"/"+strings.TrimSuffix(filepath.Base(n), ".partial")] = n
	}
	return out
}

func readInclude(t erlterm.Term) (includePartial, bool) {
	tup, ok := t.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 3 || atomName(tup.Elems[0]) != "include_partial" {
		return includePartial{}, false
	}
	var inc includePartial
	if which, ok := tup.Elems[1].(*erlterm.Tuple); ok && len(which.Elems) == 2 {
		inc.app, inc.name = atomName(which.Elems[0]), valueText(which.Elems[1])
	}
	opts, _ := tup.Elems[2].(*erlterm.List)
	if opts == nil {
		return inc, true
	}
	for _, o := range opts.Elems {
		kv, ok := o.(*erlterm.Tuple)
		if !ok || len(kv.Elems) != 2 {
			continue
		}
		switch atomName(kv.Elems[0]) {
		case "prefix":
			inc.prefix = valueText(kv.Elems[1])
		case "app_prefix":
			inc.appPrefix = valueText(kv.Elems[1])
		case "disable_with":
			inc.disableWith = valueText(kv.Elems[1])
		case "exclude":
			if l, ok := kv.Elems[1].(*erlterm.List); ok {
				for _, e := range l.Elems {
					inc.exclude = append(inc.exclude, valueText(e))
				}
			}
		}
	}
	return inc, true
}

// include adds a partial's mappings and translations under the prefixes;
// disable_with adds the "prefix = none" form.
func (s *Schema) include(inc includePartial, partials map[string]string) error {
	file, ok := partials[inc.app+"/"+inc.name]
	if !ok || inc.prefix == "" || inc.appPrefix == "" {
		return fmt.Errorf("include_partial %s/%s: partial not found or prefixes missing", inc.app, inc.name)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	terms, err := erlterm.ParseSchemaFile(src)
	if err != nil {
		return fmt.Errorf("%s:%w", file, err)
	}
	if inc.disableWith != "" {
		s.Mappings = append(s.Mappings, Mapping{Conf: inc.prefix, Path: inc.appPrefix,
			Datatypes: []Datatype{{Kind: "enum", Values: []string{inc.disableWith}}}})
		s.Translations = append(s.Translations, inc.appPrefix)
	}
	if err := s.collect(terms, inc, nil); err != nil {
		return fmt.Errorf("%s:%w", file, err)
	}
	return nil
}

// place puts a partial's relative key under prefix (a schema file's own
// keys have no prefix).
func (includePartial) place(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
