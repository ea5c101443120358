package main

import "github.com/wecom-ticket/ticket/handler"

// h5Deps wires the H5 workbench: WeCom OAuth sign-in when WeCom is
// configured, back to the public base URL when one is set.
func (a *app) h5Deps() *handler.H5Deps {
	d := &handler.H5Deps{BaseURL: a.cfg.HTTP.BaseURL, Org: a.org}
	if a.wc != nil {
		d.CorpID, d.AgentID = a.cfg.WeCom.CorpID, a.cfg.WeCom.AgentID
	}
	return d
}
