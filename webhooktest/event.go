package webhooktest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
)

// Event is one Stripe Event, as a webhook delivers it.
type Event struct {
	// ID is the event's id (evt_…).
	ID string
	// Type is its type, e.g. "checkout.session.completed".
	Type string
	// Object is the id of the object in data.object, e.g. the session's.
	Object string
	// Created is the event's created time, Unix seconds.
	Created int64
	// Body is the whole event envelope: what a delivery posts, byte for
	// byte.
	Body json.RawMessage
}

// ParseEvent reads one event envelope: a JSON object with object
// "event", an id, a type and data.object.
func ParseEvent(body []byte) (Event, error) {
	var env struct {
		ID      string `json:"id"`
		Object  string `json:"object"`
		Type    string `json:"type"`
		Created int64  `json:"created"`
		Data    struct {
			Object struct {
				ID string `json:"id"`
			} `json:"object"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return Event{}, fmt.Errorf("webhooktest: not an event: %v", err)
	}
	if env.Object != "event" || env.ID == "" || env.Type == "" {
		return Event{}, fmt.Errorf("webhooktest: not an event: object %q, id %q, type %q", env.Object, env.ID, env.Type)
	}
	return Event{ID: env.ID, Type: env.Type, Object: env.Data.Object.ID, Created: env.Created,
		Body: json.RawMessage(slices.Clone(body))}, nil
}

// maxCassette bounds the cassette [FromCassette] reads.
const maxCassette = 64 << 20

// FromCassette returns the events a go-vcr cassette holds: the bodies of
// its successful GET /v1/events/{id} and GET /v1/events interactions
// (each item of a list), once each, oldest first (by created, compared
// without overflow at any int64, then as recorded, a list's newest-first
// order undone). record keeps, with each scenario's cassette, the events
// the scenario expects in this form.
//
// Misuse fails with an error naming path, never by blocking or silently:
// a path that is not a regular file (a FIFO, a device, a folder, also
// through a symlink) is refused without being opened for a blocking read;
// a cassette over 64 MiB is refused; an event id that appears twice with
// different bodies (compared as compacted JSON) is an error naming both
// interactions, since which one to deliver cannot be told, while the same
// body seen twice (a retrieve and a list) is one event.
func FromCassette(path string) ([]Event, error) {
	b, err := safefile.Read(path, maxCassette)
	var big *safefile.TooLargeError
	switch {
	case errors.As(err, &big):
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxCassette)
	case err != nil:
		return nil, err
	}
	var c cassette.Cassette
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var out []Event
	type first struct {
		interaction int
		body        []byte // compacted
	}
	seen := map[string]first{}
	add := func(i int, body []byte) error {
		ev, err := ParseEvent(body)
		if err != nil {
			return fmt.Errorf("%s: interaction %d: %w", path, i, err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, body); err != nil {
			return fmt.Errorf("%s: interaction %d: %w", path, i, err)
		}
		if f, dup := seen[ev.ID]; dup {
			if !bytes.Equal(f.body, compact.Bytes()) {
				return fmt.Errorf("%s: interaction %d: event %s was recorded with another body at interaction %d; which one to deliver cannot be told: re-record the cassette", path, i, ev.ID, f.interaction)
			}
			return nil
		}
		seen[ev.ID] = first{i, compact.Bytes()}
		out = append(out, ev)
		return nil
	}
	for i, in := range c.Interactions {
		p, ok := eventPath(in.Request)
		if !ok || in.Response.Code != 200 {
			continue
		}
		if p != "/v1/events" {
			if err := add(i, []byte(in.Response.Body)); err != nil {
				return nil, err
			}
			continue
		}
		var l struct{ Data []json.RawMessage }
		if err := json.Unmarshal([]byte(in.Response.Body), &l); err != nil {
			return nil, fmt.Errorf("%s: interaction %d: not a list of events: %v", path, i, err)
		}
		for j := len(l.Data) - 1; j >= 0; j-- {
			if err := add(i, l.Data[j]); err != nil {
				return nil, err
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Event) int { return cmp.Compare(a.Created, b.Created) })
	return out, nil
}

// eventPath is the path of a GET on /v1/events or /v1/events/{id}.
func eventPath(r cassette.Request) (string, bool) {
	if r.Method != "GET" {
		return "", false
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return "", false
	}
	if u.Path == "/v1/events" || (strings.HasPrefix(u.Path, "/v1/events/") && !strings.Contains(u.Path[len("/v1/events/"):], "/")) {
		return u.Path, true
	}
	return "", false
}

// ErrNoEvents is what [Replay] fails with when given no events.
var ErrNoEvents = errors.New("webhooktest: no events to deliver")
