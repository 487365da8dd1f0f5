// Initialise GOV.UK Frontend components (accordion, service navigation
// menu toggle, error summary focus, etc.). Loaded from the base template as
// <script type="module" src="{% static 'js/init-govuk.mjs' %}"></script>
// - an external file because our Content-Security-Policy forbids inline
// scripts.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

// GOV.UK Frontend's own page template sets these body classes with an inline
// script. Module scripts only run in browsers that GOV.UK Frontend supports,
// so setting them here is equivalent; initAll() checks for
// "govuk-frontend-supported" and does nothing without it.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

initAll();
