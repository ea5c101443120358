package service

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// LibraryReport counts what LoadLibrary did.
type LibraryReport struct {
	Created, Updated, Unchanged, Kept int
}

// LoadLibrary loads the shipped template library (one YAML file per
// template, e.g. templates/tickets) at start. It is idempotent: a missing
// template is created, a library template whose file changed gets a new
// version, and a template an admin has edited since is kept as it is.
// Every problem of every file is reported at once, and nothing is stored
// unless all files are valid.
func (s *TemplateService) LoadLibrary(ctx context.Context, fsys fs.FS) (LibraryReport, error) {
	var rep LibraryReport
	defs, err := s.parseLibrary(fsys)
	if err != nil {
		return rep, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		rep = LibraryReport{}
		for _, def := range defs {
			cur, err := s.store.TemplateByCode(ctx, def.Code)
			switch {
			case IsKind(err, KindNotFound):
				rep.Created++
				err = s.save(ctx, &Template{TemplateDef: def, Enabled: true})
			case err != nil:
			case cur.Digest == digest(def):
				rep.Unchanged++
			case cur.CreatedBy != 0:
				rep.Kept++
			default:
				rep.Updated++
				err = s.save(ctx, &Template{TemplateDef: def, ID: cur.ID, Enabled: cur.Enabled})
			}
			if err != nil {
				return fmt.Errorf("library template %s: %w", def.Code, err)
			}
		}
		return nil
	})
	return rep, err
}

func (s *TemplateService) parseLibrary(fsys fs.FS) ([]TemplateDef, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	bad := map[string]string{}
	defs := make([]TemplateDef, 0, len(names))
	codes := map[string]string{}
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var def TemplateDef
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&def); err != nil {
			bad[name] = strings.TrimPrefix(err.Error(), "yaml: ")
			continue
		}
		for k, v := range def.validate(s.types) {
			bad[path.Join(name, k)] = v
		}
		if other, dup := codes[def.Code]; dup {
			bad[path.Join(name, "code")] = "also used by " + other
		}
		codes[def.Code] = name
		defs = append(defs, def)
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	return defs, nil
}
