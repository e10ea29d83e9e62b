package record

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// RequestError is a step's request that record did not send because it
// breaks the operation's request contract: what verify would report about
// it, worded as verify words it.
type RequestError struct {
	// Findings are the request_ findings, as verify reports them.
	Findings []report.Finding
}

// Error lists the findings: `request not sent, it breaks the request
// contract: [request_unknown_field] request sucess_url: not in the
// contract, got "…" (did you mean success_url?)`.
func (e *RequestError) Error() string {
	parts := make([]string, len(e.Findings))
	for i, f := range e.Findings {
		parts[i] = fmt.Sprintf("[%s] %s", f.Kind, f.String())
	}
	return "request not sent, it breaks the request contract: " + strings.Join(parts, "; ")
}

// contractGuard checks each step's request against its operation's request
// contract before it goes out ([contracts.Set.CheckRequest], as verify
// does), so that a typo in a scenario's params is named by the contract
// instead of reaching the server. A step that expects Stripe to reject
// its request ([scenario.Step.ExpectsRejection]) is sent unchecked, as
// verify leaves it unchecked. A control step (op pay) is not a Stripe
// operation and has no request contract: it is sent unchecked.
type contractGuard struct {
	set  *contracts.Set
	next http.RoundTripper
}

func (g contractGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	st := scenario.StepOf(req.Context())
	if st == nil || st.ExpectsRejection() || scenario.IsControl(st.Op) {
		return g.next.RoundTrip(req)
	}
	form := req.URL.Query()
	if req.Method != http.MethodGet && req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req = requestWithBody(req, body)
		if form, err = url.ParseQuery(string(body)); err != nil {
			return nil, fmt.Errorf("request body is not a form: %w", err)
		}
	}
	vs, err := g.set.CheckRequest(st.ContractOp(), form)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return g.next.RoundTrip(req)
	}
	rerr := &RequestError{}
	for _, v := range vs {
		v.Kind = v.Kind.Request()
		rerr.Findings = append(rerr.Findings, report.FromContracts(contracts.Finding{
			Violation: v, Severity: v.Kind.Severity(), Request: true, Interaction: -1}))
	}
	return nil, rerr
}

// requestWithBody is a copy of req (a RoundTripper must not change the request
// it is given) whose body is body, read from req, framed as req was: an
// exact Content-Length, and http.NoBody when empty, so that the transport
// never sends a body it read as Transfer-Encoding: chunked (a body-less
// POST stays Content-Length: 0, as the client sent it).
func requestWithBody(req *http.Request, body []byte) *http.Request {
	out := req.Clone(req.Context())
	out.ContentLength = int64(len(body))
	out.Body, out.GetBody = http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
	if len(body) > 0 {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	return out
}
