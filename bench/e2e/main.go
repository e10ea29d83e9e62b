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
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"

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
	cpus := map[string]time.Duration{}
	counts := map[string]int{}
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
			key := fmt.Sprintf("%s:%d", what, n)
			for i, w := range f {
				switch {
				case i+1 >= len(f):
				case w == "wall":
					d, _ := time.ParseDuration(strings.TrimSuffix(f[i+1], ","))
					secs[key] = d.Seconds()
				case w == "cpu":
					cpus[key], _ = time.ParseDuration(f[i+1])
				case w == "interactions," && i > 0:
					counts[key], _ = strconv.Atoi(f[i-1])
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
		fmt.Printf("kin-openapi ratio at %d scenarios: the kin-openapi pipeline takes %.1f× verify's wall time (issue 17's target: ≥ 3×)\n", first, k/v)
	}
	key := fmt.Sprintf("verify:%d", first)
	if cpu, n := cpus[key], counts[key]; cpu > 0 && n > 0 {
		s, err := suite.Ensure(context.Background(), first, module, nil)
		if err != nil {
			return err
		}
		base, bytesPer, err := validBaseline(s.Cassettes, n)
		if err != nil {
			return err
		}
		fmt.Printf("cpu per interaction at %d scenarios: %s = %.1f× json.Valid over its %.0f bytes of cassette (%s) (issue 17's target: ≤ 15×)\n",
			first, cpu, float64(cpu)/float64(base), bytesPer, base.Round(100*time.Nanosecond))
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
	cpu0 := cpuTime()
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
		cpu0, start = cpuTime(), time.Now()
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
	cpu := cpuTime() - cpu0
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("%-6s scenarios %6d: %6d interactions, wall %s, %8.0f interactions/s, cpu %s per interaction, peak RSS %d MB, %d errors",
		what, n, interactions, wall.Round(time.Millisecond), float64(interactions)/wall.Seconds(),
		(cpu / time.Duration(max(interactions, 1))).Round(time.Microsecond), ru.Maxrss/1024, problems)
	return nil
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// validBaseline is issue 17's yardstick for CPU per interaction: the time
// json.Valid takes over as many bytes as one interaction's share of the
// suite's cassettes (their total size over their interactions), at the
// speed json.Valid reads the recorded response bodies (real JSON).
func validBaseline(dir string, interactions int) (perInteraction time.Duration, bytesPer float64, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		return 0, 0, fmt.Errorf("no cassettes in %s", dir)
	}
	var total int64
	var bodies [][]byte
	for k, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			return 0, 0, err
		}
		total += fi.Size()
		if k < 50 { // a sample of bodies is enough for json.Valid's speed
			c, err := cassette.Load(strings.TrimSuffix(f, ".yaml"))
			if err != nil {
				return 0, 0, err
			}
			for _, i := range c.Interactions {
				bodies = append(bodies, []byte(i.Response.Body))
			}
		}
	}
	// CPU time, like verify's figure, so that other processes on a busy
	// machine inflate neither.
	var n int64
	start := cpuTime()
	for cpuTime()-start < 300*time.Millisecond {
		for _, b := range bodies {
			if !json.Valid(b) {
				return 0, 0, fmt.Errorf("a recorded body is not JSON")
			}
			n += int64(len(b))
		}
	}
	perByte := float64(cpuTime()-start) / float64(n)
	bytesPer = float64(total) / float64(interactions)
	return time.Duration(perByte * bytesPer), bytesPer, nil
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
