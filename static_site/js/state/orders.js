// The order details loaded in this session (dropped at sign-out and on another connection).

import * as ordersApi from "../api/orders.js";
import { onCustomerDataReset } from "./session.js";

export const ORDER_FRESH_MS = 60 * 1000;

/** @type {Map<string, {at: number, order: Record<string, any>}>} */
const details = new Map();

onCustomerDataReset(() => details.clear());

/**
 * The order loaded within ORDER_FRESH_MS, or null.
 * @param {string | number} orderNumber
 */
export function cachedOrder(orderNumber) {
  const entry = details.get(String(orderNumber));
  return entry && Date.now() - entry.at <= ORDER_FRESH_MS ? entry.order : null;
}

/**
 * Load the order details and keep them (see api/orders.js for the options).
 * @param {string | number} orderNumber
 * @param {{refresh?: boolean, signal?: AbortSignal, customerKey?: string | number | null}} [options]
 */
export async function loadOrder(orderNumber, options = {}) {
  const order = await ordersApi.order(orderNumber, options);
  details.set(String(orderNumber), { at: Date.now(), order });
  return order;
}
