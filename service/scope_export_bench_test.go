package service

// The scope benchmarks (scope_bench_test.go) live in package service_test:
// they build the principal on the real SQLite and session stores
// (repotest, storetest), and those packages import this one, which an
// internal test may not do. These two hooks let them reach the unexported
// principal and its list query without copying either.
var (
	// BenchPrincipal is TicketService.principal: the org index (cached),
	// subordinates, department and queue membership, and sharing rules.
	BenchPrincipal = (*TicketService).principal
	// BenchViewQuery is principal.query: a preset view as a TicketQuery.
	BenchViewQuery = (*principal).query
)
