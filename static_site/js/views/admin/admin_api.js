// The admin routes of the API in one place (agent management T2, tenant settings T3). The server
// refuses every one of them for agents; the page only hides them.

import { api } from "../../api.js";

const id = (value) => encodeURIComponent(value);

export const team = {
  list: () => api.get("/agents"),
  invite: (body) => api.post("/agents", body),
  /** A new link (the old one stops working), in the language of the first invitation. */
  resend: (agentId) => api.post(`/agents/${id(agentId)}/invitation`, {}),
  revoke: (agentId) => api.delete(`/agents/${id(agentId)}/invitation`),
  disable: (agentId) => api.post(`/agents/${id(agentId)}/disable`),
  enable: (agentId) => api.post(`/agents/${id(agentId)}/enable`),
  setRole: (agentId, role) => api.put(`/agents/${id(agentId)}/role`, { role }),
  unlock: (agentId) => api.post(`/agents/${id(agentId)}/unlock`),
};

export const settings = {
  overview: () => api.get("/settings"),
  connections: () => api.get("/settings/pixi-connections"),
  addConnection: (body) => api.post("/settings/pixi-connections", body),
  /** Only what is given changes; without `password` the stored one stays. */
  updateConnection: (connectionId, body) => api.patch(`/settings/pixi-connections/${id(connectionId)}`, body),
  removeConnection: (connectionId) => api.delete(`/settings/pixi-connections/${id(connectionId)}`),
  setDefault: (connectionId) => api.post(`/settings/pixi-connections/${id(connectionId)}/default`),
  /** {endpoint, username, password?, connection_id?} -> {ok, problem, message, shop_count} */
  testConnection: (body) => api.post("/settings/pixi-connections/test", body, { timeoutMs: 40000 }),
  email: () => api.get("/settings/email"),
  saveSupportAddress: (supportAddress) => api.put("/settings/email", { support_address: supportAddress }),
  requestSenderVerification: (senderAddress) => api.post("/settings/email/sender", { sender_address: senderAddress }),
  package: () => api.get("/settings/package"),
  savePackage: (body) => api.put("/settings/package", body),
};
