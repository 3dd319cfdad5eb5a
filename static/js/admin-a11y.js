// Names for the admin's autocomplete widgets (select2), which axe finds unnamed:
// the combobox is labelled by the field's label (or, in a table row, which has no label, by
// the select's own aria-label), the inline search box and the shown value get the label's
// text, and select2's list of chosen values is presentational (it holds a search box besides
// items). The two-list widget's search icons carry an aria-label, allowed on an image only.
(function () {
  "use strict";
  function mend() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      var combobox = container.querySelector('[role="combobox"]');
      var name = select.getAttribute("aria-label");
      if (label) {
        if (!label.id) {
          label.id = select.id + "-label";
        }
        if (combobox && combobox.getAttribute("aria-labelledby") !== label.id) {
          combobox.setAttribute("aria-labelledby", label.id);
        }
        name = label.textContent.replace(/:\s*$/, "");
      } else if (combobox && name && combobox.getAttribute("aria-label") !== name) {
        combobox.removeAttribute("aria-labelledby");
        combobox.setAttribute("aria-label", name);
      }
      if (!name) {
        return;
      }
      container.querySelectorAll(".select2-search__field, [role='textbox']").forEach(function (input) {
        input.setAttribute("aria-label", name);
      });
      container.querySelectorAll("ul.select2-selection__rendered, ul.select2-selection__rendered > li")
        .forEach(function (element) {
          element.setAttribute("role", "presentation");
        });
    });
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  window.addEventListener("load", function () {
    mend();
    new MutationObserver(mend).observe(document.body, { childList: true, subtree: true });
  });
})();
