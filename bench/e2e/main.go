// Command e2e measures verify end to end over generated suites, in its
// own process so that its peak RSS is verify's alone, and the same
// cassettes validated by a kin-openapi pipeline:
//
//	cd bench && go run ./e2e -n 1000,10000
//
// At the smallest size it runs verify and the kin-openapi pipeline
// alternately, -runs times (3 by default), each in a fresh process, and
// prints each run's line (interactions/s, CPU and allocations per
// interaction, peak RSS)
// with the load average (/proc/loadavg) it started at, then the median
// ratios: kin-openapi's wall time and CPU per interaction over verify's,
// and verify's CPU per interaction over json.Valid's over the same bytes.
// Neither side's clock counts loading what it checks against: kin-openapi's
// spec load and router, verify's contracts read and compiled; each line
// says how long that took.
// With a second size it then prints the scaling ratio of the largest
// size to the smallest. make bench runs it.
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
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/bench/kin"
	"github.com/checkoutvcr/checkoutvcr/bench/suite"
	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

func main() {
	sizes := flag.String("n", "1000,10000", "comma-separated suite sizes")
	module := flag.String("module", "..", "the checkoutvcr module root")
	one := flag.String("one", "", "run one measurement (verify:N or kin:N) in this process and print it")
	cpuprofile := flag.String("cpuprofile", "", "with -one: write a CPU profile to `file`")
	memprofile := flag.String("memprofile", "", "with -one: write an allocation profile to `file` at the end")
	runs := flag.Int("runs", 3, "how many times to run verify and the kin-openapi pipeline, alternately, at the smallest size; the ratios printed are the medians")
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
	if err := run(*sizes, *module, *one, *runs); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			os.Exit(1)
		}
	}
}

func run(sizes, module, one string, runs int) error {
	if one != "" {
		return measure(one, module)
	}
	if runs < 1 {
		return fmt.Errorf("-runs %d: need at least 1", runs)
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
	first, last := ns[0], ns[len(ns)-1]
	// The two sides at the smallest size, alternately, runs times: a
	// change in the machine's load then touches both sides of a ratio
	// alike, and the median of the runs drops an outlier.
	var wall, cpu, valid []float64
	var base time.Duration
	var bytesPer float64
	for r := 1; r <= runs; r++ {
		v, err := runOne("verify", first, module, r)
		if err != nil {
			return err
		}
		k, err := runOne("kin", first, module, r)
		if err != nil {
			return err
		}
		if v.wall > 0 && v.cpu > 0 && k.cpu > 0 {
			wall = append(wall, k.wall.Seconds()/v.wall.Seconds())
			cpu = append(cpu, float64(k.cpu)/float64(v.cpu))
		}
		if base == 0 && v.interactions > 0 {
			s, err := suite.Ensure(context.Background(), first, module, nil)
			if err != nil {
				return err
			}
			if base, bytesPer, err = validBaseline(s.Cassettes, v.interactions); err != nil {
				return err
			}
		}
		if base > 0 {
			valid = append(valid, float64(v.cpu)/float64(base))
			fmt.Printf("run %d: kin/verify wall %.2f×, cpu per interaction %.2f×; verify cpu %.1f× json.Valid\n", r, k.wall.Seconds()/v.wall.Seconds(), float64(k.cpu)/float64(v.cpu), float64(v.cpu)/float64(base))
		}
	}
	if len(wall) > 0 {
		fmt.Printf("kin-openapi ratio at %d scenarios, median of %d runs: the kin-openapi pipeline takes %.2f× verify's wall time and %.2f× its CPU per interaction (issue 24's target: ≥ 2.5× both); load average now %s\n",
			first, len(wall), median(wall), median(cpu), loadAvg())
	}
	if len(valid) > 0 {
		fmt.Printf("cpu per interaction at %d scenarios, median of %d runs: %.1f× json.Valid over its %.0f bytes of cassette (%s) (issue 24's target: ≤ 15×); load average now %s\n",
			first, len(valid), median(valid), bytesPer, base.Round(100*time.Nanosecond), loadAvg())
	}
	if last != first {
		// Both sizes from the page cache: the runs above have just read
		// the smallest suite's files; the largest's are read once here, or
		// the first run after they left the cache times the disk as well
		// (14.8× twice, against 8.1–8.7× from the cache).
		s, err := suite.Ensure(context.Background(), last, module, nil)
		if err != nil {
			return err
		}
		files, size, err := readAll(s.Scenarios, s.Cassettes)
		if err != nil {
			return err
		}
		fmt.Printf("read the %d-scenario suite once first (%d files, %.0f MB), as the runs above read the %d-scenario one\n", last, files, float64(size)/(1<<20), first)
		v1, err := runOne("verify", first, module, 0)
		if err != nil {
			return err
		}
		v2, err := runOne("verify", last, module, 0)
		if err != nil {
			return err
		}
		fmt.Printf("scaling: %d scenarios take %.2f× the time of %d (linear: %.1f×; issue 6's target for 10×: ≤ 10.5×)\n", last, v2.wall.Seconds()/v1.wall.Seconds(), first, float64(last)/float64(first))
	}
	return nil
}

// readAll reads every file under dirs and returns how many and their
// bytes: it puts a suite in the page cache.
func readAll(dirs ...string) (files int, size int64, err error) {
	for _, dir := range dirs {
		err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files, size = files+1, size+int64(len(data))
			return nil
		})
		if err != nil {
			return files, size, err
		}
	}
	return files, size, nil
}

