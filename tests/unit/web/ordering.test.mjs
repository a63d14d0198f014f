// The page's ordering seams: the settled query of the typeahead (one request per settled query,
// stale answers dropped), the order draft (per agent and cart, the IBAN never stored) and the
// quick-order line split.

import assert from "node:assert/strict";
import { test } from "node:test";

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
  removeItem(key) { this.items.delete(key); }
}
globalThis.window = { localStorage: new MemoryStorage(), sessionStorage: new MemoryStorage() };

const { settledQuery } = await import("../../../static_site/js/widgets/settled_query.js");
const { orderDraft } = await import("../../../static_site/js/state/order_drafts.js");
const { saveSession } = await import("../../../static_site/js/state/session.js");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function signIn(agentId) {
  saveSession({
    token: `tok-${agentId}`, expires_at: new Date(Date.now() + 60_000).toISOString(),
    agent: { agent_id: agentId, tenant_id: "t", tenant_name: "Demo GmbH", email: `${agentId}@demo.example`, role: "agent" },
  });
}

test("typing fast asks once, for the settled query; the same query again is not asked again", async () => {
  const asked = [];
  const shown = [];
  const search = settledQuery({
    delayMs: 20,
    fetch: async (q) => { asked.push(q); return `hits for ${q}`; },
    onAnswer: (answer) => shown.push(answer),
    onError: (err) => assert.fail(String(err)),
  });
  for (const q of ["Ta", "Tas", "Tass", "Tasse"]) search.ask(q);
  await sleep(150);
  search.ask("Tasse");
  await sleep(150);
  assert.deepEqual(asked, ["Tasse"]);
  assert.deepEqual(shown, ["hits for Tasse"]);
});

test("an older answer arriving after a newer one is dropped, and the older request is aborted", async () => {
  const shown = [];
  const aborted = [];
  const search = settledQuery({
    delayMs: 5,
    fetch: (q, signal) => new Promise((resolve) => {
      signal.addEventListener("abort", () => aborted.push(q));
      setTimeout(() => resolve(q), q === "slow" ? 200 : 10);
    }),
    onAnswer: (answer) => shown.push(answer),
    onError: () => undefined,
  });
  search.ask("slow");
  await sleep(50);
  search.ask("fast");
  await sleep(400);
  assert.deepEqual(shown, ["fast"]);
  assert.deepEqual(aborted, ["slow"]);
});

test("cancel drops the pending query and lets the same query be asked again", async () => {
  const asked = [];
  const search = settledQuery({ delayMs: 10, fetch: async (q) => { asked.push(q); return q; }, onAnswer: () => undefined, onError: () => undefined });
  search.ask("Ta");
  search.cancel();
  await sleep(100);
  assert.deepEqual(asked, []);
  search.ask("Ta");
  await sleep(100);
  search.cancel();
  search.ask("Ta");
  await sleep(100);
  assert.deepEqual(asked, ["Ta", "Ta"]);
});

test("an order draft keeps sections per cart and agent; a section clears, a blank value goes", () => {
  signIn("a-1");
  const draft = orderDraft("new");
  draft.set("customer", "last_name", "Meier");
  draft.set("billing", "city", "Köln");
  assert.equal(orderDraft("new").section("customer").last_name, "Meier");
  assert.deepEqual(orderDraft("cart-1").section("billing"), {});
  draft.clearSection("billing");
  assert.deepEqual(orderDraft("new").section("billing"), {});
  draft.set("customer", "last_name", "");
  assert.equal(globalThis.window.sessionStorage.getItem("pcc.orderDrafts"), null);
  draft.set("customer", "first_name", "Eva");
  signIn("a-2");
  assert.deepEqual(orderDraft("new").section("customer"), {});
});
