package repo

import "context"

// MigrateDownTo undoes migrations until the schema is below version v; a
// test-only hook for checking Down sections.
func (d *DB) MigrateDownTo(ctx context.Context, v int64) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, v-1)
	return err
}
