package vcr_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/vcr"
)

// TestAbortThenCommitSavesNothing: Abort discards what was captured; a
// Commit after it is an error and leaves the old cassette byte for byte
// (or no cassette, when there was none), with no temp file left.
func TestAbortThenCommitSavesNothing(t *testing.T) {
	srv := flaky(t, 0)
	for _, tt := range []struct {
		name string
		old  []byte // nil: no cassette before
	}{
		{"over an old cassette", []byte("old\n")},
		{"no cassette before", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "c.yaml")
			if tt.old != nil {
				require.NoError(t, os.WriteFile(path, tt.old, 0o644))
			}
			rec, err := vcr.Record(path, vcr.RecordOptions{})
			require.NoError(t, err)
			send(t, rec, srv.URL, "mode=payment", "k1")
			rec.Abort()
			err = rec.Commit()
			require.ErrorIs(t, err, vcr.ErrAborted)
			assert.EqualError(t, err, "vcr: Commit after Abort: the recording was discarded, the cassette is as it was: recording aborted")
			data, err := os.ReadFile(path)
			if tt.old == nil {
				assert.ErrorIs(t, err, os.ErrNotExist, "no cassette is created")
			} else {
				require.NoError(t, err)
				assert.Equal(t, string(tt.old), string(data))
			}
			files := 0 // the old cassette, if any, and nothing else
			if tt.old != nil {
				files = 1
			}
			entries, _ := os.ReadDir(dir)
			assert.Len(t, entries, files, "no temp file left")
		})
	}
}

// TestShortSecretIsRefused: a secret shorter than MinSecretLen cannot be
// redacted without scrubbing ordinary text, so Record refuses it at once
// rather than save it in the clear.
func TestShortSecretIsRefused(t *testing.T) {
	for _, tt := range []struct {
		name    string
		secrets []string
		want    string // "" means accepted
	}{
		{"empty", []string{""}, "vcr.Record: RecordOptions.Secrets[0] is 0 bytes long, shorter than 6: it would match ordinary text, so it cannot be redacted; pass the whole key: secret too short to redact"},
		{"five bytes", []string{"sk_test_123", "abcde"}, "vcr.Record: RecordOptions.Secrets[1] is 5 bytes long, shorter than 6: it would match ordinary text, so it cannot be redacted; pass the whole key: secret too short to redact"},
		{"six bytes", []string{"abcdef"}, ""},
		{"a key", []string{"sk_test_123"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := vcr.Record(filepath.Join(t.TempDir(), "c.yaml"), vcr.RecordOptions{Secrets: tt.secrets})
			if tt.want == "" {
				require.NoError(t, err)
				assert.NotNil(t, rec)
				return
			}
			assert.ErrorIs(t, err, vcr.ErrShortSecret)
			assert.EqualError(t, err, tt.want)
			assert.Nil(t, rec)
		})
	}
}

// TestSixByteSecretIsRedacted: the shortest secret accepted is scrubbed
// from what is saved.
func TestSixByteSecretIsRedacted(t *testing.T) {
	srv := flaky(t, 0)
	path := filepath.Join(t.TempDir(), "c.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{Secrets: []string{"s3cr3t"}})
	require.NoError(t, err)
	send(t, rec, srv.URL, "mode=payment&metadata[k]=s3cr3t", "k1")
	require.NoError(t, rec.Commit())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "s3cr3t")
	assert.Contains(t, string(data), vcr.Placeholder)
}

// TestRecordRefusesABadPathAtOnce: an empty path or a folder fails at
// Record, before any request, with what to give instead, not at Commit
// with a rename error.
func TestRecordRefusesABadPathAtOnce(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, path, want string
	}{
		{"empty", "", "vcr.Record: the cassette path is empty; give a file path such as testdata/cassettes/checkout.yaml"},
		{"a folder", dir, "vcr.Record: " + dir + " is a folder; give a file path such as " + filepath.Join(dir, "checkout.yaml")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := vcr.Record(tt.path, vcr.RecordOptions{})
			assert.EqualError(t, err, tt.want)
			assert.Nil(t, rec)
		})
	}
}

// TestStripeGoRetried is stripe-go's rule, case by case.
func TestStripeGoRetried(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int
		header http.Header
		body   string
		want   bool
	}{
		{"lock timeout", 429, nil, `{"error":{"code":"lock_timeout","type":"invalid_request_error"}}`, true},
		{"rate limited", 429, nil, `{"error":{"code":"rate_limit","type":"invalid_request_error"}}`, false},
		{"lock timeout, should-retry false: an error is judged by its code", 429, http.Header{"Stripe-Should-Retry": {"false"}}, `{"error":{"code":"lock_timeout"}}`, true},
		{"server error: an API error, not retried", 500, nil, `{"error":{"type":"api_error"}}`, false},
		{"conflict: an API error, not retried", 409, nil, `{"error":{"type":"idempotency_error"}}`, false},
		{"not JSON", 429, nil, `<html>`, false},
		{"ok", 200, nil, `{"id":"cs_1"}`, false},
		{"ok, should-retry true", 200, http.Header{"Stripe-Should-Retry": {"true"}}, `{}`, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			assert.Equal(t, tt.want, vcr.StripeGoRetried(tt.status, h, []byte(tt.body)))
		})
	}
}
