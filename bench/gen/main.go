// Command gen records a benchmark suite of N scenario variants against
// stripe-mock:
//
//	cd bench && go run ./gen -n 1000 -out /tmp/suite
//
// Without -out it fills the cache the benchmarks use (see bench/suite).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/checkoutvcr/checkoutvcr/bench/suite"
)

func main() {
	n := flag.Int("n", 1000, "number of scenarios")
	out := flag.String("out", "", "folder to write scenarios/ and cassettes/ into; default: the benchmark cache")
	module := flag.String("module", "..", "the checkoutvcr module root, where go tool stripe-mock runs")
	flag.Parse()
	ctx := context.Background()
	var err error
	if *out != "" {
		err = suite.Generate(ctx, *n, *out, *module)
	} else {
		var s *suite.Suite
		if s, err = suite.Ensure(ctx, *n, *module, func(m string) { fmt.Fprintln(os.Stderr, m) }); err == nil {
			fmt.Println(s.Scenarios, s.Cassettes)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
