// The shops (sales channels) of the tenant's pixi connection, for the search scope, and the agent's
// last scope choice, remembered per tenant in localStorage ("" = all shops).

import { api } from "./api.js";
import { chosenConnection, currentAgent, onCustomerDataReset } from "./session.js";

let shops = null; // [{shop_id, name}] once loaded
let pending = null;

onCustomerDataReset(() => {
  shops = null;
  pending = null;
});

/** GET /shops once per session (refresh: ask pixi again). */
export function loadShops({ refresh = false } = {}) {
  if (shops && !refresh) return Promise.resolve(shops);
  if (pending && !refresh) return pending;
  const call = api.get("/shops", { query: refresh ? { refresh: 1 } : {} })
    .then((answer) => {
      shops = answer.shops || [];
      return shops;
    })
    .finally(() => {
      if (pending === call) pending = null;
    });
  pending = call;
  return call;
}

/** The shops if already loaded, else null. */
export function knownShops() {
  return shops;
}

/** "Onlineshop Deutschland (WEB)" when the shop is known, else the id. */
export function shopLabel(shopId) {
  const shop = shops?.find((s) => s.shop_id === shopId);
  return shop ? `${shop.name} (${shop.shop_id})` : shopId || "";
}

function storageKey() {
  // Shops belong to a pixi connection: the scope is remembered per tenant and connection.
  const tenant = currentAgent()?.tenant_id;
  const connection = chosenConnection()?.id;
  if (!tenant) return null;
  return connection ? `pcc.shopScope.${tenant}.${connection}` : `pcc.shopScope.${tenant}`;
}

/** The agent's last scope in this tenant: a shop id, or "" for all shops. */
export function rememberedScope() {
  const key = storageKey();
  if (!key) return "";
  try {
    return window.localStorage.getItem(key) || "";
  } catch {
    return "";
  }
}

export function rememberScope(shopId) {
  const key = storageKey();
  if (!key) return;
  try {
    if (shopId) window.localStorage.setItem(key, shopId);
    else window.localStorage.removeItem(key);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}
