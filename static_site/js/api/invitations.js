// The invitation link of an agent (public: the token is the proof).

import { http, path } from "./http.js";

/**
 * GET /invitations/{token}: which account invites which address.
 * @param {string} token
 * @returns {Promise<{email?: string, name?: string, tenant_name?: string}>}
 */
export function invitation(token) {
  return http.get(path("invitations", token), { auth: false });
}

/**
 * POST /invitations/accept: name and password; the answer is a session.
 * @param {{token: string, name: string, password: string}} body
 * @returns {Promise<import("../state/session.js").SessionAnswer | null>}
 */
export function accept(body) {
  return http.post("/invitations/accept", body, { auth: false });
}
