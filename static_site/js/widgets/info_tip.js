// An info symbol with a tooltip: hover or keyboard focus shows it (CSS), Esc hides it until the
// pointer or the focus leaves; the text is also the button's description.

import { h } from "../dom.js";
import { t } from "../i18n/index.js";
import { uid } from "./form.js";

/**
 * @param {string} topic  what it explains (the button is named "Erklärung: <topic>")
 * @param {string} text
 */
export function infoTip(topic, text) {
  const tipId = uid("tip");
  const button = h("button", {
    type: "button", class: "info-tip", "aria-label": t("ui.info", { topic }), "aria-describedby": tipId,
  }, "i");
  const tip = h("span", { class: "info-tip-text", role: "tooltip", id: tipId }, text);
  const wrap = h("span", { class: "info-tip-wrap" }, button, tip);
  button.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !wrap.classList.contains("is-dismissed")) {
      event.preventDefault();
      event.stopPropagation();
      wrap.classList.add("is-dismissed");
    }
  });
  button.addEventListener("blur", () => wrap.classList.remove("is-dismissed"));
  wrap.addEventListener("mouseleave", () => wrap.classList.remove("is-dismissed"));
  return wrap;
}
