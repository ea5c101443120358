package wecom

import (
	"net/http"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// DefaultAPIBase is WeCom's API host. silenceper hard-codes it in every URL
// it builds, and so do we, so that one URI modifier redirects both.
const DefaultAPIBase = "https://qyapi.weixin.qq.com"

// defaultHTTPTimeout bounds every SDK request. Most silenceper work APIs use
// context.Background, so without it a stalled WeCom would hang a worker.
const defaultHTTPTimeout = 15 * time.Second

// ConfigureSDK sets silenceper's two process-wide hooks: the API host
// (util.SetURIModifier) and the HTTP client (util.DefaultHTTPClient, which
// is otherwise http.DefaultClient itself, without a timeout). Both are
// unsynchronised globals in the SDK, so call it exactly once: from main
// before the first request, or from TestMain. apiBase "" means WeCom's own
// host; hc nil means a fresh client with a 15 s timeout.
func ConfigureSDK(apiBase string, hc *http.Client) {
	base := strings.TrimRight(apiBase, "/")
	if base == "" || base == DefaultAPIBase {
		util.SetURIModifier(nil)
	} else {
		util.SetURIModifier(func(uri string) string {
			if rest, ok := strings.CutPrefix(uri, DefaultAPIBase); ok {
				return base + rest
			}
			return uri
		})
	}
	if hc == nil {
		// A new client, never http.DefaultClient: mutating that one would
		// change every other user of it in the process.
		hc = &http.Client{Timeout: defaultHTTPTimeout}
	}
	util.DefaultHTTPClient = hc
}
