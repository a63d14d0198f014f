// Sign-in, token renewal and the password reset (POST /auth/...).

import { http } from "./http.js";

/** @typedef {import("../state/session.js").SessionAnswer} SessionAnswer */

/**
 * POST /auth/login (401: wrong credentials).
 * @param {string} email
 * @param {string} password
 * @returns {Promise<SessionAnswer>}
 */
export function login(email, password) {
  return http.post("/auth/login", { email, password }, { auth: false });
}

/**
 * POST /auth/refresh: a new token for the signed-in agent (with the package's current features).
 * @returns {Promise<SessionAnswer>}
 */
export function refresh() {
  return http.post("/auth/refresh");
}

/**
 * POST /auth/password-reset: the answer is the same whether the address is known or not.
 * @param {string} email
 * @param {string} language
 */
export function requestPasswordReset(email, language) {
  return http.post("/auth/password-reset", { email, language }, { auth: false });
}

/**
 * POST /auth/password-reset/confirm with the token of the mail.
 * @param {string} token
 * @param {string} password
 */
export function confirmPasswordReset(token, password) {
  return http.post("/auth/password-reset/confirm", { token, password }, { auth: false });
}
