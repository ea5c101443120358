package handler_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-ticket/ticket/service"
)

type importReport struct {
	DryRun   bool `json:"dry_run"`
	Rows     int
	Valid    int
	Imported int
	Rejected bool
	Errors   []struct {
		Line   int
		Fields map[string]string
	}
}

// ticketCount counts every ticket, voided ones too.
func (e *apiEnv) ticketCount(t *testing.T) int {
	t.Helper()
	ids, err := repoTickets(e).ListTicketIDs(context.Background(), service.TicketQuery{All: true, IncludeVoided: true, Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	return len(ids)
}

// workbook builds an XLSX whose first sheet holds rows, from line 1.
func workbook(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// repairSheet builds an XLSX of n IT fault reports; the rows at the given
// file lines (the header is line 1) are bad, each in its own way.
func repairSheet(t *testing.T, n int, bad map[int]string) []byte {
	t.Helper()
	rows := [][]any{{"template", "subject", "description", "priority", "owner", "custom.fault_kind", "custom.asset_tag"}}
	for line := 2; line <= n+1; line++ {
		row := []any{"it_fault_report", fmt.Sprintf("电脑蓝屏 %d", line), "开机后蓝屏", "normal", "it_lead", "computer", fmt.Sprintf("PC-%05d", line)}
		switch bad[line] {
		case "fault_kind":
			row[5] = "toaster"
		case "owner":
			row[4] = "nobody_here"
		case "subject":
			row[1] = ""
		}
		rows = append(rows, row)
	}
	return workbook(t, rows...)
}

// TestImportTenThousandRowsWithThreeBad: the dry run reports exactly the
// bad rows; all-or-nothing imports nothing; otherwise the 9,997 good rows.
func TestImportTenThousandRowsWithThreeBad(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		bad := map[int]string{101: "fault_kind", 5002: "owner", 9999: "subject"}
		file := repairSheet(t, 10000, bad)
		before := e.ticketCount(t)
		run := func(query string) importReport {
			t.Helper()
			start := time.Now()
			var rep importReport
			e.upload("/api/v1/tickets/import?"+query, "admin", "报修.xlsx", file).want(t, 200, "import "+query).Into(t, &rep)
			t.Logf("import %s: %d rows in %s", query, rep.Rows, time.Since(start).Round(time.Millisecond))
			return rep
		}
		dry := run("dry_run=true")
		var lines []int
		for _, er := range dry.Errors {
			lines = append(lines, er.Line)
		}
		if dry.Rows != 10000 || dry.Valid != 9997 || dry.Imported != 0 || !slices.Equal(lines, []int{101, 5002, 9999}) {
			t.Fatalf("dry run: rows %d valid %d imported %d bad lines %v", dry.Rows, dry.Valid, dry.Imported, lines)
		}
		want := map[int]string{101: "custom.fault_kind", 5002: "owner", 9999: "subject"}
		for _, er := range dry.Errors {
			if _, ok := er.Fields[want[er.Line]]; !ok || len(er.Fields) != 1 {
				t.Errorf("line %d: %v, want only %s", er.Line, er.Fields, want[er.Line])
			}
		}
		if e.ticketCount(t) != before {
			t.Fatal("a dry run wrote tickets")
		}
		all := run("all_or_nothing=true")
		if !all.Rejected || all.Imported != 0 || len(all.Errors) != 3 || e.ticketCount(t) != before {
			t.Fatalf("all or nothing with bad rows: %+v, %d tickets", all, e.ticketCount(t)-before)
		}
		part := run("")
		if part.Rejected || part.Imported != 9997 || e.ticketCount(t) != before+9997 {
			t.Fatalf("import of the good rows: imported %d, %d new tickets", part.Imported, e.ticketCount(t)-before)
		}
		var page listPage
		e.do("GET", "/api/v1/tickets?view=mine&q="+url.QueryEscape("电脑蓝屏 2"), "it_lead", nil).want(t, 200, "list").Into(t, &page)
		if len(page.Items) == 0 {
			t.Error("imported tickets are not the owner's")
		}
		origin := e.do("GET", fmt.Sprintf("/api/v1/tickets/%d", page.Items[0].ID), "it_lead", nil).JSON(t)["origin"]
		if origin != "import" {
			t.Errorf("origin %v", origin)
		}
	})
}

func TestImportAllOrNothingImportsEveryRowOfAGoodFile(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		before := e.ticketCount(t)
		var rep importReport
		e.upload("/api/v1/tickets/import?all_or_nothing=true", "svc_mgr", "ok.xlsx", repairSheet(t, 30, nil)).
			want(t, 200, "import").Into(t, &rep)
		if rep.Imported != 30 || rep.Rejected || e.ticketCount(t) != before+30 {
			t.Errorf("report %+v, %d new", rep, e.ticketCount(t)-before)
		}
		e.upload("/api/v1/tickets/import", "agent1", "ok.xlsx", repairSheet(t, 1, nil)).want(t, 403, "agents do not import")
		cases := []struct{ name, file, body, want string }{
			{"unknown column", "a.csv", "subject,status\nx,closed\n", `"status`},
			{"no subject column", "a.csv", "description\nx\n", `subject`},
			{"repeated column", "a.csv", "subject,subject\nx,y\n", `twice`},
			{"not csv", "a.csv", "subject\n\"unterminated\n", `not valid CSV`},
			{"not xlsx", "a.xlsx", "PK-not-a-zip", `.xlsx`},
			{"other type", "a.txt", "subject\nx\n", `.csv or .xlsx`},
			{"empty", "a.csv", "", `empty`},
		}
		for _, c := range cases {
			r := e.upload("/api/v1/tickets/import", "admin", c.file, []byte(c.body)).want(t, 400, c.name)
			if f := fields(t, r)["file"]; f == nil || !strings.Contains(f.(string), strings.Trim(c.want, `"`)) {
				t.Errorf("%s: %s", c.name, r.Body)
			}
		}
		if e.ticketCount(t) != before+30 {
			t.Error("a rejected file imported something")
		}
	})
}

