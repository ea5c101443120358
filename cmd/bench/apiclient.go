package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// apiClient calls the server's JSON API as one signed-in user.
type apiClient struct {
	http  *http.Client
	token string
}

// signIn uses the demo sign-in, which the bench servers run with.
func signIn(ctx context.Context, client *http.Client, base, userid string) (*apiClient, error) {
	var s struct {
		Token string `json:"token"`
	}
	a := &apiClient{http: client}
	if err := a.call(ctx, http.MethodPost, base+"/api/v1/auth/dev", map[string]string{"userid": userid}, &s); err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", userid, err)
	}
	a.token = s.Token
	return a, nil
}

// call sends body as JSON and decodes a 2xx answer into out (nil: drop it).
func (a *apiClient) call(ctx context.Context, method, url string, body, out any) error {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, bytes.TrimSpace(raw))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

// userIDs maps userids to the server's numeric ids.
func (a *apiClient) userIDs(ctx context.Context, base string) (map[string]int64, error) {
	var list struct {
		Items []struct {
			ID     int64  `json:"id"`
			UserID string `json:"userid"`
		} `json:"items"`
	}
	if err := a.call(ctx, http.MethodGet, base+"/api/v1/org/users", nil, &list); err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, u := range list.Items {
		out[u.UserID] = u.ID
	}
	return out, nil
}
