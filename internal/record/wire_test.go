package record

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wireRequest is how one request looked on the wire.
type wireRequest struct {
	Method, Path     string
	ContentLength    int64
	TransferEncoding []string
}

// wireProxy is a raw loopback proxy in front of stripe-mock that parses
// each request from the bytes the client sent, as a strict proxy does,
// and notes its framing: Content-Length or chunked.
func wireProxy(t *testing.T) (url string, seen func() []wireRequest) {
	t.Helper()
	mockURL := mock.URL(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var mu sync.Mutex
	var got []wireRequest
	var wg sync.WaitGroup
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns { // idle keep-alive connections
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				br := bufio.NewReader(conn)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					body, err := io.ReadAll(req.Body)
					if err != nil {
						return
					}
					mu.Lock()
					got = append(got, wireRequest{req.Method, req.URL.Path, req.ContentLength, req.TransferEncoding})
					mu.Unlock()
					out, err := http.NewRequest(req.Method, mockURL+req.URL.RequestURI(), bytes.NewReader(body))
					if err != nil {
						return
					}
					out.Header = req.Header
					resp, err := http.DefaultTransport.RoundTrip(out)
					if err != nil {
						return
					}
					err = resp.Write(conn)
					resp.Body.Close()
					if err != nil {
						return
					}
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String(), func() []wireRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]wireRequest(nil), got...)
	}
}

// TestRecordKeepsTheWireForm (issue 25 case 6): recording does not change
// how a request is framed. The client sends a body-less POST (expire) with
// Content-Length: 0; through record's transports it must reach the server
// the same way, never as Transfer-Encoding: chunked, which a strict proxy
// waits on forever; a POST with a body keeps its exact Content-Length.
func TestRecordKeepsTheWireForm(t *testing.T) {
	url, seen := wireProxy(t)
	scen := redactScenarios(t, "")
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: t.TempDir(), BaseURL: url, Log: &log})
	require.NoError(t, err)
	require.Zero(t, sum.Failed(), log.String())
	expires := 0
	for _, r := range seen() {
		assert.Empty(t, r.TransferEncoding, "%s %s", r.Method, r.Path)
		if r.Method == http.MethodPost {
			assert.GreaterOrEqual(t, r.ContentLength, int64(0), "%s %s sends a Content-Length", r.Method, r.Path)
		}
		if r.Method == http.MethodPost && len(r.Path) > 7 && r.Path[len(r.Path)-7:] == "/expire" {
			expires++
			assert.Equal(t, int64(0), r.ContentLength, "a body-less POST keeps Content-Length: 0")
		}
	}
	assert.Equal(t, 2, expires, "the lifecycle scenario expires twice")
}