func TestImportCustomersFromCSV(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		e.do("POST", "/api/v1/customers", "admin", map[string]any{"number": "C-001", "name": "老客户"}).want(t, 201, "customer")
		csvFile := "\ufeffnumber,name,phone,region_dept_id,tags,owner\n" +
			"C-100,华东制造,021-5555 1234,4,重点;制造,east_mgr\n" +
			"C-101,西部物流,,5,,\n" +
			"C-100,重复编号,,,,\n" + // line 4: repeats line 2
			"C-001,已存在,,,,\n" + // line 5: taken
			",,,,,\n" + // blank: skipped
			"C-102,无此负责人,,,,ghost\n" + // line 7
			"C-103,,,,,\n" // line 8: no name
		var rep importReport
		e.upload("/api/v1/customers/import?dry_run=true", "admin", "客户.csv", []byte(csvFile)).want(t, 200, "dry run").Into(t, &rep)
		got := map[int]string{}
		for _, er := range rep.Errors {
			for k := range er.Fields {
				got[er.Line] = k
			}
		}
		want := map[int]string{4: "number", 5: "number", 7: "owner", 8: "name"}
		if rep.Rows != 6 || rep.Valid != 2 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("dry run %+v: %v", rep, got)
		}
		e.upload("/api/v1/customers/import", "admin", "客户.csv", []byte(csvFile)).want(t, 200, "import").Into(t, &rep)
		if rep.Imported != 2 {
			t.Errorf("imported %d", rep.Imported)
		}
		found := e.do("GET", "/api/v1/customers?q=C-100", "admin", nil).want(t, 200, "lookup").JSON(t)["items"].([]any)
		if len(found) != 1 || found[0].(map[string]any)["name"] != "华东制造" {
			t.Errorf("lookup: %v", found)
		}
	})
}

