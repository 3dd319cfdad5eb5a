// After a form comes back with errors, focus moves to the summary of its errors (each links
// to its field), so a keyboard or screen reader user starts there instead of at the top.
// The admin's own note ("Rätta felen nedan") is treated the same way.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary, .errornote");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  });
})();
