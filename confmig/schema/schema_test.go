package schema

import (
	"github.com/warren-sre/warren/lab"
	"os"
	"reflect"
	"testing"
)

// ServerOrSkip finds a RabbitMQ of the series: on this machine or in a
// lab release root. Outside CI a missing one skips the test (saying so);
// in CI (CI=true) it fails, so the check can never silently vanish.
func serverOrSkip(t *testing.T, series string) Server {
	t.Helper()
	s, ok := FindSeries(series)
	if !ok {
		msg := "no RabbitMQ " + series + " installed or in a release root under " + lab.RootsDir() + " (warren lab builds one)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return s
}

// The shipped tables must say what each version's own schema files say.
func TestShippedTablesMatchTheSchemaFiles(t *testing.T) {
	for _, series := range []string{"3.8", "3.10", "4.0", "4.3"} {
		t.Run(series, func(t *testing.T) {
			srv := serverOrSkip(t, series)
			live, err := Load(srv.HostDir())
			if err != nil {
				t.Fatal(err)
			}
			shipped, exact, err := NearestShipped(live.Version)
			if err != nil || !exact {
				t.Fatalf("no shipped table for the %s series (found %s): run go generate (%v)", series, live.Version, err)
			}
			if shipped.Version != live.Version {
				t.Logf("%s ships %s's table; regenerate to follow it", live.Version, shipped.Version)
				return
			}
			if !reflect.DeepEqual(live, shipped) {
				t.Errorf("the shipped %s table differs from %s's schema files: run go generate", shipped.Version, srv.HostDir())
			}
			if len(live.Mappings) < 500 || len(live.Translations) < 100 {
				t.Errorf("%s: only %d mappings and %d translations read", live.Version, len(live.Mappings), len(live.Translations))
			}
		})
	}
}

func TestIndex(t *testing.T) {
	s, err := ShippedTable("3.10.8")
	if err != nil {
		t.Fatal(err)
	}
	x := s.Index()
	if m := x.Mappings("rabbit.heartbeat"); len(m) != 1 || m[0].Conf != "heartbeat" || m[0].Datatypes[0].Kind != "integer" {
		t.Errorf("rabbit.heartbeat mappings = %+v", m)
	}
	if !x.Translated("rabbit.tcp_listeners") || x.Translated("rabbit.heartbeat") {
		t.Error("Translated: tcp_listeners has a translation fun, heartbeat has none")
	}
	if !x.HasChildren("rabbit.ssl_options") || x.HasChildren("rabbit.heartbeat") {
		t.Error("HasChildren: ssl_options is a property list, heartbeat a scalar")
	}
}

func TestVersionsOrderNumerically(t *testing.T) {
	if !Less("3.9.0", "3.10.8") || Less("4.0.5", "3.13.7") || !SameSeries("4.0", "4.0.5") {
		t.Error("version order is not numeric")
	}
	s, exact, err := NearestShipped("3.13.7")
	if err != nil || exact || s.Version != "3.10.8" {
		t.Errorf("NearestShipped(3.13.7) = %v %v %v, want the 3.10.8 table, not exact", s.Version, exact, err)
	}
}