func TestExportStreamsTheFilteredList(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		e.k.SeedTickets(t)
		q := url.Values{"q": {"e1_"}, "view": {"all"}}
		listed := e.subjects(t, e.listAll(t, "admin", q))
		r := e.do("GET", "/api/v1/tickets/export?"+q.Encode(), "admin", nil).want(t, 200, "csv export")
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !bytes.HasPrefix(r.Body, []byte("\ufeff")) {
			t.Fatalf("csv headers %v", r.Header)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var exported []string
		for _, row := range rows[1:] {
			exported = append(exported, row[1])
		}
		slices.Sort(exported)
		if rows[0][0] != "number" || !slices.Equal(exported, listed) {
			t.Errorf("csv rows %v, list %v", exported, listed)
		}
		q.Set("format", "xlsx")
		x := e.do("GET", "/api/v1/tickets/export?"+q.Encode(), "admin", nil).want(t, 200, "xlsx export")
		f, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		xrows, _ := f.GetRows("Sheet1")
		_ = f.Close()
		if len(xrows) != len(rows) || xrows[1][0] != rows[1][0] {
			t.Errorf("xlsx rows %d, csv rows %d", len(xrows), len(rows))
		}
		// Another caller's export holds only what they may list.
		mine := e.do("GET", "/api/v1/tickets/export?view=all", "eng_west1", nil).want(t, 200, "scoped export")
		if strings.Contains(string(mine.Body), "e1_open") || !strings.Contains(string(mine.Body), "w1_team_e2") {
			t.Errorf("eng_west1's export: %s", mine.Body)
		}
		e.do("GET", "/api/v1/tickets/export?format=pdf", "admin", nil).want(t, 400, "unknown format")
		e.do("GET", "/api/v1/tickets/export?view=nope", "admin", nil).want(t, 400, "bad view before any byte")
	})
}

// customerSheet builds an XLSX of customers under the import's header.
func customerSheet(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	header := []any{"number", "name", "phone", "region_dept_id", "tags", "owner"}
	return workbook(t, append([][]any{header}, rows...)...)
}

// TestImportCustomersFromXLSX: a file with one bad row, all or nothing,
// is rejected and imports nothing; a refused file imports nothing; the
// good rows then import.
func TestImportCustomersFromXLSX(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		imported := func() int {
			return len(e.do("GET", "/api/v1/customers?q="+url.QueryEscape("表格客户")+"&limit=50", "admin", nil).
				want(t, 200, "lookup").JSON(t)["items"].([]any))
		}
		good := [][]any{{"X-1", "表格客户甲", "021-5555 0001", 4, "重点;制造", "east_mgr"}, {"X-2", "表格客户乙", "", 5, "", ""}}
		bad := append(slices.Clone(good), []any{"X-3", "表格客户丙", "", 999, "", ""}) // line 4: no such department
		var rep importReport
		e.upload("/api/v1/customers/import?all_or_nothing=true", "admin", "客户.xlsx", customerSheet(t, bad...)).
			want(t, 200, "all or nothing").Into(t, &rep)
		if !rep.Rejected || rep.Imported != 0 || len(rep.Errors) != 1 || rep.Errors[0].Line != 4 ||
			rep.Errors[0].Fields["region_dept_id"] == "" {
			t.Errorf("a file with a bad row, all or nothing: %+v", rep)
		}
		if n := imported(); n != 0 {
			t.Fatalf("a rejected file imported %d customers", n)
		}
		unknown := workbook(t, []any{"name", "status"}, []any{"表格客户戊", "vip"})
		for name, file := range map[string][]byte{"not a workbook": []byte("PK-not-a-zip"), "an unknown column": unknown} {
			r := e.upload("/api/v1/customers/import", "admin", "客户.xlsx", file)
			if r.Status != 400 || fields(t, r)["file"] == nil {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		if n := imported(); n != 0 {
			t.Fatalf("a refused file imported %d customers", n)
		}
		e.upload("/api/v1/customers/import", "agent1", "客户.xlsx", customerSheet(t, good...)).want(t, 403, "agents do not import")
		e.upload("/api/v1/customers/import?all_or_nothing=true", "admin", "客户.xlsx", customerSheet(t, good...)).
			want(t, 200, "import").Into(t, &rep)
		if rep.Rejected || rep.Imported != 2 || imported() != 2 {
			t.Errorf("the good file: %+v, %d found", rep, imported())
		}
		found := e.do("GET", "/api/v1/customers?q=X-1", "admin", nil).JSON(t)["items"].([]any)
		if len(found) != 1 || found[0].(map[string]any)["region_dept_id"] != float64(4) || found[0].(map[string]any)["phone"] != "02155550001" {
			t.Errorf("imported customer: %v", found)
		}
	})
}
