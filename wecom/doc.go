// Package wecom is the WeCom transport: callback crypto and parsing, and the API client.
//
// Callbacks: a Crypter checks and opens what WeCom POSTs to the app's URL
// and seals passive replies; Message is the parsed inner XML.
//
// API: Client sends app messages and template cards, updates cards, fetches
// media and reads the address book (it implements service.Directory). It is
// built on silenceper/wechat's subpackages, whose two process globals (API
// host and HTTP client) are set only by ConfigureSDK.
package wecom
