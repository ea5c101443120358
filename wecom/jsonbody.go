package wecom

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"unicode/utf8"
)

// encodeBody marshals a request body the way WeCom accepts it. WeCom
// rejects any \uXXXX escape with 40033, so HTML escaping is off, and the
// escapes encoding/json still writes are rewritten: U+2028/U+2029 (escaped
// unconditionally) become \n, invalid UTF-8 (escaped as \ufffd) becomes
// the literal replacement character, and other control characters, which
// no chat message needs, are dropped.
func encodeBody(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return json.RawMessage(rewriteUnicodeEscapes(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))), nil
}

func rewriteUnicodeEscapes(b []byte) []byte {
	if !bytes.Contains(b, []byte(`\u`)) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] != 'u' || i+6 > len(b) {
			out = append(out, b[i], b[i+1]) // another escape such as \\ or \"
			i++
			continue
		}
		var code [2]byte
		if _, err := hex.Decode(code[:], b[i+2:i+6]); err != nil {
			out = append(out, b[i:i+6]...)
		} else {
			switch r := rune(code[0])<<8 | rune(code[1]); {
			case r == 0x2028 || r == 0x2029:
				out = append(out, '\\', 'n')
			case r < 0x20:
				// dropped
			default:
				out = utf8.AppendRune(out, r)
			}
		}
		i += 5
	}
	return out
}
