// The tenant's agents (admins only: the server refuses every one of these for agents; the page
// only hides them).

import { http, path } from "./http.js";

/**
 * @typedef {object} TeamAgent
 * @property {string} agent_id
 * @property {string} email
 * @property {string} [name]
 * @property {"admin" | "agent"} role
 * @property {"invited" | "active" | "disabled"} [state]
 * @property {boolean} [locked]
 * @property {string | null} [locked_until]
 * @property {number} [failed_logins]
 * @property {string | null} [invitation_expires_at]
 */

/** @param {string} agentId */
const agent = (agentId) => path("agents", agentId);

/** @returns {Promise<TeamAgent[]>} */
export async function list() {
  const answer = await http.get("/agents");
  return Array.isArray(answer) ? answer : answer?.agents || [];
}

/** @param {{email: string, name: string, role: string, language: string}} body */
export const invite = (body) => http.post("/agents", body);
/**
 * A new link (the old one stops working), in the language of the first invitation.
 * @param {string} agentId
 */
export const resendInvitation = (agentId) => http.post(`${agent(agentId)}/invitation`, {});
/** @param {string} agentId */
export const revokeInvitation = (agentId) => http.delete(`${agent(agentId)}/invitation`);
/** @param {string} agentId */
export const disable = (agentId) => http.post(`${agent(agentId)}/disable`);
/** @param {string} agentId */
export const enable = (agentId) => http.post(`${agent(agentId)}/enable`);
/** @param {string} agentId @param {"admin" | "agent"} role */
export const setRole = (agentId, role) => http.put(`${agent(agentId)}/role`, { role });
/** @param {string} agentId */
export const unlock = (agentId) => http.post(`${agent(agentId)}/unlock`);
