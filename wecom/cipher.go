package wecom

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1" // #nosec G505 -- WeCom's protocol mandates SHA-1 for msg_signature.
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// WeCom pads to a multiple of 32 bytes, not AES's 16: the pad byte is 1..32.
const padBlock = 32

// The plaintext is random(16) | msg_len(4, big-endian) | msg | receiveid.
// maxMsgLen is far above any body a Crypter accepts; checking it first
// keeps the conversion to int safe on every platform.
const (
	randomLen = 16
	headerLen = randomLen + 4
	maxMsgLen = 1 << 24
)

// decodeAESKey turns the 43-character EncodingAESKey into the 32-byte key.
func decodeAESKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != 43 {
		return nil, fmt.Errorf("EncodingAESKey must be 43 characters, got %d", len(encodingAESKey))
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("EncodingAESKey is not base64 of 32 bytes")
	}
	return key, nil
}

// sign is WeCom's msg_signature: SHA-1 over the sorted, concatenated
// token, timestamp, nonce and ciphertext, in lower-case hex.
func sign(token, timestamp, nonce, encrypted string) string {
	parts := []string{token, timestamp, nonce, encrypted}
	slices.Sort(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, ""))) // #nosec G401 -- WeCom's protocol mandates SHA-1 for msg_signature.
	return hex.EncodeToString(sum[:])
}

// signatureOK compares in constant time so the check leaks nothing about
// how much of a forged signature was right.
func signatureOK(token, timestamp, nonce, encrypted, got string) bool {
	want := sign(token, timestamp, nonce, encrypted)
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(got))) == 1
}

// seal frames msg with random and receiveID, pads and encrypts it, and
// returns base64 text as it travels in <Encrypt>.
func seal(key, random, msg []byte, receiveID string) string {
	n := headerLen + len(msg) + len(receiveID)
	pad := padBlock - n%padBlock
	plain := make([]byte, n+pad)
	copy(plain, random[:randomLen])
	binary.BigEndian.PutUint32(plain[randomLen:headerLen], uint32(len(msg))) // #nosec G115 -- bodies are capped far below 4 GiB.
	copy(plain[headerLen:], msg)
	copy(plain[headerLen+len(msg):], receiveID)
	for i := n; i < len(plain); i++ {
		plain[i] = byte(pad)
	}
	block, _ := aes.NewCipher(key) // the key is 32 bytes by construction
	// #nosec G407 -- WeCom's protocol mandates AES-256-CBC with IV = the first 16 key bytes.
	cipher.NewCBCEncrypter(block, key[:aes.BlockSize]).CryptBlocks(plain, plain)
	return base64.StdEncoding.EncodeToString(plain)
}

// unseal reverses seal. Every length read from the plaintext is checked
// against what is actually there before it is used to slice.
func unseal(key []byte, encrypted string) (msg, receiveID []byte, err error) {
	ct, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: base64: %w", ErrDecrypt, err)
	}
	if len(ct) < padBlock || len(ct)%aes.BlockSize != 0 {
		return nil, nil, fmt.Errorf("%w: ciphertext of %d bytes", ErrDecrypt, len(ct))
	}
	block, _ := aes.NewCipher(key)
	plain := make([]byte, len(ct))
	// #nosec G407 -- WeCom's protocol mandates AES-256-CBC with IV = the first 16 key bytes.
	cipher.NewCBCDecrypter(block, key[:aes.BlockSize]).CryptBlocks(plain, ct)

	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > padBlock {
		return nil, nil, fmt.Errorf("%w: pad byte %d", ErrDecrypt, pad)
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return nil, nil, fmt.Errorf("%w: inconsistent padding", ErrDecrypt)
		}
	}
	plain = plain[:len(plain)-pad]
	if len(plain) < headerLen {
		return nil, nil, fmt.Errorf("%w: plaintext of %d bytes", ErrDecrypt, len(plain))
	}
	declared := binary.BigEndian.Uint32(plain[randomLen:headerLen])
	if declared > maxMsgLen {
		return nil, nil, fmt.Errorf("%w: msg_len %d", ErrDecrypt, declared)
	}
	n := int(declared)
	if n > len(plain)-headerLen {
		return nil, nil, fmt.Errorf("%w: msg_len %d exceeds the %d bytes present", ErrDecrypt, n, len(plain)-headerLen)
	}
	end := headerLen + n
	return plain[headerLen:end], plain[end:], nil
}