// result is one measurement's figures, read back from its line.
type result struct {
	wall, cpu    time.Duration // cpu is per interaction
	interactions int
}

// runOne runs one measurement (what is verify or kin) in a fresh process,
// so that peak RSS is its own, and prints its line with the load average
// it started at; r numbers the run, 0 for none.
func runOne(what string, n int, module string, r int) (result, error) {
	load := loadAvg()
	out, err := exec.Command(os.Args[0], "-module", module, "-one", fmt.Sprintf("%s:%d", what, n)).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("%s:%d: %v\n%s", what, n, err, out)
	}
	line := strings.TrimSpace(string(out))
	prefix := ""
	if r > 0 {
		prefix = fmt.Sprintf("run %d: ", r)
	}
	fmt.Printf("%s%s [load %s]\n", prefix, line, load)
	var res result
	f := strings.Fields(line)
	for i, w := range f {
		switch {
		case i+1 >= len(f):
		case w == "wall":
			res.wall, _ = time.ParseDuration(strings.TrimSuffix(f[i+1], ","))
		case w == "cpu":
			res.cpu, _ = time.ParseDuration(f[i+1])
		case w == "interactions," && i > 0:
			res.interactions, _ = strconv.Atoi(f[i-1])
		}
	}
	return res, nil
}

// median is the middle value of xs (the mean of the two middle ones for
// an even count); xs is sorted in place.
func median(xs []float64) float64 {
	slices.Sort(xs)
	if len(xs)%2 == 1 {
		return xs[len(xs)/2]
	}
	return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
}

// loadAvg is the 1-, 5- and 15-minute load averages from /proc/loadavg,
// "unknown" where there is none.
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
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
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0 := cpuTime()
	start := time.Now()
	switch what {
	case "verify":
		// verify's counterpart of kin-openapi's spec load, excluded the
		// same way: the embedded contracts of the suite's version, read
		// and compiled (Run then finds them loaded, as a second Run in
		// the same process would).
		loaded, err := loadContracts()
		if err != nil {
			return err
		}
		runtime.ReadMemStats(&ms0)
		cpu0, start = cpuTime(), time.Now()
		defer fmt.Printf(" (contracts load %s, not included)", loaded.Round(time.Millisecond))
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
		runtime.ReadMemStats(&ms0)
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
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms) // allocations: a figure the machine's load does not move
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	per := uint64(max(interactions, 1))
	fmt.Printf("%-6s scenarios %6d: %6d interactions, wall %s, %8.0f interactions/s, cpu %s per interaction, %d allocs (%d kB) per interaction, peak RSS %d MB, %d errors",
		what, n, interactions, wall.Round(time.Millisecond), float64(interactions)/wall.Seconds(),
		(cpu / time.Duration(max(interactions, 1))).Round(time.Microsecond), (ms.Mallocs-ms0.Mallocs)/per, (ms.TotalAlloc-ms0.TotalAlloc)/per/1000, ru.Maxrss/1024, problems)
	return nil
}

// loadContracts reads and compiles the newest embedded contracts (the
// version of every generated suite), requests included, and says how
// long that took.
func loadContracts() (time.Duration, error) {
	start := time.Now()
	set, err := contracts.Embedded().Newest()
	if err == nil {
		err = set.Compile(true)
	}
	return time.Since(start), err
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
