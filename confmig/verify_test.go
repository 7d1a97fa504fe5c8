package confmig

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// serverOrSkip finds the installed RabbitMQ; in CI (CI=true) its absence
// is a failure, so the check can never silently vanish.
func serverOrSkip(t *testing.T) string {
	t.Helper()
	dir, err := FindServer("")
	if errors.Is(err, ErrNoRabbitMQ) && os.Getenv("CI") != "true" {
		t.Skip("RabbitMQ is not installed: ", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// corpusWithRealFiles points the corpus's certificate and definitions
// paths at files that exist, because the schema's validators check them.
func corpusWithRealFiles(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile("testdata/corpus.config")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"ca.pem", "cert.pem", "key.pem", "definitions.json"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return []byte(strings.ReplaceAll(string(src), "/etc/rabbitmq/", dir+"/"))
}

func TestVerifyCorpusWithInstalledSchema(t *testing.T) {
	dir := serverOrSkip(t)
	res, err := Convert(corpusWithRealFiles(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Verify(context.Background(), res, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Checks) != len(res.Entries) {
		t.Errorf("%d checks for %d entries", len(v.Checks), len(res.Entries))
	}
	for _, c := range v.Checks {
		if c.Status != Equivalent {
			t.Errorf("%s.%s: %s: %s / %s %s", c.App, c.Key, c.Status, c.Original, c.Generated, c.Note)
		}
	}
}

func TestVerifyReportsDifferencesAndRejections(t *testing.T) {
	dir := serverOrSkip(t)
	res, err := Convert([]byte(`[{rabbit, [{cluster_name, <<"prod">>}, {ssl_options, [{cacertfile, "/nonexistent/ca.pem"}]}]}].`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Verify(context.Background(), res, dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]CheckStatus{}
	for _, c := range v.Checks {
		got[c.Key] = c.Status
	}
	// rabbit.schema turns cluster_name into a string, not the binary written here.
	if got["cluster_name"] != Differs || got["ssl_options"] != NotCheckable {
		t.Errorf("checks = %+v, want cluster_name differs and ssl_options not checkable", v.Checks)
	}
	if v.OK() {
		t.Error("OK() is true despite a difference")
	}
}

func TestFindServerExplainsAMissingInstall(t *testing.T) {
	_, err := FindServer(t.TempDir())
	if !errors.Is(err, ErrNoRabbitMQ) {
		t.Errorf("FindServer(empty dir) = %v, want ErrNoRabbitMQ", err)
	}
}
