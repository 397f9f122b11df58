// Starts GOV.UK Frontend's components. Loaded as a module, so browsers too old for
// GOV.UK Frontend's JavaScript skip it and get the plain, working HTML.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
