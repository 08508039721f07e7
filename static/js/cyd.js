// Cyd front-end bootstrap, loaded with:
//   <script type="module" src="{% static 'js/cyd.js' %}"></script>
// It replaces the inline snippet in GOV.UK Frontend's page template (which a
// strict CSP without 'unsafe-inline' would block). Module scripts only run in
// browsers that support ES modules, which is exactly GOV.UK Frontend v5's
// definition of "supported", so the class can be added unconditionally. It
// must be on <body> before initAll(), which checks for it.
import { initAll } from "/static/vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
