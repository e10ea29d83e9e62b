package ownmodule

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// goEnv is the environment of every go command run in the team's
// module: this module proxy first, then the usual chain for everything
// else (stripe-go, go-vcr: already in the module cache on a warm
// machine); no checksum database for checkoutvcr, which no public one
// knows; go.mod and go.sum updated as commands need; no go.work, no
// toolchain download.
func goEnv(proxy string) []string {
	chain, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		panic(err)
	}
	return append(os.Environ(),
		"GOPROXY=file://"+filepath.ToSlash(proxy)+","+strings.TrimSpace(string(chain)),
		"GONOSUMDB=github.com/checkoutvcr", "GOFLAGS="+goflags, "GOWORK=off", "GOTOOLCHAIN=local",
		// The team's tests find stripe-mock as a team's do, through its
		// tool line, not the binary make test names for its own tests.
		"CHECKOUTVCR_STRIPE_MOCK=")
}

// goflags are the team module's GOFLAGS: -mod=mod, and -vet=off for its
// go test (see TestTeamModule).
const goflags = "-mod=mod -vet=off"

// sh runs script with bash -e in dir, with env, within timeout, and
// returns its combined output.
func sh(t *testing.T, dir string, env []string, timeout time.Duration, script string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-e", "-o", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = env
	cmd.WaitDelay = time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		return out.String(), ctx.Err()
	}
	return out.String(), err
}

// marked returns the live processes whose environment holds env (a
// NAME=value pair): the processes a command run with it started.
func marked(env string) []int {
	want := []byte(env + "\x00")
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var pids []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil || pid == os.Getpid() {
			continue
		}
		data, err := os.ReadFile(d + "/environ")
		if err != nil || !bytes.Contains(data, want) {
			continue
		}
		if stat, err := os.ReadFile(d + "/stat"); err == nil {
			if i := bytes.LastIndexByte(stat, ')'); i > 0 && len(stat) > i+2 && stat[i+2] == 'Z' {
				continue // dead, waiting to be reaped
			}
		}
		pids = append(pids, pid)
	}
	return pids
}
