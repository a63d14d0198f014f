// A tiny element builder: text always goes in as text (never as HTML), so data from pixi cannot
// inject markup.

/** @typedef {Node | string | number | boolean | null | undefined | unknown[]} Child  nested arrays are flattened */
/** @typedef {Record<string, any>} Props */

/**
 * h("button", {class: "primary", type: "button", onClick: fn}, "Text", otherNode)
 * Props: class, dataset, on<Event> handlers, true/false boolean attributes, everything else as attribute.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = null, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

/**
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children  null/undefined/false are left out
 * @returns {E}
 */
export function append(el, ...children) {
  for (const child of /** @type {Child[]} */ (children.flat(Infinity))) {
    if (child === null || child === undefined || child === false || child === true) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/**
 * Replace the children of el; null/undefined/false children are left out.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, ...children);
}

/**
 * True if the key event comes from a place where the agent types text.
 * @param {EventTarget | null} target
 */
export function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  }
  return false;
}
