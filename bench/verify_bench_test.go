package bench

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/checkoutvcr/checkoutvcr/bench/kin"
	"github.com/checkoutvcr/checkoutvcr/bench/suite"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// suiteSizes are the suite sizes of BenchmarkVerify. make bench measures
// 1,000 and 10,000 with bench/e2e, in processes of their own.
var suiteSizes = []int{10, 100}

func ensure(b *testing.B, n int) *suite.Suite {
	b.Helper()
	s, err := suite.Ensure(context.Background(), n, "..", func(m string) { b.Log(m) })
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkVerify is verify end to end over a generated suite of N
// scenarios (four interactions each), both cores.
func BenchmarkVerify(b *testing.B) {
	for _, n := range suiteSizes {
		s := ensure(b, n)
		b.Run(fmt.Sprintf("scenarios=%d", n), func(b *testing.B) {
			interactions := 0
			start := time.Now()
			for b.Loop() {
				rep, err := verify.Run(context.Background(), verify.Options{Scenarios: s.Scenarios, Cassettes: s.Cassettes})
				if err != nil {
					b.Fatal(err)
				}
				if c := rep.Count(); c.Errors > 0 {
					b.Fatalf("%d errors", c.Errors)
				}
				for _, sc := range rep.Scenarios {
					interactions += sc.Interactions
				}
			}
			b.ReportMetric(float64(interactions)/time.Since(start).Seconds(), "interactions/s")
		})
	}
}

// pipeline is the kin-openapi pipeline the benchmarks validate with,
// loaded once per test binary: loading Stripe's spec takes seconds
// (BenchmarkKinOpenAPILoad), and the go test command calls a benchmark
// function several times.
var pipeline = sync.OnceValues(func() (*kin.Pipeline, error) { return kin.Load(kin.SpecPath("..")) })

// BenchmarkKinOpenAPI validates the same suite's cassettes with
// kin-openapi (spec load excluded; see BenchmarkKinOpenAPILoad).
func BenchmarkKinOpenAPI(b *testing.B) {
	p, err := pipeline()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range suiteSizes {
		s := ensure(b, n)
		b.Run(fmt.Sprintf("scenarios=%d", n), func(b *testing.B) {
			interactions := 0
			start := time.Now()
			for b.Loop() {
				res, err := p.ValidateDir(s.Cassettes, 0)
				if err != nil {
					b.Fatal(err)
				}
				if res.Rejected > 0 {
					b.Fatalf("kin-openapi rejected %d: %s", res.Rejected, res.FirstError)
				}
				interactions += res.Interactions
			}
			b.ReportMetric(float64(interactions)/time.Since(start).Seconds(), "interactions/s")
		})
	}
}

// BenchmarkKinOpenAPILoad is kin-openapi's start-up: load spec3.json.
func BenchmarkKinOpenAPILoad(b *testing.B) {
	spec := kin.SpecPath("..")
	for b.Loop() {
		if _, err := kin.Load(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKinOpenAPIResponse is kin-openapi's ValidateResponse on one
// recorded create response (about 4 KB), route lookup included.
func BenchmarkKinOpenAPIResponse(b *testing.B) {
	p, err := pipeline()
	if err != nil {
		b.Fatal(err)
	}
	s := ensure(b, 10)
	c, err := cassette.Load(s.Cassettes + "/bench_00001")
	if err != nil {
		b.Fatal(err)
	}
	i := c.Interactions[0]
	b.SetBytes(int64(len(i.Response.Body)))
	for b.Loop() {
		if err := p.ValidateInteraction(i); err != nil {
			b.Fatal(err)
		}
	}
}
