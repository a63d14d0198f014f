// Texts the shell needs before an admin screen is loaded: the header links of the admin area and
// English texts of the team API's error codes (imported once by main.js).

import { addMessages } from "../../i18n.js";

addMessages({
  de: {
    "nav.agents": "Agentenverwaltung",
    "nav.settings": "Einstellungen",
  },
  en: {
    "nav.agents": "Agent management",
    "nav.settings": "Settings",
    // English texts of the team and settings API errors by code (German shows the API's message).
    "code.link_invalid": "The link has expired or is invalid.",
    "code.last_admin": "This is the last active administrator of this account. Please make another agent an administrator first.",
    "code.mail_not_sent": "The e-mail could not be sent. Please try again later.",
  },
});
