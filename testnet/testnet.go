// Package testnet holds network stand-ins for tests that are about what
// warren does when a peer misbehaves, not about RabbitMQ's behaviour.
package testnet

import (
	"net"
	"sync"
	"testing"
)

// SilentListener accepts connections and never answers — a node frozen
// with SIGSTOP (its kernel still completes the TCP handshake), a hung
// proxy, a port that is no management listener — and returns its URL.
func SilentListener(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}
