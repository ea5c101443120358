// Package repo owns SQL: the gorm models, the queries, and the versioned
// migrations. It implements the store interfaces that service/ declares and
// turns database errors into domain errors.
package repo

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	gomysql "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Driver names, as in configuration.
const (
	SQLite = "sqlite"
	MySQL  = "mysql"
)

// DB is the database handle every repository shares. It also runs
// transactions for the service layer (see tx.go).
type DB struct {
	gorm   *gorm.DB
	driver string
}

// Driver tells which database this is.
func (d *DB) Driver() string { return d.driver }

// Open connects, checks the connection, and tunes the pool. It does not
// migrate; call Migrate for that.
func Open(ctx context.Context, driver, dsn string, maxOpen int, log *slog.Logger) (*DB, error) {
	var dialector gorm.Dialector
	switch driver {
	case SQLite:
		if err := ensureSQLiteDir(dsn); err != nil {
			return nil, err
		}
		dialector = sqlite.Open(dsn)
	case MySQL:
		norm, err := NormalizeMySQLDSN(dsn)
		if err != nil {
			return nil, err
		}
		dialector = mysql.New(mysql.Config{DSN: norm})
	default:
		return nil, fmt.Errorf("unknown database driver %q", driver)
	}
	g, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 newGormLogger(log),
		SkipDefaultTransaction: true, // single statements need no BEGIN/COMMIT round trips
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) },
	})
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", driver, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(maxOpen)
	sqlDB.SetMaxIdleConns(maxOpen)
	sqlDB.SetConnMaxLifetime(30 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("reach %s database: %w", driver, err)
	}
	return &DB{gorm: g, driver: driver}, nil
}

// NormalizeMySQLDSN forces the settings this schema relies on: client-side
// parameter interpolation (one round trip per query instead of
// prepare+execute+close), UTC times parsed into time.Time, utf8mb4 so
// Chinese and emoji round-trip, and short dial timeouts so an outage is
// reported quickly.
func NormalizeMySQLDSN(dsn string) (string, error) {
	cfg, err := gomysql.ParseDSN(dsn)
	if err != nil {
		return "", fmt.Errorf("parse mysql dsn: %w", err)
	}
	cfg.InterpolateParams = true
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.Collation = "utf8mb4_unicode_ci"
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["charset"] = "utf8mb4"
	if cfg.Timeout == 0 {
		cfg.Timeout = 3 * time.Second
	}
	return cfg.FormatDSN(), nil
}

// ensureSQLiteDir creates the directory of a file DSN so a first run with
// no setup can start.
func ensureSQLiteDir(dsn string) error {
	path := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" || path == ":memory:" || strings.Contains(dsn, "mode=memory") {
		return nil
	}
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("create database directory: %w", err)
	}
	return nil
}

// Ping reports whether the database answers; /readyz uses it.
func (d *DB) Ping(ctx context.Context) error {
	sqlDB, err := d.gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close releases the pool.
func (d *DB) Close() error {
	sqlDB, err := d.gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// gormLogger sends slow queries and errors to slog as JSON, instead of
// gorm's coloured text on stdout.
type gormLogger struct {
	log  *slog.Logger
	slow time.Duration
}

func newGormLogger(log *slog.Logger) logger.Interface {
	if log == nil {
		log = slog.Default()
	}
	return &gormLogger{log: log, slow: 200 * time.Millisecond}
}

func (l *gormLogger) LogMode(logger.LogLevel) logger.Interface { return l }
func (l *gormLogger) Info(context.Context, string, ...any)     {}
func (l *gormLogger) Warn(ctx context.Context, msg string, args ...any) {
	l.log.WarnContext(ctx, fmt.Sprintf(msg, args...))
}

func (l *gormLogger) Error(ctx context.Context, msg string, args ...any) {
	l.log.ErrorContext(ctx, fmt.Sprintf(msg, args...))
}

func (l *gormLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	elapsed := time.Since(begin)
	if elapsed < l.slow {
		return
	}
	sql, rows := fc()
	l.log.WarnContext(ctx, "slow query", "elapsed_ms", elapsed.Milliseconds(), "rows", rows, "sql", sql)
}
