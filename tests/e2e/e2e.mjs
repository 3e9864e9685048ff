// End-to-end checks over real processes and sockets: the server and the
// MultiSafepay emulator binaries, driven with `buf curl` through reflection
// (the README's grpcurl session) and the emulator's control surface.
// Prints one ok / not ok line per check and "# result <passed> <failed>".
//
// Every check makes the state it looks at (its own order_ids, its own server
// where it stops one) and counts only what it caused, so any subset runs in
// any order: E2E_ONLY=<regex> runs the checks whose name matches,
// E2E_ORDER=reverse runs them last to first.
import { Checks, assert, bufCurl, freePort, jsonDiff, parseJsonSequence, readJson, repoRoot, startEmulator,
         startServer } from "./harness.mjs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { createOrder, decodeBadRequest, decodeError, paymentServiceClient } from "./node_client.mjs";

const checks = new Checks();
const emulator = await startEmulator();
const server = await startServer({ MSP_BASE_URL: emulator.url });
const payload = join(repoRoot, "tests/testdata/bancontact-redirect.request.json");
const paymentUrl = /^https:\/\/testpayv2\.multisafepay\.com\/connect\/[A-Za-z0-9]{35}\/\?lang=nl_NL$/;

async function emulatorRequests() {
  const res = await fetch(`${emulator.url}/__emulator/requests`);
  assert(res.ok, `emulator log: HTTP ${res.status}`);
  return res.json();
}

// A fresh order_id per use, so no check meets another's orders.
let serial = 0;
const newOrderId = (prefix) => `${prefix}-${process.pid}-${Date.now()}-${++serial}`;
const bancontact = (orderId) => ({ ...readJson("tests/testdata/bancontact-redirect.request.json"), order_id: orderId });
const postsOf = (log, orderId) =>
  log.filter((e) => e.method === "POST" && e.path === "/v1/json/orders" && e.body?.order_id === orderId);

// The checks, registered first and run below (all, or E2E_ONLY's).
const defs = [];
const define = (name, fn) => defs.push({ name, fn });

