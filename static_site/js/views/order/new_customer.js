// O1 for a new customer: private or business (company and VAT ID), the person, the billing address,
// and the duplicate check: while the agent types name and address, known pixi customers that match
// are listed (POST /address-matches, once typing settles) to take instead of creating a new one.

import * as addressMatches from "../../api/address_matches.js";
import { h, replace } from "../../dom.js";
import { t } from "../../i18n/index.js";
import { checkFields, field, looksLikeEmail, messageLine, select } from "../../widgets/form.js";
import { infoTip } from "../../widgets/info_tip.js";
import { settledQuery } from "../../widgets/settled_query.js";
import { addressLines } from "../../words/customers.js";
import { addressForm } from "./address_form.js";

/** @typedef {import("../../api/carts.js").NewCustomer} NewCustomer */
/** @typedef {import("../../api/carts.js").Address} Address */
/** @typedef {import("../../api/address_matches.js").AddressMatch} AddressMatch */

const SECTION = "customer";
const PERSON_FIELDS = ["salutation", "first_name", "last_name", "company", "vat_id", "email", "phone"];

/**
 * @param {{draft: import("../../state/order_drafts.js").OrderDraft, countries: {iso2: string, name: string}[],
 *   onCreate: (customer: NewCustomer, billing: Address, button: HTMLButtonElement) => Promise<void>,
 *   onPick: (match: AddressMatch, button: HTMLButtonElement) => Promise<void>}} options
 */
