package repo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"testing/fstest"
	"text/template"

	"github.com/pressly/goose/v3"
)

// The migrations are one set of SQL files for both databases. The few
// spots where MySQL and SQLite disagree (generated keys, time precision,
// table options, long text) are template placeholders filled per dialect,
// so the schema is written once.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type dialect struct {
	ID, Time, Opts, LongText string
}

var dialects = map[string]dialect{
	MySQL: {
		ID:       "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
		Time:     "DATETIME(3)",
		Opts:     "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
		LongText: "MEDIUMTEXT",
	},
	SQLite: {
		ID:       "INTEGER PRIMARY KEY AUTOINCREMENT",
		Time:     "DATETIME",
		Opts:     "",
		LongText: "TEXT",
	},
}

// renderMigrations fills the placeholders for one dialect.
func renderMigrations(driver string) (fs.FS, error) {
	d, ok := dialects[driver]
	if !ok {
		return nil, fmt.Errorf("no migrations for driver %q", driver)
	}
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	for _, e := range entries {
		raw, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		tpl, err := template.New(e.Name()).Option("missingkey=error").Parse(string(raw))
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		var buf bytes.Buffer
		if err := tpl.Execute(&buf, d); err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		out[e.Name()] = &fstest.MapFile{Data: buf.Bytes(), Mode: 0o444}
	}
	return out, nil
}

func (d *DB) provider() (*goose.Provider, error) {
	fsys, err := renderMigrations(d.driver)
	if err != nil {
		return nil, err
	}
	sqlDB, err := d.gorm.DB()
	if err != nil {
		return nil, err
	}
	gd := goose.DialectMySQL
	if d.driver == SQLite {
		gd = goose.DialectSQLite3
	}
	return goose.NewProvider(gd, sqlDB, fsys)
}

// Migrate applies every pending migration and returns the versions applied.
func (d *DB) Migrate(ctx context.Context) ([]int64, error) {
	p, err := d.provider()
	if err != nil {
		return nil, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	applied := make([]int64, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// SchemaVersion is the newest applied migration.
func (d *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := d.provider()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}
