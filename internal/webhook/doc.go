// Package webhook delivers the local server's Stripe Events to the
// endpoints a user configures, the way Stripe does.
//
// A [Sender] POSTs each event to each [Endpoint] (rendered at the
// endpoint's API version by [Options.Render], when set), with
// Content-Type application/json; charset=utf-8, Stripe's User-Agent and a
// Stripe-Signature header made by [webhooktest.Sign] with the endpoint's
// whsec_ secret (which stripe-go's webhook.ConstructEvent accepts). A 2xx
// answer is a delivery; anything else (an error status, a redirect, a
// timeout, no connection) is retried after [Options.Backoff], doubling
// each time, up to [Options.Attempts] tries: bounded, where Stripe keeps
// trying for three days. [Options.Duplicates] and [Options.Reorder]
// deliver every event twice and swap each pair, as [webhooktest.Plan]
// orders them, because Stripe delivers at least once and in no
// guaranteed order.
//
// cmd/checkoutserver wires a Sender to [localserver.Options.OnEvents]
// (its -webhook URL=whsec_… flag), delivering in the background with
// [Sender.Go]; [Sender.Deliver] delivers synchronously.
package webhook
