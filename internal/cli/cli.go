// Package cli holds what the commands share about flags: help on -h, a
// one-line error (not the whole usage) for a bad flag, and -run patterns.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"

	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
)

// UsageError is a bad flag or argument; commands exit 2 on it.
type UsageError struct {
	// Err says what is wrong with the flag or argument.
	Err error
}

// Error is the underlying error's message.
func (e UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e UsageError) Unwrap() error { return e.Err }

// Usagef returns a [UsageError] whose Err is formatted as by
// [fmt.Errorf].
func Usagef(format string, args ...any) error {
	return UsageError{fmt.Errorf(format, args...)}
}

// Parse parses args with fs. On -h it writes usage to stderr and returns
// [flag.ErrHelp]; on a bad flag it returns a [UsageError] that names the
// flag and points to -h, without printing the whole usage.
//
// An argument that holds a Stripe key, in any spelling (-run=sk_test_…),
// is refused before anything else, without echoing it: a key on a
// command line shows in ps and shell history.
func Parse(fs *flag.FlagSet, args []string, stderr io.Writer, usage func(w io.Writer)) error {
	for _, a := range args {
		if stripekey.Contains(a) {
			return Usagef("an argument holds a Stripe key (%s…); a key on the command line shows in ps and shell history: export STRIPE_SECRET_KEY instead", stripekey.PrefixIn(a))
		}
	}
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stderr)
		usage(stderr)
		return err
	case err != nil:
		return Usagef("%v (see -h for the flags)", err)
	case fs.NArg() > 0:
		return Usagef("unexpected argument %q (see -h for the flags)", fs.Arg(0))
	}
	return nil
}

// Regexp compiles a -run pattern; "" means nil, every scenario.
func Regexp(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		return nil, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, Usagef("-run: %v", err)
	}
	return re, nil
}

// ConfigError is a problem with the inputs (a scenario file, a cassette, a
// folder, the server to record against), as opposed to a finding or a
// failed scenario. Commands exit 2 on it.
type ConfigError struct {
	// Err is the underlying problem.
	Err error
}

// Error is the underlying error's message.
func (e *ConfigError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *ConfigError) Unwrap() error { return e.Err }

// Message is err's message as a command prints it on stderr: through the
// redactor (nothing shaped like a key or a client secret) and with escape
// sequences neutralised.
func Message(err error) string {
	return redact.Terminal((*redact.Redactor)(nil).String(err.Error()))
}
