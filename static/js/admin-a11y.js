// Names for the admin's autocomplete widgets (select2), which axe finds unnamed:
// the combobox is labelled by the field's label, the inline search box and the shown value
// get the label's text,
// and select2's list of chosen values is presentational (it holds a search box besides items).
(function () {
  "use strict";
  function mend() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "-label";
      }
      var combobox = container.querySelector('[role="combobox"]');
      if (combobox && combobox.getAttribute("aria-labelledby") !== label.id) {
        combobox.setAttribute("aria-labelledby", label.id);
      }
      var name = label.textContent.replace(/:\s*$/, "");
      container.querySelectorAll(".select2-search__field, [role='textbox']").forEach(function (input) {
        input.setAttribute("aria-label", name);
      });
      container.querySelectorAll("ul.select2-selection__rendered, ul.select2-selection__rendered > li")
        .forEach(function (element) {
          element.setAttribute("role", "presentation");
        });
    });
  }
  window.addEventListener("load", function () {
    mend();
    new MutationObserver(mend).observe(document.body, { childList: true, subtree: true });
  });
})();
