package stripemock

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStartServesCheckoutAndStops(t *testing.T) {
	s, err := Start(context.Background(), Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, s.URL)

	req, err := http.NewRequest("GET", s.URL+"/v1/checkout/sessions/cs_test_1", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer sk_test_123")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, string(body), `"object":"checkout.session"`)
	assert.NotEmpty(t, resp.Header.Get("Stripe-Mock-Version"))

	// Options.URL: a Server for the running one, whose Close leaves it be.
	again, err := Start(context.Background(), Options{URL: s.URL})
	require.NoError(t, err)
	assert.Equal(t, s.URL, again.URL)
	require.NoError(t, again.Close())
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err, "the server Start was given still answers after its Close")
	resp.Body.Close()

	require.NoError(t, s.Close())
	_, err = http.DefaultClient.Get(s.URL + "/v1/checkout/sessions")
	assert.Error(t, err, "server still answers after Close")
}

// TestURLRefusesWhatWouldStartAServer: with Options.URL nothing starts,
// so options that only a start would use are an error, not ignored.
func TestURLRefusesWhatWouldStartAServer(t *testing.T) {
	for _, opts := range []Options{
		{URL: "http://127.0.0.1:1", Spec: "spec3.json"},
		{URL: "http://127.0.0.1:1", Fixtures: "fixtures3.json"},
		{URL: "http://127.0.0.1:1", Command: []string{"stripe-mock"}},
	} {
		_, err := Start(context.Background(), opts)
		assert.ErrorContains(t, err, "Options.URL names a running server", "%+v", opts)
	}
}

func TestStartReportsBadCommand(t *testing.T) {
	_, err := Start(context.Background(), Options{Command: []string{"false"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exited before listening: no output (exit status 1)")
}

func TestModuleDirHoldsTheSpec(t *testing.T) {
	dir, err := ModuleDir(context.Background(), "")
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(dir, "embedded", "openapi", "spec3.json"))
	assert.Contains(t, dir, "stripe-mock@v0.203.0", "the version go.mod pins")
}

// TestDownloadAsksOncePerModule: a second ModuleDir for the same folder
// reuses the first answer, with no go command to ask (none in PATH); a
// module not asked for before still needs one.
func TestDownloadAsksOncePerModule(t *testing.T) {
	dir, err := ModuleDir(context.Background(), "")
	require.NoError(t, err)
	t.Setenv("PATH", t.TempDir())
	again, err := ModuleDir(context.Background(), "")
	require.NoError(t, err)
	assert.Equal(t, dir, again)
	_, err = Download(context.Background(), "", "github.com/stripe/stripe-mock@v0.202.0")
	assert.ErrorContains(t, err, "executable file not found", "a module not asked for before runs the go command")
}

// TestStartRunsTheBinaryTheEnvNames: with BinaryEnv set, Start runs that
// binary and asks the go command nothing, so it starts even from a folder
// with no module; a binary that is not there is an error that names the
// variable, a relative path is refused, and a bare name is looked up in
// PATH.
func TestStartRunsTheBinaryTheEnvNames(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "fake-stripe-mock")
	require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\necho 'Listening for HTTP at address: 127.0.0.1:9'\nexec sleep 60\n"), 0o755))
	t.Setenv(BinaryEnv, fake)
	srv, err := Start(context.Background(), Options{Dir: dir})
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9", srv.URL)
	require.NoError(t, srv.Close())

	t.Setenv(BinaryEnv, filepath.Join(dir, "missing"))
	_, err = Start(context.Background(), Options{Dir: dir})
	require.Error(t, err)
	assert.Contains(t, err.Error(), BinaryEnv+" names it")
	assert.ErrorIs(t, err, ErrSetup, "a setup error: the commands exit 2")

	// A relative path would mean another file in each package's folder.
	t.Setenv(BinaryEnv, "bin/stripe-mock")
	_, err = Start(context.Background(), Options{Dir: dir})
	require.Error(t, err)
	assert.Equal(t, "stripe-mock: "+BinaryEnv+"=bin/stripe-mock: give an absolute path, or a command name to look up in PATH", err.Error())
	assert.ErrorIs(t, err, ErrSetup)

	// A name is looked up in PATH.
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv(BinaryEnv, "fake-stripe-mock")
	srv, err = Start(context.Background(), Options{Dir: dir})
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9", srv.URL)
	require.NoError(t, srv.Close())
}
