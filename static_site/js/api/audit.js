// The audit trail (admins only): GET /audit, newest first, one page at a time.

import { http } from "./http.js";

/**
 * @typedef {object} AuditEvent
 * @property {string} event_id
 * @property {string} at
 * @property {string} agent_id
 * @property {string} [agent_email]
 * @property {string} action
 * @property {string} outcome
 * @property {number | string | null} [customer_key]
 * @property {string} [customer_number]
 * @property {string} [customer_name]
 * @property {string | null} [connection_id]  the customer's pixi connection (older events: the default)
 * @property {boolean} [connection_recorded]  false: an older event, its connection is assumed
 * @property {number | string | null} [order_number]
 * @property {Record<string, unknown>} [details]
 */
/**
 * @typedef {object} AuditFilter
 * @property {string} [agent_id]
 * @property {number | null} [customer_key]
 * @property {string} [from]
 * @property {string} [to]
 * @property {string} [kind]
 * @property {string | null} [cursor]
 * @property {number} [limit]
 */

/**
 * @param {AuditFilter} filter
 * @param {{signal?: AbortSignal}} [options]
 * @returns {Promise<{events: AuditEvent[], next_cursor: string | null}>}
 */
export function events(filter, { signal } = {}) {
  return http.get("/audit", { query: { ...filter }, signal });
}
