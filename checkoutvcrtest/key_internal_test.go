package checkoutvcrtest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLiveKeyRefused: a live-mode key is refused before anything starts,
// and the message shows its prefix only.
func TestLiveKeyRefused(t *testing.T) {
	for _, key := range []string{"sk_live_51AbCdEfGhIjKl", "rk_live_51AbCdEfGhIjKl"} {
		_, stop, err := start(t, Options{Key: key})
		stop()
		require.Error(t, err, key)
		assert.Equal(t, "Options.Key is a live-mode key ("+key[:8]+"…): use a test key such as sk_test_checkoutvcrtest, or leave Key empty", err.Error())
	}
}

// fatalTB is a testing.TB whose Fatalf records the message and ends the
// goroutine, as the testing package's does.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// TestPostErrorIsRedacted: when Post fails, the server's error is quoted
// with the key (raw, or as the Basic credential it was sent in) redacted.
func TestPostErrorIsRedacted(t *testing.T) {
	const key = "sk_test_51SecretKeyXyz"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error": {"message": "Authorization was '%s' for %s"}}`, r.Header.Get("Authorization"), key)
	}))
	defer srv.Close()
	s := &Server{URL: srv.URL, Key: key, Client: srv.Client()}
	tb := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Post(tb, "/v1/customers", nil)
	}()
	<-done
	assert.Contains(t, tb.msg, "checkoutvcrtest: POST /v1/customers: 401 Unauthorized")
	assert.NotContains(t, tb.msg, key)
	assert.NotContains(t, tb.msg, base64.StdEncoding.EncodeToString([]byte(key+":")))
	assert.Contains(t, tb.msg, "Basic REDACTED")
}
