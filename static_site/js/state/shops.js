// The shops (sales channels) of the pixi connection, for the search scope, and the agent's last
// scope choice, remembered per tenant and connection in localStorage ("" = all shops).

import * as shopsApi from "../api/shops.js";
import { chosenConnection, currentAgent, onCustomerDataReset } from "./session.js";

/** @typedef {import("../api/shops.js").Shop} Shop */

/** @type {Shop[] | null} */
let shops = null;
/** @type {Promise<Shop[]> | null} */
let pending = null;

onCustomerDataReset(() => {
  shops = null;
  pending = null;
});

/**
 * The shops, asked once per session (refresh: ask pixi again).
 * @param {{refresh?: boolean}} [options]
 * @returns {Promise<Shop[]>}
 */
export function loadShops({ refresh = false } = {}) {
  if (shops && !refresh) return Promise.resolve(shops);
  if (pending && !refresh) return pending;
  const call = shopsApi.shops({ refresh })
    .then((answer) => {
      shops = answer;
      return answer;
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

/**
 * "Onlineshop Deutschland (WEB)" when the shop is known, else the id.
 * @param {string | null | undefined} shopId
 */
export function shopLabel(shopId) {
  const shop = shops?.find((s) => s.shop_id === shopId);
  return shop ? `${shop.name} (${shop.shop_id})` : shopId || "";
}

function storageKey() {
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

/** @param {string} shopId  "" for all shops */
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
