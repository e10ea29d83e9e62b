package verify

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/contracts"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus/*.golden from the corpus")

// corpusEnv names the folder of the real-response corpus when it is not
// the repository's testdata/stripe-corpus (see its README.md: the bodies
// are real Stripe responses from public cassettes, kept verbatim).
const corpusEnv = "CHECKOUTVCR_STRIPE_CORPUS"

// corpusEntry is one file of the corpus: a real exchange with Stripe.
type corpusEntry struct {
	Request struct {
		Method, Path  string
		StripeVersion string `json:"stripe_version"`
	}
	Response struct {
		Status  int
		Headers map[string]string
		Body    string // verbatim, never edited
	}
}

// corpusDir is the corpus folder: $CHECKOUTVCR_STRIPE_CORPUS, else the
// repository's testdata/stripe-corpus.
func corpusDir() string {
	if d := os.Getenv(corpusEnv); d != "" {
		return d
	}
	return filepath.Join("..", "..", "testdata", "stripe-corpus")
}

// checkCorpusEntry is what verify says about one real exchange, in the
// lines a golden file holds: the answering version, the contracts it
// resolves to and how ([contracts.Library.Resolve]), the skew headline
// when no contract covers it, then each finding of
// [contracts.Set.CheckExchange] against those contracts, classified by
// the resolution.
func checkCorpusEntry(t *testing.T, lib *contracts.Library, e corpusEntry) string {
	t.Helper()
	path, rawQuery, _ := strings.Cut(e.Request.Path, "?")
	query, err := url.ParseQuery(rawQuery)
	require.NoError(t, err)
	header := http.Header{}
	for k, v := range e.Response.Headers {
		header.Set(k, v)
	}
	reqHeader := http.Header{}
	reqHeader.Set("Stripe-Version", e.Request.StripeVersion)
	version := contracts.AnsweringVersion(header, reqHeader)
	set, res, err := lib.Load(version)
	require.NoError(t, err)
	sk := res.Skew()
	ex := contracts.Exchange{Method: e.Request.Method, Path: path, Query: query, Status: e.Response.Status,
		Header: header, Body: []byte(e.Response.Body), Interaction: -1}
	fs, err := set.CheckExchange(ex, contracts.ExchangeOptions{SkipRequest: true})
	require.NoError(t, err)
	var b strings.Builder
	fmt.Fprintf(&b, "answering version: %s (%s; contracts: %s)\n", version, res.Match, set.APIVersion())
	if sk.Skewed() {
		all := lib.Versions()
		fmt.Fprintf(&b, "%s [%s] %s\n", contracts.KindVersionSkew.Severity(), contracts.KindVersionSkew,
			res.Headline(1, "", all[0].APIVersion, all[len(all)-1].APIVersion))
	}
	for _, f := range fs {
		fmt.Fprintln(&b, res.Classify(f).String())
	}
	return b.String()
}

// TestRealStripeResponses runs verify's checks over each real Stripe
// response of the corpus and pins the exact findings per file in
// testdata/corpus/<file>.golden (go test -update rewrites them). The
// bodies are checked as recorded; no body is edited.
func TestRealStripeResponses(t *testing.T) {
	lib, err := contracts.OpenDir("../../contracts")
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(corpusDir(), "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no corpus files in %s: place them there or set %s (see testdata/stripe-corpus/README.md)", corpusDir(), corpusEnv)
	goldens, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.golden"))
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			var e corpusEntry
			require.NoError(t, json.Unmarshal(data, &e))
			got := checkCorpusEntry(t, lib, e)
			golden := filepath.Join("testdata", "corpus", name+".golden")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./internal/verify -run TestRealStripeResponses -update")
			assert.Equal(t, string(want), got)
		})
	}
	if !*update {
		for _, g := range goldens {
			name := strings.TrimSuffix(filepath.Base(g), ".golden")
			assert.True(t, seen[name], "%s has no corpus file %s.json", g, name)
		}
	}
}
