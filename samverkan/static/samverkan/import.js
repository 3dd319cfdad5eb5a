// Follows a running import: polls its status row and reloads the page when it is finished.
(function () {
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.done) return;
  var bar = document.getElementById("import-bar");
  var state = document.getElementById("import-state");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        state.textContent = data.status_label + ": " + data.rows_read + " rader lästa, " +
          data.rows_added + " nya, " + data.bad_rows + " felaktiga.";
        if (data.finished) window.location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
