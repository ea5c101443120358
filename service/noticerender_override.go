package service

import (
	"io/fs"
	"os"
	"path/filepath"
	"text/template"
)

// override returns the admin's version of p when there is one that
// parses. A bad one is reported once per change of the file. Callers hold
// n.mu.
func (n *NoticeTemplates) override(p string) (*template.Template, bool) {
	if n.dir == "" {
		return nil, false
	}
	full := filepath.Join(n.dir, filepath.FromSlash(p))
	st, err := os.Stat(full)
	if err != nil {
		return nil, false
	}
	if cur := n.cache[p]; cur != nil && cur.mod.Equal(st.ModTime()) {
		return cur.tpl, cur.fromDir
	}
	raw, err := os.ReadFile(full) // #nosec G304 -- the admin-configured template directory
	var t *template.Template
	if err == nil {
		t, err = parseNotice(p, raw)
	}
	if err != nil {
		n.log.Warn("notice template override ignored; the shipped one is used", "file", full, "err", err)
		delete(n.cache, p)
		base, berr := fs.ReadFile(n.base, p)
		if berr != nil {
			return nil, false
		}
		if t, berr = parseNotice(p, base); berr != nil {
			return nil, false
		}
		// Remember the shipped template under the bad file's time, so the
		// warning is not repeated until the file changes again.
		n.cache[p] = &noticeTemplate{tpl: t, mod: st.ModTime()}
		return t, true
	}
	n.cache[p] = &noticeTemplate{tpl: t, fromDir: true, mod: st.ModTime()}
	return t, true
}

// overlayFS reads a file from the override directory when it is there,
// else from the shipped tree.
type overlayFS struct {
	top  string
	base fs.FS
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if o.top != "" {
		if f, err := os.DirFS(o.top).Open(name); err == nil {
			return f, nil
		}
	}
	return o.base.Open(name)
}