try {
  // RPCs through buf curl (reflection only); the customer and the bank are
  // played with the emulator's control surface.
  const rpc = async (method, body) => {
    const r = await bufCurl(server.address, ["-d", JSON.stringify(body), `/payments.v1.PaymentService/${method}`]);
    assert(r.code === 0, `${method}: ${r.stdout}${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const setStatus = async (orderId, status) => {
    const res = await fetch(`${emulator.url}/__emulator/orders/${encodeURIComponent(orderId)}/status`,
                            { method: "POST", body: JSON.stringify({ status }) });
    assert(res.ok, `emulator status ${orderId} -> ${status}: HTTP ${res.status}`);
  };

  // A Bancontact order of 1.00 EUR the customer has paid.
  const paidOrder = async (prefix) => {
    const orderId = newOrderId(prefix);
    await rpc("CreateOrder", bancontact(orderId));
    await setStatus(orderId, "completed");
    return orderId;
  };

  define("reflection lists PaymentService and Health", async () => {
    const r = await bufCurl(server.address, ["--list-services", ""]);
    assert(r.code === 0, r.stderr);
    for (const s of ["payments.v1.PaymentService", "grpc.health.v1.Health"]) {
      assert(r.stdout.split("\n").includes(s), `missing ${s} in:\n${r.stdout}`);
    }
  });

  define("reflection lists CreateOrder", async () => {
    const r = await bufCurl(server.address, ["--list-methods", ""]);
    assert(r.code === 0, r.stderr);
    assert(r.stdout.includes("payments.v1.PaymentService/CreateOrder"), r.stdout);
  });

  // Current grpcurl, Postman and tonic tools ask for grpc.reflection.v1.
  define("reflection v1 and v1alpha both list the services and resolve a call", async () => {
    for (const protocol of ["grpc-v1", "grpc-v1alpha"]) {
      const services = await bufCurl(server.address, ["--reflect-protocol", protocol, "--list-services", ""]);
      assert(services.code === 0, `${protocol}: ${services.stderr}`);
      for (const s of ["payments.v1.PaymentService", "grpc.health.v1.Health"]) {
        assert(services.stdout.split("\n").includes(s), `${protocol}: missing ${s} in:\n${services.stdout}`);
      }
      // A call needs the method's descriptors, found through reflection.
      const r = await bufCurl(server.address, ["--reflect-protocol", protocol, "-d", '{"service":"payments.v1.PaymentService"}',
                                               "/grpc.health.v1.Health/Check"]);
      assert(r.code === 0, `${protocol}: ${r.stderr}`);
      assert(JSON.parse(r.stdout).status === "SERVING", r.stdout);
    }
  });

  define("health check reports SERVING", async () => {
    const r = await bufCurl(server.address, ["-d", '{"service":"payments.v1.PaymentService"}',
                                             "/grpc.health.v1.Health/Check"]);
    assert(r.code === 0, r.stderr);
    assert(JSON.parse(r.stdout).status === "SERVING", r.stdout);
  });

  define("CreateOrder with the Bancontact example returns a payment_url", async () => {
    const r = await bufCurl(server.address, ["-d", `@${payload}`, "/payments.v1.PaymentService/CreateOrder"]);
    assert(r.code === 0, `${r.stdout}${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert(out.orderId === "my-order-id-1" || out.order_id === "my-order-id-1", r.stdout);
    const url = out.paymentUrl ?? out.payment_url;
    assert(paymentUrl.test(url), `payment_url ${url}`);
    const session = out.sessionId ?? out.session_id;
    assert(url.includes(`/connect/${session}/`), `session_id ${session} not in ${url}`);
  });

  define("emulator received exactly the MultiSafepay example JSON", async () => {
    // The README's call, made here (again, if the check above ran: the
    // identical retry is answered from the cache, not sent a second time).
    const r = await bufCurl(server.address, ["-d", `@${payload}`, "/payments.v1.PaymentService/CreateOrder"]);
    assert(r.code === 0, `${r.stdout}${r.stderr}`);
    const posts = postsOf(await emulatorRequests(), "my-order-id-1");
    assert(posts.length === 1, `expected 1 POST /v1/json/orders, got ${posts.length}`);
    const diff = jsonDiff(posts[0].body, readJson("tests/testdata/bancontact-redirect.msp.json"));
    assert(diff === null, `body differs from the example: ${diff}`);
  });

  define("a retried CreateOrder is answered without a second upstream call", async () => {
    const orderId = newOrderId("retried");
    const first = await rpc("CreateOrder", bancontact(orderId));
    const again = await rpc("CreateOrder", bancontact(orderId));
    assert(again.paymentUrl === first.paymentUrl, `${JSON.stringify(first)} then ${JSON.stringify(again)}`);
    const posts = postsOf(await emulatorRequests(), orderId);
    assert(posts.length === 1, `expected 1 upstream POST for ${orderId}, got ${posts.length}`);
  });

  define("invalid request: INVALID_ARGUMENT with every field violation", async () => {
    const bad = { order_id: "", amount: -5, currency: "EURO", description: "<b>x</b>",
                  customer: { locale: "nl-BE", email: "not-an-email" } };
    const r = await bufCurl(server.address, ["-d", JSON.stringify(bad), "/payments.v1.PaymentService/CreateOrder"]);
    assert(r.code !== 0, "expected a failure");
    const text = r.stdout + r.stderr;
    const error = JSON.parse(text.slice(text.indexOf("{")));
    assert(error.code === "invalid_argument", text);
    // buf prints the google.rpc.BadRequest detail as base64 (grpcurl decodes it).
    const detail = error.details.find((d) => d.type === "google.rpc.BadRequest");
    assert(detail, `no BadRequest detail in:\n${text}`);
    const fields = decodeBadRequest(Buffer.from(detail.value, "base64")).map((v) => v.field);
    for (const field of ["order_id", "amount", "currency", "description", "customer.locale", "customer.email"]) {
      assert(fields.includes(field), `no violation for ${field} in ${JSON.stringify(fields)}`);
    }
  });

  define("one JSON log line per RPC, without personal data", async () => {
    const orderId = newOrderId("logged");
    await rpc("CreateOrder", bancontact(orderId));
    const refused = await bufCurl(server.address, ["-d", JSON.stringify({ ...bancontact(orderId), amount: -5 }),
                                                   "/payments.v1.PaymentService/CreateOrder"]);
    assert(refused.code !== 0, "expected INVALID_ARGUMENT");
    const lines = server.log().split("\n").filter((l) => l.includes('"event":"rpc"') && l.includes(`"${orderId}"`));
    assert(lines.length === 2, `expected 2 rpc lines for ${orderId}, got ${lines.length}:\n${lines.join("\n")}`);
    const [entry, invalid] = lines.map((l) => JSON.parse(l));
    assert(entry.method === "CreateOrder" && entry.code === "OK" && typeof entry.latency_ms === "number",
           JSON.stringify(entry));
    assert(invalid.method === "CreateOrder" && invalid.code === "INVALID_ARGUMENT", JSON.stringify(invalid));
    for (const pii of ["example@multisafepay.com", "Testperson-nl", "213.127.71.75", "0612345678"]) {
      assert(!server.log().includes(pii), `server log contains personal data ${pii}`);
    }
  });

  define("Node grpc-js client: CreateOrder succeeds", async () => {
    const client = paymentServiceClient(server.address);
    const orderId = newOrderId("node");
    const res = await createOrder(client, bancontact(orderId));
    assert(res.order_id === orderId, JSON.stringify(res));
    assert(paymentUrl.test(res.payment_url), res.payment_url);
    client.close();
  });

  define("Node grpc-js client: validation failure decodes BadRequest", async () => {
    const client = paymentServiceClient(server.address);
    const request = { ...readJson("tests/testdata/bancontact-redirect.request.json"),
                      order_id: "x".repeat(51), currency: "USD" };
    try {
      await createOrder(client, request);
      throw new Error("expected INVALID_ARGUMENT");
    } catch (e) {
      const err = decodeError(e);
      assert(err.code === 3, `code ${err.code}: ${err.message}`);
      const fields = err.violations.map((v) => v.field);
      assert(fields.includes("order_id") && fields.includes("currency"), JSON.stringify(err.violations));
    } finally {
      client.close();
    }
  });

  define("admin /metrics counts RPCs and upstream calls with their labels", async () => {
    assert(server.adminUrl, "no admin port in the server's serving log line");
    const scrape = async () => (await fetch(`${server.adminUrl}/metrics`)).text();
    // A series absent so far counts as 0.
    const value = (text, re) => Number((text.match(re) ?? [])[1] ?? 0);
    const ok = /^msp_gateway_rpc_requests_total\{method="CreateOrder",code="OK",caller="none"\} (\d+)$/m;
    const invalid = /^msp_gateway_rpc_requests_total\{method="CreateOrder",code="INVALID_ARGUMENT",caller="none"\} (\d+)$/m;
    const upstream = /^msp_gateway_upstream_requests_total\{endpoint="POST \/orders",http_status="200",msp_error_code="0"\} (\d+)$/m;
    const latency = /^msp_gateway_rpc_latency_seconds_count\{method="CreateOrder"\} (\d+)$/m;
    const before = await scrape();
    // One order sent upstream, its identical retry answered from the
    // idempotency cache, and one refused by the gateway.
    const orderId = newOrderId("metrics");
    await rpc("CreateOrder", bancontact(orderId));
    await rpc("CreateOrder", bancontact(orderId));
    const refused = await bufCurl(server.address, ["-d", JSON.stringify({ ...bancontact(orderId), currency: "USD" }),
                                                   "/payments.v1.PaymentService/CreateOrder"]);
    assert(refused.code !== 0, "expected INVALID_ARGUMENT");
    const text = await scrape();
    const delta = (re) => value(text, re) - value(before, re);
    assert(delta(ok) === 2, `CreateOrder OK +${delta(ok)}, expected +2\n${text}`);
    assert(delta(invalid) === 1, `CreateOrder INVALID_ARGUMENT +${delta(invalid)}, expected +1\n${text}`);
    assert(delta(upstream) === 1, `POST /orders 200 +${delta(upstream)}, expected +1\n${text}`);
    assert(delta(latency) === 3, `latency count +${delta(latency)}, expected +3\n${text}`);
    assert(/^msp_gateway_build_info\{version="[^"]+"\} 1$/m.test(text), text);
    const ready = await fetch(`${server.adminUrl}/readyz`);
    assert(ready.status === 200, `readyz ${ready.status}`);
  });

  define("buf curl GetOrder: a paid order reads back COMPLETED with its amounts", async () => {
    const orderId = await paidOrder("paid");
    const { order } = await rpc("GetOrder", { order_id: orderId });
    assert(order.status === "ORDER_STATUS_COMPLETED", JSON.stringify(order));
    assert(order.financialStatus === "TRANSACTION_STATUS_COMPLETED", JSON.stringify(order));
    assert(order.amount === "100" && order.currency === "EUR", JSON.stringify(order));
    assert(/^\d{16,17}$/.test(order.transactionId), `transaction_id ${order.transactionId}`);
  });

  define("buf curl GetOrder: a direct card order's 3-D Secure result; a cart order's order_total and order_adjustment", async () => {
    // The emulator authorises MultiSafepay's test card 4111 1111 1111 1111 at
    // once, as MultiSafepay's test environment does.
    const cardId = newOrderId("card3ds");
    await rpc("CreateOrder", { ...readJson("tests/docs/examples/card-direct.request.json"), order_id: cardId });
    const { order: card } = await rpc("GetOrder", { order_id: cardId });
    const result = card.paymentDetails?.cardAuthenticationResult;
    assert(result && result.status && result.eci && result.dsTransactionId, JSON.stringify(card.paymentDetails));
    assert(card.paymentDetails.cardAuthenticationDetails?.flow === "frictionless",
           JSON.stringify(card.paymentDetails));
    // The worked rounding example of docs/api.md: 19.48 EUR, all of it from
    // its cart, VAT included.
    const cartId = newOrderId("carttotal");
    const cartRequest = { ...readJson("tests/docs/examples/cart-rounding.request.json"), order_id: cartId };
    await rpc("CreateOrder", cartRequest);
    const { order: cart } = await rpc("GetOrder", { order_id: cartId });
    assert(cart.orderTotal === "19.48", `order_total ${JSON.stringify(cart.orderTotal)}`);
    assert(cart.orderAdjustment && cart.orderAdjustment.totalAdjustment === "0" &&
           /^[1-9][0-9]*\.[0-9]{1,2}$/.test(cart.orderAdjustment.totalTax),
           JSON.stringify(cart.orderAdjustment));
    assert(cart.shoppingCart?.items?.length === cartRequest.shopping_cart.items.length,
           JSON.stringify(cart.shoppingCart));
  });

  define("buf curl RefundOrder partial, then GetOrder shows PARTIAL_REFUNDED", async () => {
    const orderId = await paidOrder("refund");
    const refund = await rpc("RefundOrder", { order_id: orderId, currency: "EUR", amount: 40,
                                              description: "one item returned", request_id: randomUUID() });
    assert(refund.transactionId && refund.refundId, JSON.stringify(refund));
    const { order } = await rpc("GetOrder", { order_id: orderId });
    assert(order.amountRefunded === "40", JSON.stringify(order));
    assert(order.status === "ORDER_STATUS_PARTIAL_REFUNDED", order.status);
    assert(order.relatedTransactions?.some((t) => t.type === "refund" && t.amount === "40"),
           JSON.stringify(order.relatedTransactions));
  });

  define("buf curl RefundOrder above what remains: FAILED_PRECONDITION (MSP 1034)", async () => {
    // 0.40 of the 1.00 EUR refunded already: 10.00 more is above what remains.
    const orderId = await paidOrder("overrefund");
    await rpc("RefundOrder", { order_id: orderId, currency: "EUR", amount: 40, request_id: randomUUID() });
    const r = await bufCurl(server.address, ["-d", JSON.stringify({ order_id: orderId, currency: "EUR", amount: 1000,
                                                                    request_id: randomUUID() }),
                                             "/payments.v1.PaymentService/RefundOrder"]);
    const text = r.stdout + r.stderr;
    assert(r.code !== 0 && /failed_precondition/.test(text), text);
    const error = JSON.parse(text.slice(text.indexOf("{")));
    const info = error.details.find((d) => d.type === "google.rpc.ErrorInfo");
    assert(info, text);
    const refunds = (await emulatorRequests()).filter((e) => e.path === `/v1/json/orders/${orderId}/refunds`);
    assert(refunds.length === 2 && refunds[1].body.amount === 1000, JSON.stringify(refunds));
  });

  define("buf curl UpdateOrder: ship a paid order with tracking", async () => {
    const orderId = await paidOrder("ship");
    await rpc("UpdateOrder", { order_id: orderId, status: "UPDATE_ORDER_STATUS_SHIPPED",
                               tracktrace_code: "3SMSP0123456789", carrier: "MSP Logistics" });
    const patches = (await emulatorRequests()).filter((e) => e.method === "PATCH" &&
                                                              e.path === `/v1/json/orders/${orderId}`);
    const last = patches[patches.length - 1];
    assert(patches.length === 1 && last.body.status === "shipped" &&
           last.body.tracktrace_code === "3SMSP0123456789", JSON.stringify(last));
  });

  define("buf curl CancelOrder: an unpaid order becomes CANCELLED", async () => {
    const orderId = newOrderId("cancel");
    await rpc("CreateOrder", bancontact(orderId));
    await rpc("CancelOrder", { order_id: orderId, reason: "customer changed their mind" });
    const { order } = await rpc("GetOrder", { order_id: orderId });
    assert(order.status === "ORDER_STATUS_CANCELLED", order.status);
  });

  define("buf curl CaptureOrder: a manual-capture card order is captured partly", async () => {
    const orderId = newOrderId("capture");
    const card = { type: "ORDER_TYPE_REDIRECT", gateway: "GATEWAY_CREDITCARD", order_id: orderId,
                   currency: "EUR", amount: 2500, description: "Authorise now, capture at shipment",
                   capture: "CAPTURE_MODE_MANUAL", customer: { locale: "nl_NL" } };
    const created = await rpc("CreateOrder", card);
    assert(paymentUrl.test(created.paymentUrl), JSON.stringify(created));
    await setStatus(orderId, "completed");
    const captured = await rpc("CaptureOrder", { order_id: orderId, amount: 1000,
                                                 new_order_id: `${orderId}-part-1`, request_id: randomUUID() });
    assert(captured.transactionId, JSON.stringify(captured));
    const posts = (await emulatorRequests()).filter((e) => e.path === `/v1/json/orders/${orderId}/capture`);
    assert(posts.length === 1 && posts[0].body.amount === 1000 && posts[0].body.new_order_status === "completed",
           JSON.stringify(posts));
  });

  define("buf curl ListGateways (BE, EUR) includes Bancontact; GetGateway describes it", async () => {
    const list = await rpc("ListGateways", { country: "BE", currency: "EUR" });
    const bancontact = list.gateways.find((g) => g.gateway === "GATEWAY_MISTERCASH");
    assert(bancontact && bancontact.id === "MISTERCASH", JSON.stringify(list));
    const one = await rpc("GetGateway", { gateway: "GATEWAY_MISTERCASH" });
    assert(one.gateway.id === "MISTERCASH" && one.gateway.description, JSON.stringify(one));
  });

  define("buf curl ListPaymentMethods (BE, EUR): Bancontact with its limits; grouped cards list the schemes", async () => {
    const list = await rpc("ListPaymentMethods", { country: "BE", currency: "EUR", amount: 1000 });
    const bancontact = list.paymentMethods.find((m) => m.gateway === "GATEWAY_MISTERCASH");
    assert(bancontact && bancontact.id === "MISTERCASH" && bancontact.name === "Bancontact", JSON.stringify(list));
    assert(bancontact.allowedCurrencies.includes("EUR") && bancontact.iconUrls.vector.endsWith(".svg") &&
           bancontact.tokenization.enabled, JSON.stringify(bancontact));
    // iDEAL is Dutch: not offered in Belgium.
    assert(!list.paymentMethods.some((m) => m.gateway === "GATEWAY_IDEAL"), JSON.stringify(list));
    const grouped = await rpc("ListPaymentMethods", { groupCards: true });
    const cards = grouped.paymentMethods.filter((m) => m.type === "payment-method" &&
                                                       ["VISA", "MASTERCARD", "CREDITCARD"].includes(m.id));
    assert(cards.length === 1 && cards[0].id === "CREDITCARD" && cards[0].brands.some((b) => b.id === "VISA"),
           JSON.stringify(cards));
    const log = await emulatorRequests();
    assert(log.some((e) => e.method === "GET" && e.path === "/v1/json/payment-methods" &&
                           e.query.country === "BE" && e.query.currency === "EUR" && e.query.amount === "1000"),
           "no GET /payment-methods?country=BE&currency=EUR&amount=1000 reached the emulator");
  });

  define("buf curl ListPaymentMethods with a bad country: INVALID_ARGUMENT, nothing sent", async () => {
    const before = (await emulatorRequests()).length;
    const r = await bufCurl(server.address, ["-d", JSON.stringify({ country: "Belgium" }),
                                             "/payments.v1.PaymentService/ListPaymentMethods"]);
    const text = r.stdout + r.stderr;
    assert(r.code !== 0 && /invalid_argument/.test(text), text);
    const error = JSON.parse(text.slice(text.indexOf("{")));
    const detail = error.details.find((d) => d.type === "google.rpc.BadRequest");
    const fields = decodeBadRequest(Buffer.from(detail.value, "base64")).map((v) => v.field);
    assert(JSON.stringify(fields) === JSON.stringify(["country"]), JSON.stringify(fields));
    assert((await emulatorRequests()).length === before, "the invalid request reached the emulator");
  });

  define("buf curl recurring tokens: a paid initial order's token is listed, deleted once, then NOT_FOUND", async () => {
    const orderId = newOrderId("recurring");
    const reference = `customer-${orderId}`;
    const initial = { ...readJson("tests/testdata/post-orders/recurring-initial.request.json"),
                      order_id: orderId, customer: { reference } };
    await rpc("CreateOrder", initial);
    assert((await rpc("ListRecurringTokens", { customerReference: reference })).tokens === undefined,
           "a token before the payment");
    await setStatus(orderId, "completed");
    const listed = await rpc("ListRecurringTokens", { customerReference: reference });
    assert(listed.tokens?.length === 1, JSON.stringify(listed));
    const [token] = listed.tokens;
    assert(token.token && token.recurringModel === "unscheduled" && token.code, JSON.stringify(token));
    const order = await rpc("GetOrder", { orderId });
    assert(order.order.paymentDetails.recurringId === token.token, JSON.stringify(order.order.paymentDetails));
    await rpc("DeleteRecurringToken", { customerReference: reference, token: token.token });
    const again = await bufCurl(server.address, ["-d", JSON.stringify({ customerReference: reference, token: token.token }),
                                                 "/payments.v1.PaymentService/DeleteRecurringToken"]);
    assert(again.code !== 0 && /not_found/.test(again.stdout + again.stderr), again.stdout + again.stderr);
    assert((await rpc("ListRecurringTokens", { customerReference: reference })).tokens === undefined,
           "the deleted token is still listed");
    const deletes = (await emulatorRequests()).filter((e) => e.method === "DELETE");
    assert(deletes.filter((e) => e.path === `/v1/json/recurring/${reference}/remove/${token.token}`)
             .length === 2, JSON.stringify(deletes));
  });

  define("notifications become events; buf curl follows WatchOrderEvents", async () => {
    // Its own pair: the emulator signs with the key the gateway's listener
    // checks, and notifies the URL the gateway sets on every order.
    const key = "e2e-notification-key-0001";
    const signer = await startEmulator({ MSP_EMULATOR_API_KEY: key });
    const port = await freePort();
    const gateway = await startServer({ MSP_BASE_URL: signer.url, MSP_API_KEY: key },
                                      [`--notification_port=${port}`,
                                       `--notification_base_url=http://127.0.0.1:${port}`]);
    try {
      const orderId = newOrderId("events");
      const { payment_options: { notification_url, notification_method, ...options }, ...order } =
        bancontact(orderId);
      const created = await bufCurl(gateway.address, ["-d", JSON.stringify({ ...order, payment_options: options }),
                                                      "/payments.v1.PaymentService/CreateOrder"]);
      assert(created.code === 0, `CreateOrder: ${created.stdout}${created.stderr}`);
      const paid = await fetch(`${signer.url}/__emulator/orders/${orderId}/status`,
                               { method: "POST", body: JSON.stringify({ status: "completed" }) });
      assert(paid.ok, `emulator status: HTTP ${paid.status}`);
      // The stream never ends by itself: read what it printed in 4 s.
      let events = [];
      for (let attempt = 0; attempt < 5 && events.length < 2; attempt++) {
        const watched = await bufCurl(gateway.address,
                                      ["-d", JSON.stringify({ orderIds: [orderId] }),
                                       "/payments.v1.PaymentService/WatchOrderEvents"], { timeout: 4000 });
        events = parseJsonSequence(watched.stdout).map((m) => m.event);
      }
      const summary = events.map((e) => `${e.status}/${e.source}`);
      assert(jsonDiff(summary, ["ORDER_STATUS_INITIALIZED/ORDER_EVENT_SOURCE_RPC",
                                "ORDER_STATUS_COMPLETED/ORDER_EVENT_SOURCE_NOTIFICATION"]) === null,
             `events: ${JSON.stringify(events)}`);
      assert(events.every((e) => e.orderId === orderId), JSON.stringify(events));
      assert(Number(events[1].cursor) > Number(events[0].cursor), JSON.stringify(events));
      // Resuming after the first event's cursor replays only the second.
      const resumed = await bufCurl(gateway.address,
                                    ["-d", JSON.stringify({ afterCursor: events[0].cursor, orderIds: [orderId] }),
                                     "/payments.v1.PaymentService/WatchOrderEvents"], { timeout: 3000 });
      const again = parseJsonSequence(resumed.stdout).map((m) => m.event);
      assert(again.length === 1 && again[0].cursor === events[1].cursor, JSON.stringify(again));
    } finally {
      await gateway.stop("SIGKILL");
      await signer.stop("SIGTERM");
    }
  });

  define("SIGTERM: readiness flips, the call in flight completes, exit 0", async () => {
    // Its own server: the one the other checks use keeps running.
    const server = await startServer({ MSP_BASE_URL: emulator.url });
    try {
      const orderId = newOrderId("shutdown");
      const fault = { method: "POST", path: "/v1/json/orders", kind: "delay", delay_ms: 1500, times: 1 };
      const injected = await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", body: JSON.stringify(fault) });
      assert(injected.ok, `fault injection: HTTP ${injected.status}`);
      const slow = bufCurl(server.address, ["-d", JSON.stringify(bancontact(orderId)), "/payments.v1.PaymentService/CreateOrder"]);
      // Wait until the call is upstream, then ask the server to stop.
      for (let i = 0; i < 100; i++) {
        const log = await emulatorRequests();
        if (log.some((e) => e.body?.order_id === orderId)) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      server.child.kill("SIGTERM");
      let readyStatus = 0;
      for (let i = 0; i < 50 && readyStatus !== 503; i++) {
        readyStatus = (await fetch(`${server.adminUrl}/readyz`).catch(() => ({ status: -1 }))).status;
        if (readyStatus !== 503) await new Promise((r) => setTimeout(r, 20));
      }
      assert(readyStatus === 503, `readyz did not flip to 503 during shutdown (last ${readyStatus})`);
      const r = await slow;
      assert(r.code === 0, `in-flight call failed during shutdown: ${r.stdout}${r.stderr}`);
      assert(paymentUrl.test(JSON.parse(r.stdout).paymentUrl), r.stdout);
      const exit = await server.exited;
      assert(exit.code === 0, `exit ${JSON.stringify(exit)}\n${server.log().slice(-1000)}`);
    } finally {
      await server.stop("SIGKILL");
    }
  });

  const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
  const selected = defs.filter((d) => !only || only.test(d.name));
  if (process.env.E2E_ORDER === "reverse") selected.reverse();
  assert(selected.length > 0, `E2E_ONLY=${process.env.E2E_ONLY} matches no check`);
  for (const { name, fn } of selected) await checks.check(name, fn);
} finally {
  await server.stop("SIGKILL");
  await emulator.stop("SIGTERM");
}
process.exit(checks.summary());
