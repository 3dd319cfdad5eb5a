// An autocomplete keeps to the region chosen on its form (or inline row): the request for
// choices carries the value of the row's "region" field, and the server
// (biblioteksportal.sites.PortalAutocomplete) offers only that region's municipalities.
(function () {
  "use strict";
  if (!window.django || !window.django.jQuery) {
    return;
  }
  var $ = window.django.jQuery;
  var opened = null;
  $(document).on("select2:opening", function (event) {
    opened = event.target;
  });
  $.ajaxPrefilter(function (options) {
    if (!opened || options.url.indexOf("/autocomplete/") === -1) {
      return;
    }
    var prefix = opened.id.slice(0, -opened.dataset.fieldName.length);
    var region = document.getElementById(prefix + "region");
    if (region && region !== opened && region.value) {
      options.data += "&region=" + encodeURIComponent(region.value);
    }
  });
})();
