package repo_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
)

// failingReader yields some bytes, then fails like a dropped upload.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	n := min(len(p), f.n)
	f.n -= n
	return n, nil
}

func TestDiskBlobs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	blobs, err := repo.NewDiskBlobs(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = blobs.Close() }()
	content := bytes.Repeat([]byte("工单附件 📎 "), 1000)

	// Many writers of one content end with one file holding it.
	var wg sync.WaitGroup
	keys := make([]string, 8)
	for i := range keys {
		wg.Go(func() {
			k, n, err := blobs.Put(ctx, bytes.NewReader(content))
			if err != nil || n != int64(len(content)) {
				t.Errorf("put %d: %d bytes, %v", i, n, err)
			}
			keys[i] = k
		})
	}
	wg.Wait()
	for _, k := range keys {
		if k != keys[0] || len(k) != 64 {
			t.Fatalf("keys = %v, want one SHA-256", keys)
		}
	}
	rc, err := blobs.Open(ctx, keys[0])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	_ = rc.Close()
	if !bytes.Equal(got, content) {
		t.Fatal("read back different bytes")
	}

	if _, _, err := blobs.Put(ctx, &failingReader{n: 5000}); err == nil {
		t.Fatal("a failed upload was stored")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := blobs.Put(cancelled, bytes.NewReader(content)); !errors.Is(err, context.Canceled) {
		t.Fatalf("put after cancel: %v", err)
	}
	tmp, err := os.ReadDir(filepath.Join(dir, "tmp"))
	if err != nil || len(tmp) != 0 {
		t.Fatalf("temporary files left: %v %v", tmp, err)
	}

	// A symlink planted in the store cannot lead out of it.
	outside := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(outside, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	key := "ab" + keys[0][2:]
	if err := os.MkdirAll(filepath.Join(dir, "ab", key[2:4]), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "ab", key[2:4], key)); err != nil {
		t.Fatal(err)
	}
	if rc, err := blobs.Open(ctx, key); err == nil {
		_ = rc.Close()
		t.Fatal("opened a blob through a symlink out of the store")
	}
	for _, bad := range []string{"../x", "", keys[0] + "0", "/etc/passwd"} {
		if _, err := blobs.Open(ctx, bad); !service.IsKind(err, service.KindNotFound) {
			t.Errorf("open %q: %v, want not found", bad, err)
		}
	}
}
