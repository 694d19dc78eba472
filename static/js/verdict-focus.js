// When a page answers with a verdict (#verdict), it is read first: focus moves there, so a screen
// reader announces it and the next Tab goes on from it, and it is scrolled to the top.
(function () {
  "use strict";
  var verdict = document.getElementById("verdict");
  if (!verdict) return;
  verdict.focus({ preventScroll: true });
  verdict.scrollIntoView({ block: "start" });
})();
