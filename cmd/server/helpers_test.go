package main

import (
	"context"
	"crypto/sha1" // #nosec G505 -- WeCom's protocol mandates SHA-1 msg_signature
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
)

// sign computes WeCom's msg_signature the way WeCom does, so tests can
// build envelopes the Crypter would not (a truncated ciphertext).
func sign(parts ...string) string {
	s := append([]string(nil), parts...)
	sort.Strings(s)
	sum := sha1.Sum([]byte(strings.Join(s, ""))) // #nosec G401 -- WeCom's protocol mandates SHA-1
	return hex.EncodeToString(sum[:])
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// fetch GETs u and returns the status and the body.
func fetch(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u) // #nosec G107 -- a test's own server
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path) // #nosec G304 -- test fixture path
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// inboxRows counts the callbacks the server has stored, on its stack.
func (e *e2e) inboxRows() int64 {
	e.t.Helper()
	counts, err := repo.NewInbox(e.openDB()).CountByStatus(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	var n int64
	for _, c := range counts {
		n += c
	}
	return n
}
