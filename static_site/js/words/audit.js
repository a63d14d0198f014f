// The audit trail in the agent's words: what an action and its outcome are called (the audit log,
// "Zuletzt bearbeitet" and the settings' change history all use these).

import { has, t } from "../i18n/index.js";

/**
 * "Support-Anfrage gesendet" for support_request.sent; an unknown action is shown by its name.
 * @param {string | null | undefined} action
 */
export function actionText(action) {
  const key = `action.${action}`;
  return action && has(key) ? t(key) : action || "";
}

/**
 * "erfolgreich" / "fehlgeschlagen".
 * @param {string | null | undefined} outcome
 */
export function outcomeText(outcome) {
  return outcome && has(`outcome.${outcome}`) ? t(`outcome.${outcome}`) : outcome || "";
}
