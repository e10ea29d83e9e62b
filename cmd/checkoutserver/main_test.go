package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHelpDocumentsEveryFlag(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-h"}, io.Discard, &stderr)
	assert.True(t, errors.Is(err, flag.ErrHelp))
	assert.Equal(t, 0, exitCode(err, io.Discard))
	for _, f := range []string{"-addr", "-stripe-mock", "-spec", "-fixtures", "-allow-non-loopback", "-epoch"} {
		assert.Contains(t, stderr.String(), "  "+f, f)
	}
}

func TestRefusesNonLoopbackAndBadFlags(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "0.0.0.0:8080"}, `-addr "0.0.0.0:8080" is not a loopback address`},
		{[]string{"-addr", "example.com:80"}, "is not a loopback address"},
		{[]string{"-addr", "nonsense"}, `-addr "nonsense"`},
		{[]string{"-nope"}, "flag provided but not defined: -nope"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-epoch", "-1"}, "-epoch -1: want Unix seconds from 0 to 253402300799"},
		{[]string{"-epoch", "9223372036854775807"}, "-epoch 9223372036854775807: want Unix seconds"},
		{[]string{"-epoch", "1e300"}, `invalid value "1e300" for flag -epoch`},
	}
	for _, tc := range cases {
		var stderr bytes.Buffer
		err := run(context.Background(), tc.args, io.Discard, io.Discard)
		require.Error(t, err, tc.args)
		assert.Equal(t, 2, exitCode(err, &stderr), tc.args)
		assert.Contains(t, stderr.String(), tc.want, tc.args)
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %q", stderr.String())
	}
	assert.NoError(t, checkLoopback("0.0.0.0:8080", true), "-allow-non-loopback")
	assert.NoError(t, checkLoopback("[::1]:8080", false))
	assert.NoError(t, checkLoopback("localhost:8080", false))
}

// TestServesAndShutsDownCleanly starts the command with its own
// stripe-mock, creates a session through it, then cancels (what SIGINT
// does): run returns nil and stripe-mock is stopped.
func TestServesAndShutsDownCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, pw, io.Discard); pw.Close() }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	m := regexp.MustCompile(`listening on (http://\S+) \(stripe-mock at (http://\S+)\)`).FindStringSubmatch(line)
	require.NotNil(t, m, line)
	go io.Copy(io.Discard, pr)

	req, _ := http.NewRequest(http.MethodPost, m[1]+"/v1/checkout/sessions", strings.NewReader(
		"mode=setup&currency=usd&success_url=https://example.com/ok"))
	req.Header.Set("Authorization", "Bearer sk_test_123")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.Contains(t, string(body), `"payment_status": "no_payment_required"`)

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after the context was cancelled")
	}
	for _, u := range m[1:] {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(u, "http://"), 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		assert.Error(t, err, "%s still answers after shutdown", u)
	}
}
