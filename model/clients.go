package model

import (
	"strconv"
	"strings"
)

// ClientLibrary identifies an AMQP 0-9-1 client library.
type ClientLibrary string

const (
	ClientUnknown   ClientLibrary = ""
	ClientJava      ClientLibrary = "java-amqp-client"
	ClientDotNet    ClientLibrary = "dotnet-rabbitmq-client"
	ClientPika      ClientLibrary = "pika"
	ClientAmqplib   ClientLibrary = "amqplib"
	ClientAmqp091Go ClientLibrary = "amqp091-go"
	ClientStreadway ClientLibrary = "streadway-amqp"
)

// clientSignature recognises a library from the connection's
// client_properties. Platform is a prefix ("" matches any).
type clientSignature struct {
	Product  string
	Platform string
	Library  ClientLibrary
}

// clientSignatures: how each library names itself.
//
// Source: rabbitmq-upgrade-facts.md §8.2 (client sources: Java
// AMQConnection.java, .NET ConnectionFactory.cs, pika/connection.py,
// amqplib lib/connect.js, amqp091-go connection.go at its tags) and
// verified-notes.md (amqplib 0.10.5, pika 1.2.0, amqp091-go 1.16.0 seen in
// /api/connections). Java and .NET both say product "RabbitMQ"; the
// platform tells them apart. amqp091-go ≤ 1.3.0 still reports the
// streadway URL, so that product means "amqp091-go ≤ 1.3.0 or streadway".
var clientSignatures = []clientSignature{
	{Product: "RabbitMQ", Platform: "Java", Library: ClientJava},
	{Product: "RabbitMQ", Platform: ".NET", Library: ClientDotNet},
	{Product: "Pika Python Client Library", Library: ClientPika},
	{Product: "amqplib", Library: ClientAmqplib},
	{Product: "AMQP 0.9.1 Client", Platform: "golang", Library: ClientAmqp091Go},
	{Product: "Amqp 0.9.1 Client", Platform: "golang", Library: ClientAmqp091Go},
	{Product: "https://github.com/streadway/amqp", Library: ClientStreadway},
}

// IdentifyClient names the library behind a connection's client
// properties. Products compare exactly (they are constants in each
// library); platforms by prefix ("Java", ".NET", "golang").
func IdentifyClient(product, platform string) ClientLibrary {
	for _, sig := range clientSignatures {
		if product == sig.Product && strings.HasPrefix(platform, sig.Platform) {
			return sig.Library
		}
	}
	return ClientUnknown
}

// ClientSeverity says how bad an old client is on the target.
type ClientSeverity string

const (
	ClientCannotConnect ClientSeverity = "cannot_connect" // a blocker
	ClientUnsupported   ClientSeverity = "unsupported"    // end of life; a warning
)

// ClientRule: from server version ServerSince on, Library below MinVersion
// is a problem of Severity.
type ClientRule struct {
	Library     ClientLibrary
	MinVersion  string
	ServerSince Version
	Severity    ClientSeverity
	Reason      string
	Source      string
}

// clientRules are the documented client minimums.
//
// Source: rabbitmq-upgrade-facts.md §8.1 (release-notes/4.1.0.md and
// amqplib CHANGELOG.md; https://www.rabbitmq.com/client-libraries/java-versions;
// https://www.rabbitmq.com/client-libraries/dotnet). No minimum is
// documented for pika or amqp091-go. Append a row when one appears.
var clientRules = []ClientRule{
	{Library: ClientAmqplib, MinVersion: "0.10.7", ServerSince: V(4, 1, 0), Severity: ClientCannotConnect,
		Reason: "4.1 raised the pre-auth frame_max from 4096 to 8192; older amqplib cannot connect",
		Source: "release-notes/4.1.0.md; amqplib CHANGELOG 0.10.7"},
	{Library: ClientJava, MinVersion: "5.0.0", ServerSince: V(3, 6, 0), Severity: ClientUnsupported,
		Reason: "the Java client 4.x line has been unsupported since 2021-01-01; use 5.x",
		Source: "https://www.rabbitmq.com/client-libraries/java-versions"},
	{Library: ClientDotNet, MinVersion: "6.0.0", ServerSince: V(3, 6, 0), Severity: ClientUnsupported,
		Reason: "RabbitMQ.Client 5.x and older are end of life; 6.x and 7.x are supported",
		Source: "https://www.rabbitmq.com/client-libraries/dotnet"},
}

// MinFrameMaxSince: from 4.1.0 a client that overrides frame_max must ask
// for at least 8192 (release-notes/4.1.0.md).
var MinFrameMaxSince = V(4, 1, 0)

// MinClientFrameMax returns the smallest frame_max a client may request on
// target (0 means "use the server default" and is always fine).
func MinClientFrameMax(target Version) int {
	if target.AtLeast(MinFrameMaxSince) {
		return 8192
	}
	return 4096
}

// ClientMinimums returns the rules in force on target.
func ClientMinimums(target Version) []ClientRule {
	var out []ClientRule
	for _, r := range clientRules {
		if target.AtLeast(r.ServerSince) {
			out = append(out, r)
		}
	}
	return out
}

// CheckClient returns the rules that a client of library lib at version
// (as reported in client_properties) breaks on target. ok is false when
// the version string cannot be read (e.g. streadway's "β"): treat the
// version as a hint, as amqp091-go 1.6.1–1.8.0 even report 1.6.0.
func CheckClient(lib ClientLibrary, version string, target Version) (broken []ClientRule, ok bool) {
	for _, r := range ClientMinimums(target) {
		if r.Library != lib {
			continue
		}
		cmp, readable := CompareLooseVersions(version, r.MinVersion)
		if !readable {
			return nil, false
		}
		if cmp < 0 {
			broken = append(broken, r)
		}
	}
	return broken, true
}

// CompareLooseVersions compares dotted numeric versions such as "0.10.5"
// or "6.8.1+abc123" (anything after '+' or '-' is ignored; missing parts
// count as zero). ok is false when either side has no leading number.
func CompareLooseVersions(a, b string) (cmp int, ok bool) {
	pa, okA := looseParts(a)
	pb, okB := looseParts(b)
	if !okA || !okB {
		return 0, false
	}
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if c := cmpInt(x, y); c != 0 {
			return c, true
		}
	}
	return 0, true
}

func looseParts(s string) ([]int, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	if i := strings.IndexAny(s, "+- "); i >= 0 {
		s = s[:i]
	}
	var parts []int
	for _, f := range strings.Split(s, ".") {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, false
		}
		parts = append(parts, n)
	}
	return parts, len(parts) > 0
}
