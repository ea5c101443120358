package sim

import "time"

// fault is an injected error: the next n calls answer code.
type fault struct {
	code int64
	n    int
}

// FailNext makes the next n calls to path ("message/send" or a full
// /cgi-bin/ path) answer errcode instead of being handled.
func (s *Server) FailNext(path string, errcode int64, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		delete(s.faults, normPath(path))
		return
	}
	s.faults[normPath(path)] = &fault{code: errcode, n: n}
}

// takeFault consumes one injected failure. Callers hold s.mu.
func (s *Server) takeFault(path string) (int64, bool) {
	f := s.faults[path]
	if f == nil {
		return 0, false
	}
	f.n--
	if f.n <= 0 {
		delete(s.faults, path)
	}
	return f.code, true
}

// SetLatency delays every call to path by d (0 removes it).
func (s *Server) SetLatency(path string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.latency, normPath(path))
		return
	}
	s.latency[normPath(path)] = d
}

// ExpireTokens makes every issued access token expired (42001), as when
// WeCom invalidates tokens early.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := time.Now().Add(-time.Second)
	for tok := range s.tokens {
		s.tokens[tok] = past
	}
}
