package sim_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// app is a minimal callback endpoint built on wecom.Crypter, standing in
// for the server: it checks what the emulator sends the way the server
// will. reply returns the inner XML of a passive reply, or nil.
type app struct {
	*httptest.Server
	mu    sync.Mutex
	msgs  []*wecom.Message
	bad   []error
	reply func(*wecom.Message) []byte
}

func newApp(t *testing.T, reply func(*wecom.Message) []byte) *app {
	t.Helper()
	cr, err := wecom.NewCrypter(sim.DefaultToken, sim.DefaultAESKey, sim.DefaultCorpID)
	if err != nil {
		t.Fatal(err)
	}
	a := &app{reply: reply}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.Method == http.MethodGet {
			echo, err := cr.VerifyURL(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			_, _ = io.WriteString(w, echo)
			return
		}
		body, _ := io.ReadAll(r.Body)
		m, err := cr.Decrypt(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
		a.mu.Lock()
		if err != nil {
			a.bad = append(a.bad, err)
		} else {
			a.msgs = append(a.msgs, m)
		}
		a.mu.Unlock()
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		if a.reply == nil {
			return
		}
		if inner := a.reply(m); inner != nil {
			env, err := cr.Encrypt(inner, strconv.FormatInt(time.Now().Unix(), 10), "n")
			if err != nil {
				t.Error(err)
			}
			_, _ = w.Write(env)
		}
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *app) received() []*wecom.Message {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.bad) > 0 {
		panic(a.bad[0])
	}
	return append([]*wecom.Message(nil), a.msgs...)
}