export function newCustomerForm({ draft, countries, onCreate, onPick }) {
  const typed = draft.section(SECTION);
  const typeSelect = select({ name: "customer_type", id: "new-customer-type" },
    [["private", t("customer.type.private")], ["business", t("customer.type.business")]], typed.customer_type || "private");
  const inputs = {
    salutation: h("input", { name: "salutation", id: "new-salutation", type: "text", autocomplete: "off" }),
    first_name: h("input", { name: "first_name", id: "new-first-name", type: "text", autocomplete: "off" }),
    last_name: h("input", { name: "last_name", id: "new-last-name", type: "text", autocomplete: "off" }),
    company: h("input", { name: "company", id: "new-company", type: "text", autocomplete: "off" }),
    vat_id: h("input", { name: "vat_id", id: "new-vat-id", type: "text", autocomplete: "off", spellcheck: "false" }),
    email: h("input", { name: "email", id: "new-email", type: "email", autocomplete: "off", spellcheck: "false" }),
    phone: h("input", { name: "phone", id: "new-phone", type: "tel", autocomplete: "off" }),
  };
  const fields = Object.fromEntries(PERSON_FIELDS.map((name) => [name, field({
    label: t(`newCustomer.${name}`), input: inputs[name], className: `field-${name}`,
    info: name === "vat_id" ? infoTip(t("newCustomer.vat_id"), t("newCustomer.vatInfo")) : null,
  })]));
  fields.customer_type = field({ label: t("newCustomer.type"), input: typeSelect,
    info: infoTip(t("newCustomer.type"), t("newCustomer.typeInfo")) });
  /** @type {[string, HTMLInputElement | HTMLSelectElement][]} */
  const all = [["customer_type", typeSelect], ...Object.entries(inputs)];
  for (const [name, input] of all) {
    if (typed[name] && name !== "customer_type") input.value = typed[name];
    input.addEventListener("input", () => draft.set(SECTION, name, input.value));
    input.addEventListener("change", () => draft.set(SECTION, name, input.value));
  }
  const businessOnly = [fields.company.root, fields.vat_id.root];
  const showType = () => {
    for (const el of businessOnly) el.hidden = typeSelect.value !== "business";
  };
  typeSelect.addEventListener("change", showType);
  showType();

  const billing = addressForm({ id: "new-billing", legend: t("orderForm.billing"), draft, countries });
  billing.fill(null);
  // The person is also the addressee: the billing name follows it unless the agent changes it there.
  for (const name of ["salutation", "first_name", "last_name", "company"]) {
    inputs[name].addEventListener("input", () => {
      const target = billing.fields[name].input;
      target.value = inputs[name].value;
      target.dispatchEvent(new Event("input"));
    });
  }

  const matchesBox = h("section", { class: "address-matches", id: "address-matches", "aria-live": "polite", "aria-labelledby": "matches-title" });
  const note = messageLine("new-customer-message");
  const create = h("button", { type: "submit", class: "button-primary", id: "new-customer-create" }, t("newCustomer.create"));

  /** @param {AddressMatch[]} matches */
  function showMatches(matches) {
    if (!matches.length) {
      matchesBox.replaceChildren();
      return;
    }
    replace(matchesBox,
      h("h3", { id: "matches-title" }, t("matches.title", { n: matches.length })),
      h("p", { class: "muted small" }, t("matches.intro")),
      h("ul", { class: "match-list" }, matches.map((m) => {
        const take = h("button", { type: "button", class: "button-secondary match-take", dataset: { customerKey: String(m.customer_key) } },
          t("matches.take"));
        take.addEventListener("click", () => onPick(m, take));
        return h("li", { class: "match", dataset: { customerKey: String(m.customer_key) } },
          h("div", { class: "match-who" },
            h("strong", null, m.name), " ", h("span", { class: "mono muted" }, m.customer_number),
            h("span", { class: "match-address" }, addressLines(m.address).join(", ")),
            m.reason ? h("span", { class: "muted small match-reason" }, m.reason) : null),
          take);
      })));
  }

  const matcher = settledQuery({
    delayMs: 400,
    keyOf: (probe) => JSON.stringify(probe),
    fetch: (probe, signal) => addressMatches.find(probe, { signal }),
    onAnswer: (answer) => showMatches(answer.matches || []),
    onError: () => matchesBox.replaceChildren(), // the check is a help; creating still works
  });
  const probe = () => {
    const a = billing.value();
    return { first_name: a.first_name, last_name: a.last_name, company: a.company, street: a.street,
      zip_code: a.zip_code, city: a.city, country: a.country };
  };
  const checkDuplicates = () => {
    const p = probe();
    if ((p.last_name || p.company) && (p.street || p.zip_code || p.city)) matcher.ask(p);
    else {
      matcher.cancel();
      matchesBox.replaceChildren();
    }
  };

  const form = h("form", { class: "order-panel new-customer-form", id: "new-customer-form", novalidate: true, "aria-labelledby": "new-customer-title" },
    h("h2", { id: "new-customer-title" }, t("newCustomer.title")),
    h("div", { class: "form-grid" }, fields.customer_type.root, PERSON_FIELDS.map((name) => fields[name].root)),
    billing.root,
    matchesBox,
    note.el,
    h("div", { class: "form-actions" }, create));
  form.addEventListener("input", checkDuplicates);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (create.disabled) return;
    note.clear();
    /** @type {[import("../../widgets/form.js").Field, import("../../widgets/form.js").Rule][]} */
    const required = typeSelect.value === "business" ? [[fields.company, "required"]] : [];
    if (!checkFields([[fields.last_name, "required"], ...required,
      [fields.email, (v) => (v.trim() && !looksLikeEmail(v.trim()) ? t("ui.emailInvalid") : "")],
      [billing.fields.street, "required"], [billing.fields.zip_code, "required"], [billing.fields.city, "required"]])) return;
    const customer = /** @type {NewCustomer} */ ({ customer_type: typeSelect.value,
      ...Object.fromEntries(PERSON_FIELDS.map((name) => [name, inputs[name].value.trim()])) });
    try {
      await onCreate(customer, billing.value(), create);
    } catch (err) {
      note.apiError(err, { ...fields, ...billing.fields });
    }
  });
  if (Object.keys(typed).length) checkDuplicates();

  return {
    root: form,
    focus: () => typeSelect.focus(),
    dispose: () => matcher.cancel(),
  };
}
