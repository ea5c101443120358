package handler

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/wecom-ticket/ticket/service"
)

// exportQuery is the list's query without paging: the export is the
// whole view.
type exportQuery struct {
	viewQuery
	filterQuery
	Format string `form:"format" binding:"omitempty,oneof=csv xlsx"`
}

func (q exportQuery) toService() service.ListQuery { return q.viewQuery.toService(q.filterQuery) }

// exportTickets streams the list the same filters would show, as CSV
// (UTF-8 with a BOM, so Excel reads Chinese) or XLSX.
func (a *api) exportTickets(c *gin.Context) {
	var q exportQuery
	if !a.params(c, &q) {
		return
	}
	name := "tickets-" + time.Now().Format("20060102-150405")
	if q.Format == "xlsx" {
		a.exportXLSX(c, q, name+".xlsx")
		return
	}
	w := &csvExport{c: c, name: name + ".csv"}
	n, err := a.d.Tickets.ExportTickets(c.Request.Context(), actor(c), q.toService(), w)
	if err == nil {
		w.csv.Flush()
		err = w.csv.Error()
	}
	a.exported(c, w.started, n, err)
}

// exported ends an export: an error before the first byte is an ordinary
// error answer; after it, the status is sent already, so the stream is
// cut short and the error logged.
func (a *api) exported(c *gin.Context, started bool, n int, err error) {
	switch {
	case err == nil:
	case !started:
		fail(c, a.log, err)
	default:
		a.log.WarnContext(c.Request.Context(), "export cut short", "rows", n, "err", err)
		c.Abort()
	}
}

// csvExport writes rows as they come; the headers go out with the first.
type csvExport struct {
	c       *gin.Context
	name    string
	csv     *csv.Writer
	started bool
	rows    int
}

func (w *csvExport) WriteRow(cells []string) error {
	if !w.started {
		w.started = true
		h := w.c.Writer.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", w.name))
		w.c.Status(http.StatusOK)
		if _, err := w.c.Writer.WriteString("\ufeff"); err != nil {
			return err
		}
		w.csv = csv.NewWriter(w.c.Writer)
	}
	if err := w.csv.Write(cells); err != nil {
		return err
	}
	if w.rows++; w.rows%500 == 0 {
		w.csv.Flush()
		w.c.Writer.Flush()
	}
	return w.csv.Error()
}

// xlsxExport fills excelize's stream writer, which spills to a temporary
// file past a few megabytes instead of holding the sheet in memory.
type xlsxExport struct {
	sw  *excelize.StreamWriter
	row int
}

func (w *xlsxExport) WriteRow(cells []string) error {
	w.row++
	vals := make([]any, len(cells))
	for i, s := range cells {
		vals[i] = s
	}
	cell, err := excelize.CoordinatesToCellName(1, w.row)
	if err != nil {
		return err
	}
	return w.sw.SetRow(cell, vals)
}

func (a *api) exportXLSX(c *gin.Context, q exportQuery, name string) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		fail(c, a.log, err)
		return
	}
	n, err := a.d.Tickets.ExportTickets(c.Request.Context(), actor(c), q.toService(), &xlsxExport{sw: sw})
	if err == nil {
		err = sw.Flush()
	}
	if err != nil {
		fail(c, a.log, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	c.Status(http.StatusOK)
	a.exported(c, true, n, f.Write(c.Writer))
}
