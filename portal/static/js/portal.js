// Larger type (适老化) toggle, remembered in localStorage. No external assets.
(function () {
  var root = document.documentElement;
  root.classList.remove("no-js");
  var KEY = "portal-large-type";
  function apply(on) {
    root.classList.toggle("large-type", on);
    document.querySelectorAll("[data-type-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  var stored = false;
  try { stored = localStorage.getItem(KEY) === "1"; } catch (e) {}
  document.addEventListener("DOMContentLoaded", function () {
    apply(stored);
    document.querySelectorAll("[data-type-toggle]").forEach(function (b) {
      b.addEventListener("click", function () {
        var on = !root.classList.contains("large-type");
        apply(on);
        try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {}
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    // A form's error summary takes the focus, so screen readers announce it first.
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
})();
