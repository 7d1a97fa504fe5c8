package broker

import (
	"crypto/x509"
	"fmt"

	"github.com/warren-sre/warren/safefile"
)

func loadCAFile(path string) (*x509.CertPool, error) {
	pem, err := safefile.Read(path, safefile.CertLimit)
	if err != nil {
		return nil, fmt.Errorf("CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("CA file %s holds no PEM certificate", path)
	}
	return pool, nil
}
