package main

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// bulkWriter sends rows to one table as multi-row INSERTs of literal
// values (no placeholders, so no 65,535-parameter limit and no prepare
// round trip), on a few connections at once.
type bulkWriter struct {
	db      *sql.DB
	head    string // INSERT INTO t (cols) VALUES
	buf     strings.Builder
	n       int
	jobs    chan string
	wg      sync.WaitGroup
	errOnce sync.Once
	err     error
	rows    int
}

const bulkRows = 1000

func newBulkWriter(ctx context.Context, db *sql.DB, table, cols string, workers int) *bulkWriter {
	w := &bulkWriter{db: db, head: "INSERT INTO " + table + " (" + cols + ") VALUES ", jobs: make(chan string, workers)}
	for range workers {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for stmt := range w.jobs {
				if _, err := db.ExecContext(ctx, stmt); err != nil {
					w.errOnce.Do(func() { w.err = fmt.Errorf("%s…: %w", w.head[:min(len(w.head), 60)], err) })
				}
			}
		}()
	}
	return w
}

// row adds one row given as its SQL literals, already escaped (lit).
func (w *bulkWriter) row(vals ...string) {
	if w.n == 0 {
		w.buf.WriteString(w.head)
	} else {
		w.buf.WriteByte(',')
	}
	w.buf.WriteByte('(')
	w.buf.WriteString(strings.Join(vals, ","))
	w.buf.WriteByte(')')
	w.n++
	w.rows++
	if w.n >= bulkRows {
		w.flush()
	}
}

func (w *bulkWriter) flush() {
	if w.n == 0 {
		return
	}
	w.jobs <- w.buf.String()
	w.buf.Reset()
	w.n = 0
}

// close sends the rest and waits for every statement.
func (w *bulkWriter) close() error {
	w.flush()
	close(w.jobs)
	w.wg.Wait()
	return w.err
}

// SQL literals for the generated values.
func litS(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func litI(i int64) string { return strconv.FormatInt(i, 10) }

func litT(t time.Time) string { return "'" + t.UTC().Format("2006-01-02 15:04:05.000") + "'" }

func litTp(t *time.Time) string {
	if t == nil {
		return "NULL"
	}
	return litT(*t)
}

func litB(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// secondaryIndexes are a table's non-unique secondary indexes as ADD
// INDEX clauses. Loading without them and adding them back afterwards
// (one sorted build each) is much faster than maintaining them row by
// row; unique indexes stay so every uniqueness check still happens.
func secondaryIndexes(ctx context.Context, db *sql.DB, table string) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT INDEX_NAME, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 1 ORDER BY INDEX_NAME, SEQ_IN_INDEX`, table)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	cols := map[string][]string{}
	for rows.Next() {
		var name, col string
		var sub sql.NullInt64
		if err := rows.Scan(&name, &col, &sub); err != nil {
			return nil, err
		}
		c := "`" + col + "`"
		if sub.Valid {
			c += fmt.Sprintf("(%d)", sub.Int64)
		}
		cols[name] = append(cols[name], c)
	}
	out := map[string]string{}
	for name, cs := range cols {
		out[name] = "ADD INDEX `" + name + "` (" + strings.Join(cs, ", ") + ")"
	}
	return out, rows.Err()
}

// withoutIndexes runs load with the tables' non-unique indexes dropped,
// then adds them back and checks each table's definition came back
// exactly as the migrations made it.
func withoutIndexes(ctx context.Context, db *sql.DB, tables []string, load func() error) error {
	type saved struct {
		create string
		adds   []string
	}
	keep := map[string]saved{}
	for _, t := range tables {
		idx, err := secondaryIndexes(ctx, db, t)
		if err != nil {
			return err
		}
		create, err := showCreate(ctx, db, t)
		if err != nil {
			return err
		}
		var drops, adds []string
		for name, add := range idx {
			drops = append(drops, "DROP INDEX `"+name+"`")
			adds = append(adds, add)
		}
		keep[t] = saved{create: create, adds: adds}
		if len(drops) > 0 {
			if _, err := db.ExecContext(ctx, "ALTER TABLE `"+t+"` "+strings.Join(drops, ", ")); err != nil {
				return err
			}
		}
	}
	loadErr := load()
	for _, t := range tables {
		s := keep[t]
		if len(s.adds) > 0 {
			if _, err := db.ExecContext(ctx, "ALTER TABLE `"+t+"` "+strings.Join(s.adds, ", ")); err != nil {
				return fmt.Errorf("restore the indexes of %s: %w", t, err)
			}
		}
		now, err := showCreate(ctx, db, t)
		if err != nil {
			return err
		}
		if normalizeCreate(now) != normalizeCreate(s.create) {
			return fmt.Errorf("table %s did not come back as migrated:\nbefore: %s\nafter:  %s", t, s.create, now)
		}
	}
	return loadErr
}

func showCreate(ctx context.Context, db *sql.DB, table string) (string, error) {
	var name, create string
	err := db.QueryRowContext(ctx, "SHOW CREATE TABLE `"+table+"`").Scan(&name, &create)
	return create, err
}

// normalizeCreate drops what loading changes by design (the next
// AUTO_INCREMENT value) and the order of the KEY lines.
func normalizeCreate(s string) string {
	var keys, rest []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSuffix(strings.TrimSpace(l), ",")
		switch {
		case strings.HasPrefix(l, "KEY "):
			keys = append(keys, l)
		case strings.HasPrefix(l, ")"):
			f := strings.Fields(l)
			kept := f[:0]
			for _, w := range f {
				if !strings.HasPrefix(w, "AUTO_INCREMENT=") {
					kept = append(kept, w)
				}
			}
			rest = append(rest, strings.Join(kept, " "))
		default:
			rest = append(rest, l)
		}
	}
	slices.Sort(keys)
	return strings.Join(rest, "\n") + "\n" + strings.Join(keys, "\n")
}
