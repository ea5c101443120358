package repo

import (
	"context"

	"gorm.io/gorm"
)

type txKey struct{}

// InTx runs fn in a transaction carried by ctx. Repositories called with
// that ctx join it; a nested InTx joins the outer transaction instead of
// opening a second one, so a service method can call another freely.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	return d.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
}

// conn returns the transaction in ctx, or the pool.
func (d *DB) conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	return d.gorm.WithContext(ctx)
}
