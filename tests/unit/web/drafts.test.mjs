// state/drafts.js: form drafts outlive a screen; support request drafts belong to one agent.

import assert from "node:assert/strict";
import { test } from "node:test";

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
  removeItem(key) { this.items.delete(key); }
}
globalThis.window = { localStorage: new MemoryStorage(), sessionStorage: new MemoryStorage() };

const drafts = await import("../../../static_site/js/state/drafts.js");
const { saveSession } = await import("../../../static_site/js/state/session.js");

/** @param {string} agentId */
function signIn(agentId) {
  saveSession({
    token: `tok-${agentId}`, expires_at: new Date(Date.now() + 60_000).toISOString(),
    agent: { agent_id: agentId, tenant_id: "t", tenant_name: "Demo GmbH", email: `${agentId}@demo.example`, role: "agent" },
  });
}

test("a form draft is the same object until it is cleared", () => {
  const first = drafts.formDraft("invite", { role: "agent" });
  first.email = "neu@demo.example";
  assert.equal(drafts.formDraft("invite").email, "neu@demo.example");
  assert.equal(drafts.formDraft("invite").role, "agent");
  drafts.clearFormDraft("invite");
  assert.deepEqual(drafts.formDraft("invite"), {});
});

test("a support draft is kept per customer and order, and a blank text drops it", () => {
  signIn("a-1");
  const key = drafts.supportDraftKey({ customerKey: 1, orderNumber: 100928 });
  assert.equal(key, "1/100928");
  drafts.saveSupportDraft(key, "Bitte Rückruf");
  assert.equal(drafts.loadSupportDraft(key)?.text, "Bitte Rückruf");
  assert.equal(drafts.loadSupportDraft(drafts.supportDraftKey({ customerKey: 1 })), null);
  drafts.saveSupportDraft(key, "   ");
  assert.equal(drafts.loadSupportDraft(key), null);
});

test("another agent signing in on the tab does not see the drafts of the one before", () => {
  signIn("a-1");
  drafts.saveSupportDraft("7", "Entwurf von a-1");
  signIn("a-1");
  assert.equal(drafts.loadSupportDraft("7")?.text, "Entwurf von a-1");
  signIn("a-2");
  assert.equal(drafts.loadSupportDraft("7"), null);
});
