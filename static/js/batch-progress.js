// Keeps a batch page's progress current without reloading: polls the progress URL until the
// batch is no longer running, then reloads once to show each case's result.
(function () {
  "use strict";
  var box = document.getElementById("batch-progress");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  var bar = document.getElementById("batch-bar");

  function show(p) {
    Object.keys(p).forEach(function (key) {
      var node = box.querySelector('[data-field="' + key + '"]');
      if (node) node.textContent = p[key];
    });
    bar.max = p.total;
    bar.value = p.done;
    bar.textContent = p.percent + "%";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (p) {
        show(p);
        if (p.status === "running") window.setTimeout(poll, 1500);
        else window.location.reload();
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (box.querySelector('[data-field="status_display"]').closest(".badge").className.indexOf("badge-running") >= 0) {
    window.setTimeout(poll, 1000);
  }
})();
