package handler

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/templates/static"
)

// staticAssets maps each asset to its URL with a short content hash, so
// a page always loads the asset it was released with and browsers may
// keep assets for a year.
func staticAssets() map[string]string {
	out := map[string]string{}
	_ = fs.WalkDir(static.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static.Files, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[p] = "/h5/static/" + p + "?v=" + hex.EncodeToString(sum[:6])
		return nil
	})
	return out
}

// serveStatic answers an embedded asset.
func serveStatic(c *gin.Context) {
	name := strings.TrimPrefix(path.Clean(c.Param("file")), "/")
	b, err := fs.ReadFile(static.Files, name)
	if err != nil {
		c.Status(http.StatusNotFound)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, ct, b)
}
