// A merchant signs up (public): the account and the confirmation of its e-mail address.

import { http } from "./http.js";

/**
 * POST /signup: the same answer whether or not the address was known.
 * @param {{company_name: string, admin_name: string, email: string, password: string, language: string}} body
 */
export function signup(body) {
  return http.post("/signup", body, { auth: false });
}

/**
 * POST /signup/verify with the token of the confirmation mail.
 * @param {string} token
 */
export function verify(token) {
  return http.post("/signup/verify", { token }, { auth: false });
}
