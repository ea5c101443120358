package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Vocabulary of the generated tickets. Products follow a harmonic
// (Zipf) popularity, so a search for one of the middle ones matches about
// one ticket in a hundred.
var (
	productKinds = []string{"激光打印机", "复印机", "空调机组", "服务器", "投影仪", "门禁终端", "收银机", "工业相机"}
	problems     = []string{"卡纸", "无法开机", "异响", "报错代码E%d", "不制冷", "网络断开", "显示花屏", "需要上门保养", "配件更换", "软件升级失败"}
	actions      = []string{"远程指导重启", "安排工程师上门", "寄送备件", "升级固件", "更换主板"}
)

func productName(k int) string {
	return fmt.Sprintf("%s TK-%d", productKinds[k%len(productKinds)], 3100+k*7)
}

const numProducts = 40

// pick returns an index by the cumulative weights cum.
func (g *viewsData) pick(cum []float64) int {
	x := g.rng.Float64() * cum[len(cum)-1]
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

func cumulative(ws ...float64) []float64 {
	out := make([]float64, len(ws))
	s := 0.0
	for i, w := range ws {
		s += w
		out[i] = s
	}
	return out
}

// statusMix is the status distribution by how recent a ticket is: the
// newest are mostly open, the old ones closed.
var (
	statusNames = []string{"pending_allocation", "pending_dispatch", "in_progress", "resolved", "closed", "void"}
	statusNew   = cumulative(5, 10, 50, 25, 8, 2)
	statusMid   = cumulative(0, 0, 15, 30, 53, 2)
	statusOld   = cumulative(0, 0, 0.5, 3.5, 94, 2)
	priorities  = []string{"low", "normal", "high", "urgent"}
	priorityMix = cumulative(15, 60, 20, 5)
	types       = []string{"question", "problem", "complaint", "feature_request", "other"}
	typeMix     = cumulative(40, 40, 8, 7, 5)
	origins     = []string{"wecom_chat", "miniprogram", "phone", "web_form", "email"}
	originMix   = cumulative(50, 20, 15, 10, 5)
)

const ticketCols = "id, number, subject, description, solution, internal_comment, priority, type, origin, product, " +
	"owner_id, receiving_dept_id, receiver_id, creator_id, dispatch_mode, status, voided, custom_fields, " +
	"first_response_at, resolved_at, resolved_by_id, closed_at, closed_by_id, version, created_at, updated_at"

// writeTickets generates the tickets over three years, their members
// (the creator follows once someone owns it, some assistants, the
// previous owner after a transfer) and transfers (approved and open),
// as the service would have left them.
func (g *viewsData) writeTickets(ctx context.Context, db *sql.DB) error {
	tickets := newBulkWriter(ctx, db, "tickets", ticketCols, 2)
	members := newBulkWriter(ctx, db, "ticket_members", "ticket_id, user_id, role, access, created_at", 1)
	transfers := newBulkWriter(ctx, db, "ticket_transfers", "ticket_id, open_ticket_id, from_user_id, requested_by, to_user_id, approver_id, reason, status, decided_by, decided_at, created_at", 1)
	var products []float64
	for k := range numProducts {
		products = append(products, 1/float64(k+1))
	}
	prodCum := cumulative(products...)
	g.product = productName(20)
	cst := time.FixedZone("CST", 8*3600)
	end := time.Now().UTC().Truncate(time.Hour).Add(-time.Hour)
	start := end.AddDate(-3, 0, 0)
	span := end.Sub(start)
	n := g.shape.Tickets
	day, seq := "", 0
	var regionsAndBranches []int64
	for _, d := range g.depts {
		if d.kind == "region" || d.kind == "branch" {
			regionsAndBranches = append(regionsAndBranches, d.id)
		}
	}
	for i := range n {
		id := int64(i + 1)
		created := start.Add(time.Duration(float64(span) * float64(i) / float64(n)))
		if d := created.In(cst).Format("20060102"); d != day {
			day, seq = d, 0
		}
		seq++
		mix := statusOld
		switch r := n - 1 - i; {
		case r < 20_000:
			mix = statusNew
		case r < 100_000:
			mix = statusMid
		}
		status := statusNames[g.pick(mix)]
		prod := productName(g.pick(prodCum))
		problem := problems[g.rng.IntN(len(problems))]
		if strings.Contains(problem, "%d") {
			problem = fmt.Sprintf(problem, 100+g.rng.IntN(900))
		}
		subject := prod + " " + problem
		desc := fmt.Sprintf("客户反映%s出现%s，影响日常使用。已%s，请跟进处理并在工单中记录结果。", prod, problem, actions[g.rng.IntN(len(actions))])
		creator := g.agents[g.rng.IntN(len(g.agents))]
		var owner, dept int64
		mode := int64(1)
		var firstResp, resolvedAt, closedAt *time.Time
		var resolvedBy, closedBy int64
		solution := ""
		version := int64(1)
		mem := map[int64][2]string{}
		switch status {
		case "pending_allocation":
			mode = 2
		case "pending_dispatch":
			mode, dept = 3, regionsAndBranches[g.rng.IntN(len(regionsAndBranches))]
			if g.rng.IntN(2) == 0 { // the huge region's queue is the busy one
				dept = g.huge
			}
		default:
			owner = g.pool[g.rng.IntN(len(g.pool))]
			if g.rng.IntN(100) < 8 {
				owner = g.busy[g.rng.IntN(len(g.busy))]
			}
			g.owned[owner]++
			dept = g.userByID[owner].region
			if g.rng.IntN(4) == 0 {
				creator = owner // an engineer's own ticket
			}
			if creator != owner {
				mem[creator] = [2]string{"team", "read"}
			}
			peers := g.byRegion[g.userByID[owner].region]
			if g.rng.IntN(10) == 0 {
				if a := peers[g.rng.IntN(len(peers))]; a != owner {
					mem[a] = [2]string{"assistant", "write"}
				}
			}
			t := created.Add(10 * time.Minute)
			firstResp = &t
			version = 3
			if g.rng.IntN(100) < 3 { // handed over from a colleague
				from := peers[g.rng.IntN(len(peers))]
				if from != owner {
					if _, ok := mem[from]; !ok {
						mem[from] = [2]string{"team", "read"}
					}
					approver := g.userByID[from].leaders
					if len(approver) == 0 {
						approver = []int64{owner}
					}
					decided := created.Add(30 * time.Minute)
					transfers.row(litI(id), "NULL", litI(from), litI(from), litI(owner), litI(approver[0]), litS("工作交接"),
						litS("approved"), litI(approver[0]), litT(decided), litT(created.Add(20*time.Minute)))
					version += 2
				}
			}
			if status == "in_progress" && g.rng.IntN(20) == 0 { // waiting for approval to move on
				if to := peers[g.rng.IntN(len(peers))]; to != owner && len(g.userByID[owner].leaders) > 0 {
					transfers.row(litI(id), litI(id), litI(owner), litI(owner), litI(to), litI(g.userByID[owner].leaders[0]),
						litS("需要其他工程师支援"), litS("open"), "0", "NULL", litT(created.Add(time.Hour)))
				}
			}
			if status == "resolved" || status == "closed" {
				t := created.Add(time.Duration(1+g.rng.IntN(72)) * time.Hour)
				resolvedAt, resolvedBy, solution = &t, owner, "已"+actions[g.rng.IntN(len(actions))]+"，问题解决。"
				version++
			}
			if status == "closed" {
				t := resolvedAt.Add(24 * time.Hour)
				closedAt, closedBy = &t, owner
				if _, follows := mem[creator]; follows && g.rng.IntN(2) == 0 {
					closedBy = creator // the agent closes after the customer confirms
				}
				version++
			}
		}
		updated := created
		for _, t := range []*time.Time{firstResp, resolvedAt, closedAt} {
			if t != nil {
				updated = *t
			}
		}
		tickets.row(litI(id), litS(fmt.Sprintf("GD%s-%04d", day, seq)), litS(subject), litS(desc), litS(solution), "''",
			litS(priorities[g.pick(priorityMix)]), litS(types[g.pick(typeMix)]), litS(origins[g.pick(originMix)]), litS(prod),
			litI(owner), litI(dept), litI(owner), litI(creator), litI(mode), litS(status), litB(status == "void"), "'{}'",
			litTp(firstResp), litTp(resolvedAt), litI(resolvedBy), litTp(closedAt), litI(closedBy), litI(version),
			litT(created), litT(updated))
		for uid, ra := range mem {
			members.row(litI(id), litI(uid), litS(ra[0]), litS(ra[1]), litT(created))
		}
	}
	var first error
	for name, w := range map[string]*bulkWriter{"tickets": tickets, "ticket_members": members, "ticket_transfers": transfers} {
		if err := w.close(); err != nil && first == nil {
			first = err
		}
		g.rows[name] = w.rows
	}
	return first
}
