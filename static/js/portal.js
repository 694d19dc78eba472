// The portal's small behaviours, each working on every page (no inline script: the CSP forbids it).
(function () {
  "use strict";

  // GOV.UK's error summary: focus moves to it when a form comes back with errors, and each of its
  // links moves focus to its field (not only the scroll position).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  }

  // 适老化 (工信部 2021): larger text and higher contrast, remembered in a cookie for a year; the
  // server reads the cookie, so every page opens in the chosen mode without a flash.
  var toggle = document.querySelector("[data-care-toggle]");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var on = !document.documentElement.classList.contains("care");
      document.documentElement.classList.toggle("care", on);
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      document.cookie = "care_mode=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
    });
  }
})();
