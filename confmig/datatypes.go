package confmig

import (
	"strings"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// encodeAs renders an Erlang value as the conf text a Cuttlefish datatype
// parses back into that value, or says why it cannot.
func encodeAs(dt schema.Datatype, v erlterm.Term) (string, error) {
	switch dt.Kind {
	case "integer", "bytesize", "byte":
		return intValue(v)
	case "boolean":
		return boolValue(v)
	case "float":
		return numberValue(v)
	case "atom":
		return atomValue(v)
	case "enum":
		return enumValue(dt.Values, v)
	case "flag":
		return flagValue(v)
	case "ip":
		return ipPortValue(v)
	case "duration":
		s, err := intValue(v)
		return s + dt.Unit, err
	case "string", "file", "directory", "fqdn", "binary", "tagged_binary", "tagged_string", "domain_socket":
		return textValue(v)
	}
	return "", noForm("datatype %s has no encoder in warren", dt.Kind)
}

// encodeAny tries the datatypes in the schema's order.
func encodeAny(dts []schema.Datatype, v erlterm.Term) (string, error) {
	var kinds []string
	for _, dt := range dts {
		s, err := encodeAs(dt, v)
		if err == nil {
			return s, nil
		}
		if len(dts) == 1 {
			return "", err
		}
		kinds = append(kinds, dt.Kind)
	}
	return "", noForm("%s fits none of the schema's datatypes (%s)", erlterm.Format(v), strings.Join(kinds, ", "))
}

func enumValue(values []string, v erlterm.Term) (string, error) {
	name, ok := atomOrText(v)
	for _, want := range values {
		if ok && name == want {
			return safeText(name)
		}
	}
	return "", noForm("%s is not one of %s", erlterm.Format(v), strings.Join(values, ", "))
}

// flagValue: Cuttlefish's flag datatype reads on/off.
func flagValue(v erlterm.Term) (string, error) {
	switch atomName(v) {
	case "true":
		return "on", nil
	case "false":
		return "off", nil
	}
	return "", noForm("expected true or false, found %s", erlterm.Format(v))
}

// ipPortValue: {"127.0.0.1", 5672} → 127.0.0.1:5672 (Cuttlefish splits at the last colon).
func ipPortValue(v erlterm.Term) (string, error) {
	tup, ok := v.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 {
		return "", noForm("%s is not an {IP, Port} pair", erlterm.Format(v))
	}
	ip, err := textValue(tup.Elems[0])
	if err != nil {
		return "", err
	}
	port, err := intValue(tup.Elems[1])
	return ip + ":" + port, err
}

func atomOrText(v erlterm.Term) (string, bool) {
	if a, ok := v.(*erlterm.Atom); ok {
		return a.Name, true
	}
	return text(v)
}
