// A customer and an address the way the agent reads them.

/**
 * "Erika Mustermann", or the company when no person is named.
 * @param {{name?: string, first_name?: string, last_name?: string, company?: string}} customer
 */
export function customerName(customer) {
  if (customer.name) return customer.name;
  const person = [customer.first_name, customer.last_name].filter(Boolean).join(" ");
  return person || customer.company || "";
}

/**
 * "Hauptstraße 5", "10115 Berlin" and the country when it is not Germany.
 * @param {{street?: string, zip_code?: string, city?: string, country?: string}} address
 * @returns {string[]}
 */
export function addressLines(address) {
  const place = [address.zip_code, address.city].filter(Boolean).join(" ");
  return /** @type {string[]} */ ([address.street, address.country && address.country !== "DE" ? `${place} (${address.country})` : place]
    .filter(Boolean));
}
