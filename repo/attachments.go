package repo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"

	"github.com/wecom-ticket/ticket/service"
)

// DefaultAttachmentDir is where attachments are kept unless configured.
const DefaultAttachmentDir = "data/attachments"

// DiskBlobs keeps attachment bytes on local disk, one file per content,
// named by its SHA-256 (ab/cd/abcd…), so the same file uploaded twice is
// stored once. Every access goes through an os.Root: no name, however
// built, reaches outside the directory, not even through a symlink.
type DiskBlobs struct{ root *os.Root }

var _ service.BlobStore = (*DiskBlobs)(nil)

// NewDiskBlobs opens (creating it if needed) the attachment directory.
func NewDiskBlobs(dir string) (*DiskBlobs, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create attachment directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open attachment directory: %w", err)
	}
	if err := root.MkdirAll("tmp", 0o750); err != nil {
		_ = root.Close()
		return nil, fmt.Errorf("create attachment directory: %w", err)
	}
	return &DiskBlobs{root: root}, nil
}

// Close releases the directory.
func (d *DiskBlobs) Close() error { return d.root.Close() }

// Put writes r to a temporary file while hashing it, then renames it to
// its key; a rename onto an existing key keeps the one copy.
func (d *DiskBlobs) Put(ctx context.Context, r io.Reader) (string, int64, error) {
	tmp := "tmp/" + rand.Text()
	f, err := d.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), ctxReader{ctx, r})
	if err == nil {
		err = f.Sync()
	}
	err = errors.Join(err, f.Close())
	if err != nil {
		_ = d.root.Remove(tmp)
		return "", 0, fmt.Errorf("write blob: %w", err)
	}
	key := hex.EncodeToString(h.Sum(nil))
	name := blobPath(key)
	if err := d.root.MkdirAll(path.Dir(name), 0o750); err != nil {
		_ = d.root.Remove(tmp)
		return "", 0, err
	}
	if err := d.root.Rename(tmp, name); err != nil {
		_ = d.root.Remove(tmp)
		return "", 0, fmt.Errorf("store blob: %w", err)
	}
	return key, n, nil
}

// Open returns the blob under key.
func (d *DiskBlobs) Open(_ context.Context, key string) (io.ReadCloser, error) {
	if !validBlobKey(key) {
		return nil, blobNotFound(key)
	}
	f, err := d.root.Open(blobPath(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, blobNotFound(key)
	}
	return f, err
}

func blobNotFound(key string) error {
	return service.E(service.KindNotFound, "blob.not_found", "no blob %.16q", key)
}

func blobPath(key string) string { return key[:2] + "/" + key[2:4] + "/" + key }

// validBlobKey accepts exactly 64 lowercase hex digits.
func validBlobKey(key string) bool {
	if len(key) != sha256.Size*2 {
		return false
	}
	for _, c := range key {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// ctxReader stops a long copy when the request is gone.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
