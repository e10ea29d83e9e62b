package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTimeoutFlag: a server that never answers fails the scenario after
// -timeout (and the client's two retries), not never.
func TestTimeoutFlag(t *testing.T) {
	t.Parallel() // waits on timeouts and retries, not the CPU
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // so that the server notices the client hanging up
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", t.TempDir(), "-run", "^setup$", "-timeout", "100ms"},
		env(map[string]string{"STRIPE_API_BASE": srv.URL}), &out, &errOut)
	require.ErrorIs(t, err, errFailed)
	assert.Contains(t, out.String(), "✗ setup")
	assert.Regexp(t, `Client.Timeout exceeded|deadline exceeded`, out.String())

	for _, bad := range []string{"0", "-1s", "soon"} {
		errOut.Reset()
		err = run(context.Background(), []string{"-timeout", bad}, env(nil), &out, &errOut)
		assert.Equal(t, 2, exitCode(err, &errOut), "-timeout %s", bad)
	}
	errOut.Reset()
	err = run(context.Background(), []string{"-h"}, env(nil), &out, &errOut)
	assert.Equal(t, 0, exitCode(err, &errOut))
	assert.Contains(t, errOut.String(), "-timeout duration")
	assert.Contains(t, errOut.String(), "(default 1m20s)")
}

// TestUnreachableServerExitsAtOnce: a STRIPE_API_BASE nobody listens on is
// a configuration error (exit 2) found before any scenario runs.
func TestUnreachableServerExitsAtOnce(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	base := "http://" + l.Addr().String()
	require.NoError(t, l.Close())

	var out, errOut bytes.Buffer
	err = run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", t.TempDir()},
		env(map[string]string{"STRIPE_API_BASE": base}), &out, &errOut)
	assert.Equal(t, 2, exitCode(err, &errOut))
	assert.Equal(t, "record: cannot reach STRIPE_API_BASE "+base+" (connection refused); is the server running?\n", errOut.String())
	assert.Empty(t, out.String(), "no scenario ran")
}

func TestServerFlag(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"-server", "stripe"}, nil, `-server "stripe": want local or stripe-mock`},
		{[]string{"-server", "local"}, map[string]string{"STRIPE_SECRET_KEY": "sk_test_123"}, "STRIPE_SECRET_KEY without STRIPE_API_BASE records against Stripe"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tt.args, env(tt.env), &out, &errOut)
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.want)
		assert.Equal(t, 2, exitCode(err, io.Discard))
	}
	var help bytes.Buffer
	_ = run(context.Background(), []string{"-h"}, env(nil), &help, &help)
	assert.Contains(t, help.String(), "-server stripe-mock")
	assert.Contains(t, help.String(), "local Checkout")
}

// TestBaseURLWithQuery: STRIPE_API_BASE with a query is exit 2, one
// line, the query value not printed.
func TestBaseURLWithQuery(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", t.TempDir()},
		env(map[string]string{"STRIPE_API_BASE": mock.URL(t) + "/?token=hunter2pw"}), &out, &errOut)
	assert.Equal(t, 2, exitCode(err, &errOut))
	assert.Equal(t, "record: STRIPE_API_BASE "+mock.URL(t)+"/?token=REDACTED has a query or fragment; give the scheme, host and optional path prefix only, e.g. http://127.0.0.1:12111\n", errOut.String())
	assert.NotContains(t, out.String(), "hunter2pw")
}
