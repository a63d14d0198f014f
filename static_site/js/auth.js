// Sign-in, sign-out and keeping the short-lived token fresh while the agent works.
// Tokens live about 15 minutes; a token is renewed shortly before it expires, but only if the agent
// did something since the last renewal, so an unattended screen signs itself out.

import * as authApi from "./api/auth.js";
import { isApiStatus } from "./api/http.js";
import { navigate } from "./router.js";
import { clearSession, getSession, saveSession } from "./state/session.js";

const RENEW_BEFORE_MS = 90 * 1000;
const MIN_DELAY_MS = 5 * 1000;

/** @type {number | null} */
let renewTimer = null;
let activeSinceRenewal = false;

/**
 * Sign in; stores the session and returns the agent. Throws ApiError (401: wrong credentials).
 * @param {string} email
 * @param {string} password
 */
export async function login(email, password) {
  const answer = await authApi.login(email, password);
  saveSession(answer);
  activeSinceRenewal = false;
  scheduleRenewal();
  return answer.agent;
}

export function logout() {
  stopRenewal();
  clearSession();
}

/** Start watching activity and renewing the token (call once at boot). */
export function startSessionKeeper() {
  const markActive = () => {
    activeSinceRenewal = true;
  };
  window.addEventListener("keydown", markActive, { capture: true, passive: true });
  window.addEventListener("pointerdown", markActive, { capture: true, passive: true });
  scheduleRenewal();
}

function stopRenewal() {
  if (renewTimer !== null) window.clearTimeout(renewTimer);
  renewTimer = null;
}

function scheduleRenewal() {
  stopRenewal();
  const session = getSession();
  if (!session?.expiresAt) return;
  const due = Date.parse(session.expiresAt) - RENEW_BEFORE_MS - Date.now();
  renewTimer = window.setTimeout(renew, Math.max(due, MIN_DELAY_MS));
}

async function renew() {
  renewTimer = null;
  if (!getSession()) return;
  if (!activeSinceRenewal) {
    // Nobody worked here: let the token run out; the next call sends the agent to the login.
    const left = Date.parse(getSession()?.expiresAt ?? "") - Date.now();
    if (left > 3000) renewTimer = window.setTimeout(renew, Math.min(left - 2000, 10 * 1000));
    return;
  }
  try {
    saveSession(await authApi.refresh());
    activeSinceRenewal = false;
    scheduleRenewal();
  } catch (err) {
    // 401 is handled by the API layer (back to login); on other failures retry soon.
    if (!isApiStatus(err, 401) && getSession()) renewTimer = window.setTimeout(renew, 15 * 1000);
  }
}

/** Take what changed on the server (e.g. the booked package) into this session now. */
export async function renewNow() {
  saveSession(await authApi.refresh());
}

/**
 * After sign-in: back to the page the agent was sent away from (only an in-app hash), else the search.
 * @param {unknown} [next]
 */
export function continueAfterLogin(next) {
  if (typeof next === "string" && /^#\/(?!login)/.test(next)) window.location.hash = next;
  else navigate("/search");
}
