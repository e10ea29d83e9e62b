// Package kin is the alternative a user would reach for: validate the
// recorded responses with kin-openapi against Stripe's OpenAPI spec (the
// spec3.json of the pinned stripe-mock module), with
// openapi3filter.ValidateResponse per interaction. It lives in the bench
// module so that checkoutvcr's users never inherit kin-openapi.
package kin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// SpecPath returns the spec3.json of the stripe-mock that the module at
// moduleDir pins.
func SpecPath(moduleDir string) string {
	dir, err := stripemock.ModuleDir(context.Background(), moduleDir)
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "embedded", "openapi", "spec3.json")
}

// Pipeline validates responses with kin-openapi.
type Pipeline struct {
	doc    *openapi3.T
	router routers.Router
}

// Load loads the spec (without validating it: doc.Validate costs seconds
// and a gigabyte on Stripe's spec) and builds a router.
func Load(spec string) (*Pipeline, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(spec)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", spec, err)
	}
	doc.Servers = openapi3.Servers{{URL: "http://stripe-mock"}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &Pipeline{doc: doc, router: r}, nil
}

// Result counts what ValidateDir saw.
type Result struct {
	Interactions int
	Rejected     int    // responses kin-openapi reported as invalid
	FirstError   string // the first of those errors
}

// ValidateInteraction validates one recorded response.
func (p *Pipeline) ValidateInteraction(i *cassette.Interaction) error {
	u, err := url.Parse(i.Request.URL)
	if err != nil {
		return err
	}
	u.Scheme, u.Host = "http", "stripe-mock"
	req, err := http.NewRequest(i.Request.Method, u.String(), strings.NewReader(i.Request.Body))
	if err != nil {
		return err
	}
	req.Header = i.Request.Headers.Clone()
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	route, params, err := p.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("route: %w", err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{ExcludeRequestBody: true, IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  i.Response.Code,
		Header:  http.Header{"Content-Type": {"application/json"}},
		Body:    io.NopCloser(bytes.NewReader([]byte(i.Response.Body))),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	return openapi3filter.ValidateResponse(context.Background(), in)
}

// ValidateDir validates every interaction of every cassette in dir, with
// workers cassettes at a time (one cassette in memory per worker).
func (p *Pipeline) ValidateDir(dir string, workers int) (Result, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return Result{}, err
	}
	var (
		mu  sync.Mutex
		res Result
		wg  sync.WaitGroup
		ch  = make(chan string)
		bad error
	)
	for range workers {
		wg.Go(func() {
			for f := range ch {
				c, err := cassette.Load(strings.TrimSuffix(f, ".yaml"))
				if err != nil {
					mu.Lock()
					bad = err
					mu.Unlock()
					continue
				}
				n, rejected, first := 0, 0, ""
				for _, i := range c.Interactions {
					n++
					if err := p.ValidateInteraction(i); err != nil {
						rejected++
						if first == "" {
							first = err.Error()
						}
					}
				}
				mu.Lock()
				res.Interactions += n
				res.Rejected += rejected
				if res.FirstError == "" {
					res.FirstError = first
				}
				mu.Unlock()
			}
		})
	}
	for _, f := range files {
		ch <- f
	}
	close(ch)
	wg.Wait()
	if bad != nil {
		return res, bad
	}
	if len(files) == 0 {
		return res, fmt.Errorf("no cassettes in %s", dir)
	}
	return res, nil
}
