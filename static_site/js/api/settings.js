// The tenant's settings (admins only): the overview, pixi connections, e-mail and the feature
// package. The package is a list of booked features, nothing else: {"features": [...]}.

import { http, path } from "./http.js";

/**
 * @typedef {object} PixiConnection
 * @property {string} connection_id
 * @property {string} name
 * @property {string} endpoint
 * @property {string} username
 * @property {boolean} active
 * @property {boolean} is_default
 * @property {boolean} [has_password]
 */
/** @typedef {{name: string, endpoint: string, username: string, active: boolean, password?: string, is_default?: boolean}} ConnectionIn */
/** @typedef {{endpoint: string, username: string, password?: string, connection_id?: string}} ConnectionTest */
/** @typedef {{ok: boolean, problem?: string | null, message?: string, shop_count?: number}} ConnectionTestResult */
/** @typedef {{support_address?: string, sender_address?: string, sender_state?: string, support_confirmed?: boolean, sender_confirmed?: boolean}} EmailSettings */
/** @typedef {{features: string[]}} Package */
/** @typedef {{at: string, agent_id: string, agent_email?: string, action: string, details?: Record<string, unknown>}} Change */
/**
 * @typedef {object} Overview
 * @property {PixiConnection[]} connections
 * @property {EmailSettings} email
 * @property {Package} package
 * @property {Change[]} recent_changes
 */

/** @param {string} connectionId */
const connection = (connectionId) => path("settings", "pixi-connections", connectionId);

/** @returns {Promise<Overview>} GET /settings */
export const overview = () => http.get("/settings");

/**
 * @param {ConnectionIn} body
 * @returns {Promise<PixiConnection>}
 */
export const addConnection = (body) => http.post("/settings/pixi-connections", body);
/**
 * Only what is given changes; without `password` the stored one stays.
 * @param {string} connectionId
 * @param {Partial<ConnectionIn>} body
 * @returns {Promise<PixiConnection>}
 */
export const updateConnection = (connectionId, body) => http.patch(connection(connectionId), body);
/** @param {string} connectionId */
export const removeConnection = (connectionId) => http.delete(connection(connectionId));
/** @param {string} connectionId */
export const makeDefaultConnection = (connectionId) => http.post(`${connection(connectionId)}/default`);
/**
 * Tests the credentials without saving them (the stored password with connection_id).
 * @param {ConnectionTest} body
 * @returns {Promise<ConnectionTestResult>}
 */
export const testConnection = (body) => http.post("/settings/pixi-connections/test", body, { timeoutMs: 40000 });

/** @returns {Promise<EmailSettings>} */
export const email = () => http.get("/settings/email");
/**
 * @param {string} supportAddress
 * @returns {Promise<EmailSettings | null>}
 */
export const saveSupportAddress = (supportAddress) => http.put("/settings/email", { support_address: supportAddress });
/**
 * @param {string} senderAddress
 * @returns {Promise<EmailSettings | null>}
 */
export const requestSenderVerification = (senderAddress) =>
  http.post("/settings/email/sender", { sender_address: senderAddress });
/**
 * POST /mail-addresses/confirm (public) with the token of a confirmation mail.
 * @param {string} token
 * @returns {Promise<{tenant_name: string, role: string, address: string}>}
 */
export const confirmAddress = (token) => http.post("/mail-addresses/confirm", { token }, { auth: false });

/**
 * PUT /settings/package with the wanted features (the basic ones are always kept).
 * @param {string[]} features
 * @returns {Promise<Package>}
 */
export const savePackage = (features) => http.put("/settings/package", { features });
