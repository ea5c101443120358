package repotest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// fatalRecorder stands in for a test so we can watch Backends fail.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Helper() {}
func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// A MySQL variable that is set but points at a stopped server must fail the
// suite with a sentence saying so, never skip it.
func TestUnreachableMySQLFailsLoudly(t *testing.T) {
	t.Setenv(EnvMySQL, "root@tcp(127.0.0.1:1)/test?timeout=1s")
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Backends(rec)
	}()
	<-done
	if !strings.Contains(rec.msg, EnvMySQL) || !strings.Contains(rec.msg, "cannot be reached") {
		t.Fatalf("failure message = %q, want one naming %s and saying it cannot be reached", rec.msg, EnvMySQL)
	}
}
