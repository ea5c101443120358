package main

import (
	"context"
	"fmt"
	"os"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/service"
)

func (a *app) migrateOnly(ctx context.Context) error { return a.migrate(ctx) }

// seed loads an org file into the database, idempotently.
func (a *app) seed(ctx context.Context, path string) error {
	if err := a.migrate(ctx); err != nil {
		return err
	}
	raw, err := os.ReadFile(path) // #nosec G304 -- the operator names the file to load
	if err != nil {
		return fmt.Errorf("read org file: %w", err)
	}
	snap, err := configs.ParseOrg(raw)
	if err != nil {
		return err
	}
	rep, err := a.org.Apply(ctx, snap, service.ApplyOptions{})
	if err != nil {
		return describeInvalid(err)
	}
	a.log.Info("org seeded", "file", path, "report", fmt.Sprintf("%+v", rep))
	return nil
}

// describeInvalid lists every problem of a rejected org on one line.
func describeInvalid(err error) error {
	de, ok := err.(*service.Error)
	if !ok || de.Kind != service.KindInvalid {
		return err
	}
	return fmt.Errorf("org file rejected, nothing was changed: %v", de.Fields)
}

// syncOrg pulls departments and users from WeCom's address book at the
// configured API base. It is idempotent: an unchanged address book writes
// nothing.
func (a *app) syncOrg(ctx context.Context) error {
	if err := a.migrate(ctx); err != nil {
		return err
	}
	rep, err := a.org.SyncFromDirectory(ctx)
	if err != nil {
		return describeInvalid(err)
	}
	a.log.Info("org synced from WeCom", "report", fmt.Sprintf("%+v", rep), "changed", rep.Changed())
	return nil
}
