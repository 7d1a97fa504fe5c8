// Package i18n holds warren's two languages: English (the default) and
// Simplified Chinese. Messages live in embedded catalogs, one file per area
// and language (locales/AREA.LANG.yaml), read with go-i18n. Finding codes,
// step IDs and JSON field names never change with the language; only the
// text people read does.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Lang is a language warren speaks.
type Lang string

const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// Langs lists every language, default first.
var Langs = []Lang{English, Chinese}

//go:embed locales/*.yaml
var catalogs embed.FS

var (
	loadOnce sync.Once
	bundle   *i18n.Bundle
	loadErr  error
)

// load reads every catalog once. A broken catalog is a build defect that the
// catalog test catches; at run time it degrades to message IDs, never a panic.
func load() (*i18n.Bundle, error) {
	loadOnce.Do(func() {
		b := i18n.NewBundle(language.English)
		b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
		files, err := fs.Glob(catalogs, "locales/*.yaml")
		if err != nil {
			loadErr = err
			return
		}
		for _, f := range files {
			raw, err := catalogs.ReadFile(f)
			if err != nil {
				loadErr = err
				return
			}
			if _, err := b.ParseMessageFileBytes(raw, f); err != nil {
				loadErr = fmt.Errorf("i18n: %s: %w", f, err)
				return
			}
		}
		bundle = b
	})
	return bundle, loadErr
}

// Printer turns message IDs into text in one language.
type Printer struct {
	lang Lang
	loc  *i18n.Localizer
}

var (
	printersOnce sync.Once
	printers     map[Lang]*Printer
	ids          map[Lang]map[string]string
)

// built makes each language's printer and id set once: step titles and
// explanations are looked up on every frame, and parsing the catalogs per
// lookup cost milliseconds each.
func built() {
	printersOnce.Do(func() {
		printers, ids = map[Lang]*Printer{}, map[Lang]map[string]string{}
		b, err := load()
		for _, lang := range Langs {
			p := &Printer{lang: lang}
			if err == nil {
				p.loc = i18n.NewLocalizer(b, string(lang), string(English))
			}
			printers[lang], ids[lang] = p, readMessageIDs(lang)
		}
	})
}

// For returns the printer of lang (English for anything unknown). Printers
// hold no state of their own, so every caller shares one per language.
func For(lang Lang) *Printer {
	if lang != Chinese {
		lang = English
	}
	built()
	return printers[lang]
}

// Lang is the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// T is the message id with data filled in ({{.Name}} in the catalog). A
// message missing in p's language falls back to English, then to the id
// itself, so a gap shows as a visible key rather than a crash.
func (p *Printer) T(id string, data ...map[string]any) string {
	if p == nil || p.loc == nil {
		return id
	}
	var td map[string]any
	if len(data) > 0 {
		td = data[0]
	}
	s, err := p.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: td})
	if err != nil || s == "" {
		return id
	}
	return s
}

// Has reports whether id exists in p's own language (no fallback).
func (p *Printer) Has(id string) bool {
	_, ok := messageIDs(p.lang)[id]
	return ok
}

var (
	current   = For(English)
	currentMu sync.RWMutex
)

// Default is the process-wide printer, set once by the command line from
// --lang or the locale. Screens take a *Printer explicitly instead.
func Default() *Printer {
	currentMu.RLock()
	defer currentMu.RUnlock()
	return current
}

// SetDefault sets the process-wide language.
func SetDefault(lang Lang) {
	currentMu.Lock()
	defer currentMu.Unlock()
	current = For(lang)
}

// T is Default().T.
func T(id string, data ...map[string]any) string { return Default().T(id, data...) }

// Parse reads a --lang value: "", "en", "zh", or a locale such as zh_CN.UTF-8.
func Parse(s string) (Lang, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return English, nil
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || s == "c" || s == "posix":
		return English, nil
	case s == "zh" || strings.HasPrefix(s, "zh_") || strings.HasPrefix(s, "zh-"):
		return Chinese, nil
	}
	return English, fmt.Errorf("unknown language %q (warren speaks en and zh)", s)
}

// Detect picks the language: the --lang flag when given, else the first of
// LC_ALL, LC_MESSAGES, LANG that is set (POSIX precedence); only a zh_*
// locale selects Chinese.
func Detect(flag string, getenv func(string) string) (Lang, error) {
	if flag != "" {
		return Parse(flag)
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return Chinese, nil
			}
			return English, nil
		}
	}
	return English, nil
}

// messageIDs lists the ids one language's catalogs define (read once;
// callers never change it).
func messageIDs(lang Lang) map[string]string {
	built()
	return ids[lang]
}

func readMessageIDs(lang Lang) map[string]string {
	out := map[string]string{}
	files, _ := fs.Glob(catalogs, "locales/*."+string(lang)+".yaml")
	for _, f := range files {
		raw, err := catalogs.ReadFile(f)
		if err != nil {
			continue
		}
		mf, err := i18n.ParseMessageFileBytes(raw, f, map[string]i18n.UnmarshalFunc{"yaml": yaml.Unmarshal})
		if err != nil {
			continue
		}
		for _, m := range mf.Messages {
			out[m.ID] = m.Other
		}
	}
	return out
}
