package handler

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/wecom-ticket/ticket/service"
)

// Upload bounds: the file, and what an XLSX may unpack to (zip bombs).
const (
	maxImportBytes = 20 << 20
	maxUnzipBytes  = 256 << 20
)

type importQuery struct {
	DryRun       bool `form:"dry_run"`
	AllOrNothing bool `form:"all_or_nothing"`
}

type rowErrorJSON struct {
	Line   int               `json:"line"`
	Fields map[string]string `json:"fields"`
}

type importReportJSON struct {
	DryRun   bool           `json:"dry_run"`
	Rows     int            `json:"rows"`
	Valid    int            `json:"valid"`
	Imported int            `json:"imported"`
	Rejected bool           `json:"rejected"`
	Errors   []rowErrorJSON `json:"errors"`
}

// importer is one of the services' import methods.
type importer func(c *gin.Context, src service.RowSource, opt service.ImportOptions) (*service.ImportReport, error)

func (a *api) importTickets(c *gin.Context) {
	a.importFile(c, func(c *gin.Context, src service.RowSource, opt service.ImportOptions) (*service.ImportReport, error) {
		return a.d.Tickets.ImportTickets(c.Request.Context(), actor(c), src, opt)
	})
}

func (a *api) importCustomers(c *gin.Context) {
	a.importFile(c, func(c *gin.Context, src service.RowSource, opt service.ImportOptions) (*service.ImportReport, error) {
		return a.d.CRM.ImportCustomers(c.Request.Context(), actor(c), src, opt)
	})
}

// importFile reads the multipart part "file" (.csv in UTF-8, or .xlsx: its
// first sheet) and answers the import's report: 200 whether rows were
// bad or not, 400 when the file itself is refused (nothing imported).
func (a *api) importFile(c *gin.Context, run importer) {
	var q importQuery
	if !a.params(c, &q) {
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxImportBytes)
	file, head, err := c.Request.FormFile("file")
	if err != nil {
		fail(c, a.log, service.Invalid(map[string]string{"file": "send the file as the multipart part \"file\", at most 20 MB"}))
		return
	}
	defer func() { _ = file.Close() }()
	src, done, err := openTable(file, head.Filename)
	if err != nil {
		fail(c, a.log, err)
		return
	}
	defer done()
	answer(a, c, http.StatusOK, func(rep *service.ImportReport) importReportJSON {
		return importReportJSON{DryRun: q.DryRun, Rows: rep.Rows, Valid: rep.Valid, Imported: rep.Imported,
			Rejected: rep.Rejected, Errors: listOf(func(e service.RowError) rowErrorJSON {
				return rowErrorJSON{Line: e.Line, Fields: e.Fields}
			})(rep.Errors).Items}
	})(run(c, src, service.ImportOptions{DryRun: q.DryRun, AllOrNothing: q.AllOrNothing}))
}

// openTable picks the reader by the file's extension.
func openTable(r io.Reader, name string) (service.RowSource, func(), error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		return csvRows{cr}, func() {}, nil
	case ".xlsx":
		f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxUnzipBytes})
		if err != nil {
			return nil, nil, service.Invalid(map[string]string{"file": "not a readable .xlsx file"})
		}
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			_ = f.Close()
			return nil, nil, service.Invalid(map[string]string{"file": "the workbook has no sheet"})
		}
		rows, err := f.Rows(sheets[0])
		if err != nil {
			_ = f.Close()
			return nil, nil, service.Invalid(map[string]string{"file": "the first sheet cannot be read"})
		}
		return xlsxRows{rows}, func() { _ = rows.Close(); _ = f.Close() }, nil
	}
	return nil, nil, service.Invalid(map[string]string{"file": "must be a .csv or .xlsx file"})
}

type csvRows struct{ r *csv.Reader }

func (s csvRows) Next() ([]string, error) {
	rec, err := s.r.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, service.Invalid(map[string]string{"file": fmt.Sprintf("line %d is not valid CSV: %v", pe.Line, pe.Err)})
	}
	return rec, err
}

type xlsxRows struct{ rows *excelize.Rows }

func (s xlsxRows) Next() ([]string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, service.Invalid(map[string]string{"file": "the sheet cannot be read"})
		}
		return nil, io.EOF
	}
	return s.rows.Columns()
}
