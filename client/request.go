package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/client/form"
)

// responder is implemented by every response type: it receives the exchange
// that produced it.
type responder interface {
	setResponse(*Response)
}

// do performs one logical call: it encodes params, sends the request, retries
// as [SessionService] documents, and decodes a 2xx body into out.
func (c *Client) do(ctx context.Context, method, path string, params any, out responder, opts []RequestOption) error {
	var ro requestOptions
	for _, o := range opts {
		o(&ro)
	}
	encoded, err := form.Encode(params)
	if err != nil {
		return fmt.Errorf("stripe: %s %s: %w", method, path, err)
	}
	if method == http.MethodPost && ro.idempotencyKey == "" {
		ro.idempotencyKey = c.newKey()
	}
	if method == http.MethodPost && len(ro.idempotencyKey) > MaxIdempotencyKeyLength {
		return fmt.Errorf("stripe: %s %s: idempotency key is %d bytes, longer than %d", method, path, len(ro.idempotencyKey), MaxIdempotencyKeyLength)
	}
	retries := c.maxRetries
	if ro.maxRetries != nil {
		retries = *ro.maxRetries
	}
	for attempt := 0; ; attempt++ {
		r, err := c.send(ctx, method, path, encoded, &ro)
		if err == nil {
			err = decodeIn(ctx, r, out) // decode, sharing the body's decode with the scenario runner (provable.go)
		}
		if err == nil {
			return nil
		}
		if attempt >= retries || !retryable(ctx, r, err) {
			return err
		}
		if c.onRetry != nil {
			c.onRetry(r, err)
		}
		if serr := c.sleep(ctx, c.delay(attempt, r)); serr != nil {
			return fmt.Errorf("%w (retry wait interrupted: %w)", err, serr)
		}
	}
}

// send makes one attempt. It returns the response if one arrived (even
// when reading its body failed) and an error for a transport failure or an
// unreadable or oversized body.
func (c *Client) send(ctx context.Context, method, path, encoded string, ro *requestOptions) (*Response, error) {
	req, err := c.newRequest(ctx, method, path, encoded, ro)
	if err != nil {
		return nil, fmt.Errorf("stripe: %s %s: %w", method, path, err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("stripe: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	r := &Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		RequestID:  resp.Header.Get("Request-Id"),
	}
	if resp.ContentLength > c.maxBytes {
		return r, &DecodeError{Response: r, Err: fmt.Errorf("%w: Content-Length %d > %d", ErrResponseTooLarge, resp.ContentLength, c.maxBytes)}
	}
	body, err := readBody(resp.Body, resp.ContentLength, c.maxBytes+1)
	if err != nil {
		r.Body = body
		return r, &DecodeError{Response: r, Err: fmt.Errorf("reading response body: %w", err)}
	}
	if int64(len(body)) > c.maxBytes {
		return r, &DecodeError{Response: r, Err: fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, c.maxBytes)}
	}
	r.Body = body
	return r, nil
}

// newRequest builds a fresh request for one attempt, so that a retry never
// reuses a consumed body.
func (c *Client) newRequest(ctx context.Context, method, path, encoded string, ro *requestOptions) (*http.Request, error) {
	u := c.baseURL + path
	var body io.Reader
	if method == http.MethodGet && encoded != "" {
		u += "?" + encoded
	} else if method != http.MethodGet {
		body = strings.NewReader(encoded)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	h := req.Header
	h.Set("Authorization", "Bearer "+c.key)
	h.Set("Stripe-Version", cmp.Or(ro.apiVersion, c.apiVersion))
	h.Set("User-Agent", c.userAgent)
	h.Set("Accept", "application/json")
	if ro.stripeAccount != "" {
		h.Set("Stripe-Account", ro.stripeAccount)
	}
	if method == http.MethodPost {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range ro.header {
		h[k] = v
	}
	if method == http.MethodPost {
		h.Set("Idempotency-Key", ro.idempotencyKey)
	}
	return req, nil
}

// decode turns a received response into out (2xx) or an error.
func decode(r *Response, out responder) error {
	if r.StatusCode < 200 || r.StatusCode > 299 {
		return newError(r)
	}
	if err := decodeBody(r.Body, out); err != nil {
		de := &DecodeError{Response: r, Err: err}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Type != nil {
			de.Path, de.GoType, de.Value = te.Field, te.Type.String(), te.Value
		}
		return de
	}
	out.setResponse(r)
	return nil
}

// decodeBody unmarshals a 2xx body into out. A [Session] is decoded with
// one pass of encoding/json over the body (json.Unmarshal on a type with an
// UnmarshalJSON validates the body, scans it again to hand the method its
// bytes, and the method validates and decodes them once more), and its Raw
// is the body itself without the white space around it (as UnmarshalJSON
// would be given), sharing the bytes of Response.Body. The result
// and the errors are those of json.Unmarshal(body, out).
func decodeBody(body []byte, out responder) error {
	if s, ok := out.(*Session); ok {
		if err := s.decodeFields(body); err != nil {
			return err
		}
		s.Raw = bytes.Trim(body, " \t\r\n")
		return nil
	}
	return json.Unmarshal(body, out)
}
