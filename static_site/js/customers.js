// Customers the agent has seen in this session, by customer_key, so the next screen can show who
// was opened before its own data arrives. Dropped at sign-out.

import { onSessionChange } from "./session.js";

const seen = new Map();

onSessionChange((session) => {
  if (!session) seen.clear();
});

export function rememberCustomers(customers) {
  for (const customer of customers) seen.set(String(customer.customer_key), customer);
}

/** The search row of a customer ({customer_key, customer_number, first_name, ...}) or null. */
export function knownCustomer(customerKey) {
  return seen.get(String(customerKey)) ?? null;
}

/** "Erika Mustermann", or the company when no person is named. */
export function customerName(customer) {
  const person = [customer.first_name, customer.last_name].filter(Boolean).join(" ");
  return person || customer.company || "";
}
