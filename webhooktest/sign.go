package webhooktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader is the header Stripe signs every webhook delivery with.
const SignatureHeader = "Stripe-Signature"

// SecretPrefix starts every webhook endpoint's signing secret.
const SecretPrefix = "whsec_"

// DefaultTolerance is how old a signature [Verify] accepts by default:
// five minutes, as Stripe's libraries do.
const DefaultTolerance = 5 * time.Minute

// Sign returns the Stripe-Signature header value for payload sent at t:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed with
// secret>", the scheme Stripe uses and stripe-go's webhook.ConstructEvent
// checks. The whole secret, whsec_ prefix included, is the key.
func Sign(payload []byte, secret string, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + signature(payload, secret, ts)
}

func signature(payload []byte, secret, ts string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(payload)
	return hex.EncodeToString(mac.Sum(nil))
}

// Errors [Verify] returns, for callers to branch on.
var (
	// ErrNoSignature is a header with no v1 signature matching the
	// payload and secret.
	ErrNoSignature = errors.New("webhooktest: no v1 signature matches the payload")
	// ErrTooOld is a header whose timestamp is older than the tolerance.
	ErrTooOld = errors.New("webhooktest: signature timestamp too old")
	// ErrBadHeader is a header that is not t=…,v1=….
	ErrBadHeader = errors.New("webhooktest: malformed Stripe-Signature header")
)

// Verify checks a Stripe-Signature header as a receiving endpoint does:
// one of its v1 signatures is payload's under secret, and its timestamp is
// at most tolerance before now (a zero tolerance means
// [DefaultTolerance]). It is for tests without stripe-go; an endpoint
// written with stripe-go uses webhook.ConstructEvent, which accepts the
// same headers.
func Verify(payload []byte, header, secret string, tolerance time.Duration, now time.Time) error {
	if tolerance == 0 {
		tolerance = DefaultTolerance
	}
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return fmt.Errorf("%w: %q", ErrBadHeader, header)
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: no timestamp in %q", ErrBadHeader, header)
	}
	want := signature(payload, secret, ts)
	found := false
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			found = true
		}
	}
	if !found {
		return ErrNoSignature
	}
	if age := now.Sub(time.Unix(sec, 0)); age > tolerance {
		return fmt.Errorf("%w: signed %s ago, tolerance %s", ErrTooOld, age, tolerance)
	}
	return nil
}
