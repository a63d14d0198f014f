// api/http.js, the one way the page talks to the API: headers, the error shape, and failures
// without an answer. Runs in node with a small stand-in for the browser's window and fetch.

import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

/** A Storage in memory. */
class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
  removeItem(key) { this.items.delete(key); }
}

globalThis.window = {
  localStorage: new MemoryStorage(),
  sessionStorage: new MemoryStorage(),
  location: { origin: "http://127.0.0.1:8080" },
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
};
globalThis.document = { documentElement: { lang: "de" } };

const { ApiError, http, path, setUnauthorizedHandler } = await import("../../../static_site/js/api/http.js");
const { chooseConnection, saveSession } = await import("../../../static_site/js/state/session.js");
const { setLanguage } = await import("../../../static_site/js/i18n/index.js");

let calls;
/** fetch answers `status` with `body` (an object is sent as JSON) and records the request. */
function answer(status, body) {
  globalThis.fetch = async (url, init) => {
    calls.push({ url: String(url), init });
    const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
    return { ok: status >= 200 && status < 300, status, text: async () => text };
  };
}

const agent = { agent_id: "a-1", tenant_id: "t-1", tenant_name: "Demo GmbH", email: "agent@demo.example", role: "agent" };

beforeEach(() => {
  calls = [];
  globalThis.window.sessionStorage = new MemoryStorage();
  setLanguage("de");
  setUnauthorizedHandler(() => {});
});

test("a signed-in call sends the token and the chosen pixi connection; the query leaves out empty values", async () => {
  saveSession({ token: "tok", expires_at: new Date(Date.now() + 60_000).toISOString(), agent });
  chooseConnection({ id: "c-2", name: "Testsystem" });
  answer(200, { customers: [] });
  assert.deepEqual(await http.get("/customers", { query: { q: "Müller", shop: "", refresh: undefined } }), { customers: [] });
  const [{ url, init }] = calls;
  assert.equal(url, "http://127.0.0.1:8080/api/customers?q=M%C3%BCller");
  assert.equal(init.headers.Authorization, "Bearer tok");
  assert.equal(init.headers["X-Pixi-Connection"], "c-2");
  assert.equal(init.body, undefined);
});

test("a public call sends neither token nor connection, and a JSON body", async () => {
  saveSession({ token: "tok", expires_at: new Date(Date.now() + 60_000).toISOString(), agent });
  chooseConnection({ id: "c-2", name: "Testsystem" });
  answer(204);
  assert.equal(await http.post("/signup/verify", { token: "x" }, { auth: false }), null);
  const [{ init }] = calls;
  assert.equal(init.headers.Authorization, undefined);
  assert.equal(init.headers["X-Pixi-Connection"], undefined);
  assert.equal(init.headers["Content-Type"], "application/json");
  assert.equal(init.body, '{"token":"x"}');
});

test("the API's error body becomes an ApiError {status, code, message, fields, requestId}", async () => {
  answer(400, { code: "validation_error", message: "Bitte prüfen.", fields: { email: "ungültig" }, request_id: "r-1" });
  await assert.rejects(http.post("/agents", {}), (err) => {
    assert.ok(err instanceof ApiError);
    assert.deepEqual(
      { status: err.status, code: err.code, message: err.message, fields: err.fields, requestId: err.requestId, retryable: err.retryable },
      { status: 400, code: "validation_error", message: "Bitte prüfen.", fields: { email: "ungültig" }, requestId: "r-1", retryable: false },
    );
    return true;
  });
});

test("in English an error code with an English text replaces the API's German message", async () => {
  setLanguage("en");
  answer(502, { code: "pixi_unavailable", message: "pixi ist nicht erreichbar.", request_id: "r-2" });
  await assert.rejects(http.get("/shops"), { code: "pixi_unavailable", message: "pixi cannot be reached right now. Please try again.", retryable: true });
  answer(409, { code: "something_new", message: "Etwas Neues." });
  await assert.rejects(http.get("/shops"), { code: "something_new", message: "Etwas Neues." });
});

test("an answer that is not the error shape, and no answer at all, still give an ApiError", async () => {
  answer(500, "<html>Bad Gateway</html>");
  await assert.rejects(http.get("/shops"), { status: 500, code: "http_500", requestId: null });
  globalThis.fetch = async () => { throw new TypeError("Failed to fetch"); };
  await assert.rejects(http.get("/shops"), { status: 0, code: "network_error", retryable: true });
});

test("a 401 of a signed-in call tells the shell once; a public call does not", async () => {
  const told = [];
  setUnauthorizedHandler((err) => told.push(err.code));
  answer(401, { code: "unauthenticated", message: "Bitte melden Sie sich an." });
  await assert.rejects(http.get("/me/recent-customers"), { status: 401 });
  await assert.rejects(http.post("/auth/login", {}, { auth: false }), { status: 401 });
  assert.deepEqual(told, ["unauthenticated"]);
});

test("path() encodes every segment", () => {
  assert.equal(path("customers", "1/2", "orders"), "/customers/1%2F2/orders");
});

test("pixi's open circuit names the seconds of Retry-After, in both languages (issue 17)", async () => {
  const body = JSON.stringify({ code: "pixi_circuit_open", message: "pixi antwortet nicht – neuer Versuch in 25 s.", request_id: "r-17" });
  globalThis.fetch = async () => ({
    ok: false, status: 503, text: async () => body,
    headers: { get: (name) => (name.toLowerCase() === "retry-after" ? "25" : null) },
  });
  const de = await http.get("/customers").catch((err) => err);
  assert.ok(de instanceof ApiError);
  assert.equal(de.retryAfterSeconds, 25);
  assert.equal(de.message, "pixi antwortet nicht – neuer Versuch in 25 s.");
  assert.equal(de.retryable, true);
  setLanguage("en");
  const en = await http.get("/customers").catch((err) => err);
  assert.equal(en.message, "pixi is not answering – next try in 25 s.");
});

test("a busy pixi (429) is worth trying again and has no countdown without Retry-After", async () => {
  answer(429, { code: "pixi_busy", message: "pixi bearbeitet gerade sehr viele Anfragen Ihres Hauses.", request_id: "r-18" });
  const err = await http.get("/customers").catch((e) => e);
  assert.equal(err.code, "pixi_busy");
  assert.equal(err.retryable, true);
  assert.equal(err.retryAfterSeconds, null);
});
