package model

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// model must stay pure: no terminal, no network, no other warren package.
func TestModelImportsNothingImpure(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files found: %v", err)
	}
	// Entries ending in "/" forbid a whole tree; others one package
	// (net/url stays allowed: it is pure parsing).
	forbidden := []string{"charm.land/", "github.com/charmbracelet/", "net", "net/http", "net/http/", "os/exec",
		"github.com/warren-sre/warren/", "github.com/michaelklishin/", "github.com/rabbitmq/"}
	fset := token.NewFileSet()
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, bad := range forbidden {
				if path == bad || (strings.HasSuffix(bad, "/") && strings.HasPrefix(path, bad)) {
					t.Errorf("%s imports %q: model must stay pure", name, path)
				}
			}
		}
	}
}
