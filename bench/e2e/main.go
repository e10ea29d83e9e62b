// Command e2e measures verify end to end over generated suites, in its
// own process so that its peak RSS is verify's alone, and the same
// cassettes validated by a kin-openapi pipeline:
//
//	cd bench && go run ./e2e -n 1000,10000
//
// It prints, per suite size, interactions/s and peak RSS, then the
// scaling ratio of the largest size to the smallest, and the ratio of
// kin-openapi's throughput to ours. make bench runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/checkoutvcr/checkoutvcr/bench/kin"
	"github.com/checkoutvcr/checkoutvcr/bench/suite"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

func main() {
	sizes := flag.String("n", "1000,10000", "comma-separated suite sizes")
	module := flag.String("module", "..", "the checkoutvcr module root")
	one := flag.String("one", "", "run one measurement (verify:N or kin:N) in this process and print it")
	cpuprofile := flag.String("cpuprofile", "", "with -one: write a CPU profile to `file`")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*sizes, *module, *one); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
}

func run(sizes, module, one string) error {
	if one != "" {
		return measure(one, module)
	}
	fmt.Printf("machine: %s/%s, %d CPUs (GOMAXPROCS %d), %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), cpuModel())
	var ns []int
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return err
		}
		if _, err := suite.Ensure(context.Background(), n, module, func(m string) { fmt.Fprintln(os.Stderr, m) }); err != nil {
			return err
		}
		ns = append(ns, n)
	}
	secs := map[string]float64{}
	for _, n := range ns {
		for _, what := range []string{"verify", "kin"} {
			if what == "kin" && n != ns[0] {
				continue // kin-openapi is compared at the smallest size only
			}
			// Each measurement in a fresh process: peak RSS is its own.
			out, err := exec.Command(os.Args[0], "-module", module, "-one", fmt.Sprintf("%s:%d", what, n)).CombinedOutput()
			if err != nil {
				return fmt.Errorf("%s:%d: %v\n%s", what, n, err, out)
			}
			line := strings.TrimSpace(string(out))
			fmt.Println(line)
			f := strings.Fields(line)
			for i, w := range f {
				if w == "wall" && i+1 < len(f) {
					d, _ := time.ParseDuration(strings.TrimSuffix(f[i+1], ","))
					secs[fmt.Sprintf("%s:%d", what, n)] = d.Seconds()
				}
			}
		}
	}
	first, last := ns[0], ns[len(ns)-1]
	if last != first {
		r := secs[fmt.Sprintf("verify:%d", last)] / secs[fmt.Sprintf("verify:%d", first)]
		fmt.Printf("scaling: %d scenarios take %.2f× the time of %d (linear: %.1f×; issue 6's target for 10×: ≤ 10.5×)\n", last, r, first, float64(last)/float64(first))
	}
	if k, v := secs[fmt.Sprintf("kin:%d", first)], secs[fmt.Sprintf("verify:%d", first)]; k > 0 && v > 0 {
		fmt.Printf("kin-openapi ratio at %d scenarios: the kin-openapi pipeline takes %.1f× verify's wall time\n", first, k/v)
	}
	return nil
}

// measure runs one measurement in this process and prints one line.
func measure(spec, module string) error {
	what, num, _ := strings.Cut(spec, ":")
	n, err := strconv.Atoi(num)
	if err != nil {
		return err
	}
	s, err := suite.Ensure(context.Background(), n, module, nil)
	if err != nil {
		return err
	}
	var interactions, problems int
	start := time.Now()
	switch what {
	case "verify":
		rep, err := verify.Run(context.Background(), verify.Options{Scenarios: s.Scenarios, Cassettes: s.Cassettes})
		if err != nil {
			return err
		}
		for _, sc := range rep.Scenarios {
			interactions += sc.Interactions
		}
		problems = rep.Count().Errors
	case "kin":
		p, err := kin.Load(kin.SpecPath(module))
		if err != nil {
			return err
		}
		loaded := time.Since(start)
		start = time.Now()
		res, err := p.ValidateDir(s.Cassettes, runtime.GOMAXPROCS(0))
		if err != nil {
			return err
		}
		interactions, problems = res.Interactions, res.Rejected
		defer fmt.Printf(" (spec load %s, not included)", loaded.Round(time.Millisecond))
	default:
		return fmt.Errorf("unknown measurement %q", what)
	}
	wall := time.Since(start)
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("%-6s scenarios %6d: %6d interactions, wall %s, %8.0f interactions/s, peak RSS %d MB, %d errors",
		what, n, interactions, wall.Round(time.Millisecond), float64(interactions)/wall.Seconds(), ru.Maxrss/1024, problems)
	return nil
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
