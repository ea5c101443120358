package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// RowSource is a table read from a file (CSV or XLSX): the header row
// first, then one row per record. Next returns io.EOF after the last.
type RowSource interface {
	Next() ([]string, error)
}

// TableWriter receives a table row by row (the header first), so an
// export of any size streams instead of being held whole.
type TableWriter interface {
	WriteRow(cells []string) error
}

// ImportOptions choose how an import runs. A dry run checks every row and
// writes nothing. AllOrNothing imports every row in one transaction, and
// nothing when any row is bad; otherwise the good rows are imported and
// the bad ones reported.
type ImportOptions struct {
	DryRun       bool
	AllOrNothing bool
}

// ImportReport says what an import found and did. Line numbers count the
// header as line 1.
type ImportReport struct {
	Rows     int        // data rows read
	Valid    int        // rows with no problem
	Imported int        // rows written (0 on a dry run)
	Rejected bool       // nothing was written because of bad rows (all-or-nothing)
	Errors   []RowError // the bad rows, in file order
}

// RowError is every problem of one row, by column.
type RowError struct {
	Line   int
	Fields map[string]string
}

// Import limits: a bigger file is rejected whole.
const (
	MaxImportRows    = 20000
	maxImportColumns = 100
	importChunk      = 200 // rows per transaction when not all-or-nothing
)

// importTable is a file being imported: its columns and the row reader.
type importTable struct {
	src  RowSource
	cols []string
	line int
}

// readHeader reads and checks the header row. A column is known when
// known says so; an unknown, repeated or missing required column rejects
// the file (a KindInvalid error with field "file").
func readHeader(src RowSource, known func(string) bool, required ...string) (*importTable, error) {
	head, err := src.Next()
	if errors.Is(err, io.EOF) {
		return nil, Invalid(map[string]string{"file": "the file is empty: the first row must name the columns"})
	}
	if err != nil {
		return nil, fileError(err)
	}
	t := &importTable{src: src, line: 1}
	for i, c := range head {
		c = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c, "\ufeff")))
		switch {
		case c == "" && i == len(head)-1:
			continue // a trailing empty cell some spreadsheets add
		case !known(c):
			return nil, Invalid(map[string]string{"file": fmt.Sprintf("column %d %q is not a column this import knows", i+1, c)})
		case slices.Contains(t.cols, c):
			return nil, Invalid(map[string]string{"file": fmt.Sprintf("column %q appears twice", c)})
		}
		t.cols = append(t.cols, c)
	}
	if len(t.cols) > maxImportColumns {
		return nil, Invalid(map[string]string{"file": fmt.Sprintf("at most %d columns", maxImportColumns)})
	}
	for _, r := range required {
		if !slices.Contains(t.cols, r) {
			return nil, Invalid(map[string]string{"file": fmt.Sprintf("the column %q is required", r)})
		}
	}
	return t, nil
}

// each calls fn with every data row as column -> trimmed cell; blank rows
// are skipped. More than MaxImportRows rejects the file.
func (t *importTable) each(fn func(line int, row map[string]string) error) error {
	rows := 0
	for {
		cells, err := t.src.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fileError(err)
		}
		t.line++
		row := make(map[string]string, len(t.cols))
		blank := true
		for i, c := range t.cols {
			if i < len(cells) {
				row[c] = strings.TrimSpace(cells[i])
				blank = blank && row[c] == ""
			}
		}
		if blank {
			continue
		}
		if rows++; rows > MaxImportRows {
			return Invalid(map[string]string{"file": fmt.Sprintf("at most %d rows per import", MaxImportRows)})
		}
		if err := fn(t.line, row); err != nil {
			return err
		}
	}
}

// fileError keeps a reader's domain error (a malformed file is invalid)
// and wraps anything else.
func fileError(err error) error {
	if KindOf(err) != KindInternal {
		return err
	}
	return fmt.Errorf("read import file: %w", err)
}

// problems returns the per-field problems of a row-level error, or nil
// and the error when it is not about the row's values.
func problems(err error) (map[string]string, error) {
	var de *Error
	if errors.As(err, &de) && de.Kind == KindInvalid && len(de.Fields) > 0 {
		return de.Fields, nil
	}
	return nil, err
}

// report adds one row's outcome.
func (r *ImportReport) add(line int, bad map[string]string) {
	r.Rows++
	if len(bad) == 0 {
		r.Valid++
		return
	}
	r.Errors = append(r.Errors, RowError{Line: line, Fields: bad})
}

// commit runs write over the good rows as opt says: nothing on a dry run
// or when all-or-nothing meets a bad row; else in one transaction
// (all-or-nothing) or in chunks.
func commit[T any](ctx context.Context, tx TxRunner, opt ImportOptions, rep *ImportReport, good []T, write func(ctx context.Context, v T) error) error {
	if opt.DryRun {
		return nil
	}
	if opt.AllOrNothing && len(rep.Errors) > 0 {
		rep.Rejected = true
		return nil
	}
	size := importChunk
	if opt.AllOrNothing {
		size = max(len(good), 1)
	}
	for chunk := range slices.Chunk(good, size) {
		err := tx.InTx(ctx, func(ctx context.Context) error {
			for _, v := range chunk {
				if err := write(ctx, v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		rep.Imported += len(chunk)
	}
	return nil
}
