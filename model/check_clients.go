package model

import (
	"fmt"
	"sort"
	"strings"
)

// Client statuses in the inventory.
const (
	ClientOK          = "ok"
	ClientTooOld      = "too_old"     // cannot connect to the target: a blocker
	ClientEndOfLife   = "end_of_life" // unsupported library line: a warning
	ClientUnreadable  = "unreadable"  // known library, version not readable
	ClientNotRecorded = "unknown"     // library warren has no rules for
)

// maxConnRefs bounds the connections listed per client group.
const maxConnRefs = 50

// ConnRef names one connection of a client group.
type ConnRef struct {
	Name         string `json:"name"`
	PeerHost     string `json:"peer_host"`
	User         string `json:"user"`
	VHost        string `json:"vhost"`
	Node         string `json:"node"`
	ProvidedName string `json:"connection_name,omitempty"`
}

// ClientGroup is every connection of one client product/version/platform.
type ClientGroup struct {
	Library     ClientLibrary `json:"library"`
	Product     string        `json:"product"`
	Version     string        `json:"version"`
	Platform    string        `json:"platform"`
	Count       int           `json:"count"`
	Status      string        `json:"status"`
	Reason      string        `json:"reason,omitempty"`
	Connections []ConnRef     `json:"connections"`
	// Omitted counts connections beyond the listed ones.
	Omitted int `json:"connections_omitted,omitempty"`
}

// ClientInventory groups live connections by what the client says it is
// and judges each group against the target. Largest groups first.
func ClientInventory(conns []Connection, target Version) []ClientGroup {
	byKey := map[string]*ClientGroup{}
	for _, c := range conns {
		key := c.Product + "\x00" + c.Version + "\x00" + c.Platform
		g, ok := byKey[key]
		if !ok {
			g = &ClientGroup{Library: IdentifyClient(c.Product, c.Platform), Product: c.Product, Version: c.Version, Platform: c.Platform}
			g.Status, g.Reason = judgeClient(g.Library, c.Version, target)
			byKey[key] = g
		}
		g.Count++
		if len(g.Connections) < maxConnRefs {
			g.Connections = append(g.Connections, ConnRef{Name: c.Name, PeerHost: c.PeerHost, User: c.User, VHost: c.VHost, Node: c.Node, ProvidedName: c.ProvidedName})
		} else {
			g.Omitted++
		}
	}
	out := make([]ClientGroup, 0, len(byKey))
	for _, g := range byKey {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Product+out[i].Version < out[j].Product+out[j].Version
	})
	return out
}

func judgeClient(lib ClientLibrary, version string, target Version) (status, reason string) {
	if lib == ClientUnknown {
		return ClientNotRecorded, "warren has no version rules for this client"
	}
	broken, readable := CheckClient(lib, version, target)
	if !readable {
		return ClientUnreadable, fmt.Sprintf("version %q cannot be compared", version)
	}
	if len(broken) == 0 {
		return ClientOK, ""
	}
	r := broken[0]
	for _, b := range broken {
		if b.Severity == ClientCannotConnect {
			r = b
		}
	}
	reason = fmt.Sprintf("needs %s ≥ %s: %s (%s)", lib, r.MinVersion, r.Reason, r.Source)
	if r.Severity == ClientCannotConnect {
		return ClientTooOld, reason
	}
	return ClientEndOfLife, reason
}

// ClientFindings flags client groups that cannot connect to the target
// (blocker) or run an end-of-life line (warning), naming the connections.
func ClientFindings(f CheckFacts) []Finding {
	conns := f.Snapshot.Connections
	if conns.Err != "" {
		return []Finding{notChecked("client connections", conns.Err)}
	}
	var fs []Finding
	for _, g := range ClientInventory(conns.Value, f.Target) {
		if g.Status != ClientTooOld && g.Status != ClientEndOfLife {
			continue
		}
		sev, title := Warning, fmt.Sprintf("%d connection(s) use end-of-life %s %s", g.Count, g.Library, g.Version)
		if g.Status == ClientTooOld {
			sev, title = Blocker, fmt.Sprintf("%d connection(s) use %s %s, which cannot connect to %s", g.Count, g.Library, g.Version, f.Target)
		}
		fs = append(fs, Finding{Code: CodeClientTooOld, Severity: sev, Title: title,
			Evidence: append([]string{g.Reason}, connEvidence(g)...),
			Remedy:   "upgrade these applications' client library before the server upgrade", Doc: DocClientLibraries})
	}
	if fm := FrameMaxFinding(conns.Value, f.Target); fm != nil {
		fs = append(fs, *fm)
	}
	return fs
}

// FrameMaxFinding names live connections whose negotiated frame_max is
// below what the target lets a client ask for (8192 from 4.1.0,
// release-notes/4.1.0.md): such clients cannot connect after the upgrade.
func FrameMaxFinding(conns []Connection, target Version) *Finding {
	min := MinClientFrameMax(target)
	var ev []string
	for _, c := range conns {
		if c.FrameMax > 0 && c.FrameMax < min {
			ev = append(ev, fmt.Sprintf("connection %q from %s (%s %s) negotiated frame_max %d", c.Name, c.PeerHost, c.Product, c.Version, c.FrameMax))
		}
	}
	if len(ev) == 0 {
		return nil
	}
	return &Finding{Code: CodeClientFrameMax, Severity: Blocker,
		Title:    fmt.Sprintf("%d connection(s) use a frame_max below %d, the least %s accepts", len(ev), min, target.Series()),
		Evidence: capEvidence(ev),
		Remedy:   fmt.Sprintf("make these clients ask for frame_max ≥ %d, or leave it unset (the server default is 131072)", min),
		Doc:      DocClientLibraries}
}

func connEvidence(g ClientGroup) []string {
	var ev []string
	for _, c := range g.Connections {
		line := fmt.Sprintf("connection %q from %s (user %s, vhost %s, node %s) %s %s %s", c.Name, c.PeerHost, c.User, c.VHost, c.Node, g.Product, g.Version, g.Platform)
		if c.ProvidedName != "" {
			line += " name " + c.ProvidedName
		}
		ev = append(ev, strings.TrimSpace(line))
	}
	ev = capEvidence(ev)
	if g.Omitted > 0 {
		ev = append(ev, fmt.Sprintf("… and %d more connection(s)", g.Omitted))
	}
	return ev
}
