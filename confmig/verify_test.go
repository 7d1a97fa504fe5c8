package confmig

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/confmig/schema"
)

// seriesOrSkip finds a RabbitMQ of the series, installed here or in a lab
// release root. Outside CI a missing one skips the test, saying so; in CI
// (CI=true) it fails, so the check can never silently vanish.
func seriesOrSkip(t *testing.T, series string) schema.Server {
	t.Helper()
	srv, err := FindServer("", series)
	if errors.Is(err, ErrNoRabbitMQ) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// realFiles writes a PEM certificate and a definitions file, because the
// schemas' validators read the files a config names.
func realFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "warren test"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	files := map[string][]byte{"ca.pem": certPEM, "cert.pem": certPEM,
		"key.pem": pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), "definitions.json": []byte("{}")}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Every corpus setting the target keeps comes back from the version's own
// schema as it was written: 3.10 on this machine, 4.0 and 4.3 in lab roots.
func TestVerifyCorpusWithEachVersionsOwnSchema(t *testing.T) {
	for _, series := range []string{"3.10", "4.0", "4.3"} {
		t.Run(series, func(t *testing.T) {
			srv := seriesOrSkip(t, series)
			s, err := schema.Load(srv.HostDir())
			if err != nil {
				t.Fatal(err)
			}
			dir := realFiles(t)
			for name, src := range corpusFiles(t) {
				src = []byte(strings.ReplaceAll(string(src), "/etc/rabbitmq/", dir+"/"))
				res, err := Convert(src, Options{Target: srv.Version, Schema: s})
				if err != nil {
					t.Fatal(err)
				}
				v, err := Verify(context.Background(), res, srv)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				checkVerification(t, name, srv, res, v)
			}
		})
	}
}

func checkVerification(t *testing.T, name string, srv schema.Server, res Result, v Verification) {
	t.Helper()
	if len(v.Checks) != len(res.Entries) {
		t.Errorf("%s: %d checks for %d entries", name, len(v.Checks), len(res.Entries))
	}
	if len(v.Rejected) > 0 {
		t.Errorf("%s: RabbitMQ %s rejects %v", name, srv.Version, v.Rejected)
	}
	if v.FilesUnchecked != (srv.Root != "") {
		t.Errorf("%s: files unchecked = %v in root %q", name, v.FilesUnchecked, srv.Root)
	}
	for _, c := range v.Checks {
		switch c.Status {
		case Equivalent, WasDropped:
		default:
			t.Errorf("%s on %s: %s.%s %s: %s / %s %s", name, srv.Version, c.App, c.Key, c.Status, c.Original, c.Generated, c.Note)
		}
	}
}

func TestVerifyReportsDifferencesAndRejections(t *testing.T) {
	srv := seriesOrSkip(t, "3.10")
	src := `[{rabbit, [{cluster_name, <<"prod">>}, {ssl_options, [{cacertfile, "/nonexistent/ca.pem"}]}]}].`
	res, err := Convert([]byte(src), Options{Schema: shippedTable(t, "3.10.8")})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Verify(context.Background(), res, srv)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]CheckStatus{}
	for _, c := range v.Checks {
		got[c.Key] = c.Status
	}
	// rabbit.schema turns cluster_name into a string, not the binary
	// written here: same text, noted; the missing file is rejected.
	if got["cluster_name"] != Equivalent || !strings.Contains(v.Checks[0].Note, "same text") || got["ssl_options"] != NotCheckable {
		t.Errorf("checks = %+v, want cluster_name equivalent with a note and ssl_options not checkable", v.Checks)
	}
	if len(v.Rejected) != 1 || v.Rejected[0] != "ssl_options.cacertfile" {
		t.Errorf("rejected = %v, want ssl_options.cacertfile", v.Rejected)
	}
}

func TestFindServerExplainsAMissingInstall(t *testing.T) {
	if _, err := FindServer(t.TempDir(), ""); !errors.Is(err, ErrNoRabbitMQ) {
		t.Errorf("FindServer(empty dir) = %v, want ErrNoRabbitMQ", err)
	}
	if _, err := FindServer("", "2.7"); !errors.Is(err, ErrNoRabbitMQ) {
		t.Errorf("FindServer for 2.7 = %v, want ErrNoRabbitMQ", err)
	}
}
