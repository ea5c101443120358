package service

import (
	"context"
	"slices"
)

// settingChoices are the org settings the API may change and the values
// each accepts.
var settingChoices = map[string][]string{
	SettingCRMLookupMode:               {string(LookupFuzzy), string(LookupExact)},
	SettingSubordinatesIncludeSubdepts: {"true", "false"},
}

// SettingsService lets admins read and change the org settings.
type SettingsService struct{ org *OrgService }

// NewSettingsService wires the settings administration.
func NewSettingsService(org *OrgService) *SettingsService { return &SettingsService{org: org} }

// Get returns every changeable setting with its current value (admin only).
func (s *SettingsService) Get(ctx context.Context, actor Actor) (map[string]string, error) {
	x, err := requireAdmin(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(settingChoices))
	for name := range settingChoices {
		out[name] = x.Setting(name)
	}
	return out, nil
}

// Set changes some settings (admin only); every bad one is reported and
// then nothing changes.
func (s *SettingsService) Set(ctx context.Context, actor Actor, values map[string]string) (map[string]string, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	bad := map[string]string{}
	for name, v := range values {
		choices, ok := settingChoices[name]
		switch {
		case !ok:
			bad[name] = "not a setting"
		case !slices.Contains(choices, v):
			bad[name] = "must be one of the allowed values"
		}
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	if len(values) > 0 {
		if _, err := s.org.Apply(ctx, OrgSnapshot{Settings: values}, ApplyOptions{}); err != nil {
			return nil, err
		}
	}
	return s.Get(ctx, actor)
}
