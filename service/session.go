package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// LoginProvider turns WeCom login codes into members. The WeCom client
// implements it; each code is single-use and WeCom expires it in 5 min.
type LoginProvider interface {
	// MiniProgramSession is jscode2session: the corp and the member a
	// wx.qy.login code belongs to. The session key stays with WeCom.
	MiniProgramSession(ctx context.Context, code string) (corpID, userID string, err error)
	// OAuthUser is auth/getuserinfo: the member an H5 OAuth code belongs
	// to, or "" when the visitor is not a member (an openid or external
	// contact).
	OAuthUser(ctx context.Context, code string) (userID string, err error)
}

// AuthConfig tunes sign-in.
type AuthConfig struct {
	CorpID string           // the mini-program's code must belong to this corp
	TTL    time.Duration    // how long a session lasts; zero: DefaultSessionTTL
	Demo   bool             // demo mode: LoginDemo signs in as anyone
	Now    func() time.Time // nil: time.Now
}

// DefaultSessionTTL is a working day with some slack.
const DefaultSessionTTL = 12 * time.Hour

// Session is a signed-in member. Token is shown once, to the client; the
// store keeps only its hash, so a store dump holds no usable token.
type Session struct {
	Token     string
	UserID    int64
	Origin    Origin
	ExpiresAt time.Time
}

// AuthService signs members in through WeCom and keeps their sessions in
// the shared store, with an expiry; logout deletes the session.
type AuthService struct {
	kv    SessionStore
	org   *OrgService
	login LoginProvider // nil: WeCom sign-in is off
	cfg   AuthConfig
	now   func() time.Time
}

// NewAuthService wires sign-in. login may be nil when WeCom is not set up.
func NewAuthService(kv SessionStore, org *OrgService, login LoginProvider, cfg AuthConfig) *AuthService {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultSessionTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &AuthService{kv: kv, org: org, login: login, cfg: cfg, now: cfg.Now}
}

// maxLoginCode bounds a code; WeCom's are far shorter.
const maxLoginCode = 512

// LoginMiniProgram signs in with a WeCom mini-program code.
func (s *AuthService) LoginMiniProgram(ctx context.Context, code string) (*Session, error) {
	if err := s.ready(code); err != nil {
		return nil, err
	}
	corp, userid, err := s.login.MiniProgramSession(ctx, code)
	if err != nil {
		return nil, loginFailed(err)
	}
	// One mini-program may be associated with several corps: a code from
	// another corp names someone else's member.
	if corp != s.cfg.CorpID {
		return nil, E(KindUnauthenticated, "auth.other_corp", "the code belongs to corp %q", corp)
	}
	return s.start(ctx, userid, OriginMiniProgram)
}

// LoginOAuth signs in with an H5 OAuth code; non-members are refused.
func (s *AuthService) LoginOAuth(ctx context.Context, code string) (*Session, error) {
	if err := s.ready(code); err != nil {
		return nil, err
	}
	userid, err := s.login.OAuthUser(ctx, code)
	if err != nil {
		return nil, loginFailed(err)
	}
	return s.start(ctx, userid, OriginAPI)
}

// LoginDemo signs in as any enabled member, in demo mode only.
func (s *AuthService) LoginDemo(ctx context.Context, userid string) (*Session, error) {
	if !s.cfg.Demo {
		return nil, E(KindNotFound, "auth.demo_off", "demo sign-in is off")
	}
	return s.start(ctx, userid, OriginAPI)
}

func (s *AuthService) ready(code string) error {
	if s.login == nil {
		return E(KindUnavailable, "auth.wecom_off", "WeCom sign-in is not configured")
	}
	if code == "" || len(code) > maxLoginCode {
		return Invalid(map[string]string{"code": "required, at most 512 characters"})
	}
	return nil
}

// loginFailed keeps a refused code (invalid, used, expired) a sign-in
// failure and everything else what it was.
func loginFailed(err error) error {
	if IsKind(err, KindInvalid) || IsKind(err, KindNotFound) {
		return Wrap(KindUnauthenticated, "auth.bad_code", err)
	}
	return fmt.Errorf("wecom sign-in: %w", err)
}

// start opens a session for an enabled member.
func (s *AuthService) start(ctx context.Context, userid string, origin Origin) (*Session, error) {
	x, err := s.org.Index(ctx)
	if err != nil {
		return nil, err
	}
	u, ok := x.UserByUserID(userid)
	if userid == "" || !ok || !u.Enabled {
		return nil, E(KindUnauthenticated, "auth.not_member", "%q is not an enabled member", userid)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("session token: %w", err)
	}
	sess := &Session{Token: base64.RawURLEncoding.EncodeToString(raw), UserID: u.ID, Origin: origin,
		ExpiresAt: s.now().Add(s.cfg.TTL).UTC().Truncate(time.Second)}
	val, _ := json.Marshal(storedSession{UserID: sess.UserID, Origin: origin, ExpiresAt: sess.ExpiresAt})
	if err := s.kv.Set(ctx, sessionKey(sess.Token), string(val), s.cfg.TTL); err != nil {
		return nil, fmt.Errorf("store session: %w", err)
	}
	return sess, nil
}

type storedSession struct {
	UserID    int64     `json:"uid"`
	Origin    Origin    `json:"origin"`
	ExpiresAt time.Time `json:"exp"`
}

// Authenticate returns the actor of a live session.
func (s *AuthService) Authenticate(ctx context.Context, token string) (Actor, error) {
	bad := E(KindUnauthenticated, "auth.session_invalid", "no live session for this token")
	if token == "" || len(token) > 128 || strings.ContainsAny(token, " \t") {
		return Actor{}, bad
	}
	val, ok, err := s.kv.Get(ctx, sessionKey(token))
	if err != nil {
		return Actor{}, fmt.Errorf("read session: %w", err)
	}
	var st storedSession
	if !ok || json.Unmarshal([]byte(val), &st) != nil || !s.now().Before(st.ExpiresAt) {
		return Actor{}, bad
	}
	return Actor{UserID: st.UserID, Origin: st.Origin}, nil
}

// Logout ends a session; a token that is already gone is not an error.
func (s *AuthService) Logout(ctx context.Context, token string) error {
	return s.kv.Delete(ctx, sessionKey(token))
}

// Me returns the signed-in member.
func (s *AuthService) Me(ctx context.Context, actor Actor) (*User, error) {
	_, u, err := staffMember(ctx, s.org, actor)
	return u, err
}

// Directory returns the org for a signed-in member's pickers (people and
// departments).
func (s *AuthService) Directory(ctx context.Context, actor Actor) (*OrgIndex, error) {
	x, _, err := staffMember(ctx, s.org, actor)
	return x, err
}

func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "auth:session:" + hex.EncodeToString(sum[:])
}
