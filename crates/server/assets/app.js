// sagasu serve: progressive enhancement only. Every page works without
// this script; with it, results follow the search box as you type, `/`
// focuses the box, and n / p (or j / k) follow the next and previous links.
(function () {
  "use strict";
  var input = document.getElementById("q");

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape" && e.target === input) { input.blur(); return; }
    if (typing(e.target)) return;
    if (e.key === "/" && input) {
      e.preventDefault();
      input.focus();
      input.select();
      return;
    }
    var rel = { n: "next", j: "next", p: "prev", k: "prev" }[e.key];
    if (!rel) return;
    var link = document.querySelector('a[data-key="' + rel + '"]');
    if (link) { e.preventDefault(); link.click(); }
  });

  // Search as you type: fetch the results page for the form's query and
  // swap its #results in. Parsed with DOMParser, so nothing in it runs.
  var page = document.body.getAttribute("data-page");
  if (!input || (page !== "search" && page !== "home")) return;
  var form = input.form;
  var timer = null;
  var pending = null;
  function refresh() {
    var q = input.value.trim();
    if (q.length < 2) return;
    var url = new URL(form.action, location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal, headers: { Accept: "text/html" } })
      .then(function (res) { return res.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var fresh = doc.getElementById("results");
        var old = document.getElementById("results");
        if (!fresh || !old) return;
        old.replaceWith(document.adoptNode(fresh));
        document.title = doc.title;
        document.body.setAttribute("data-page", "search");
        history.replaceState(null, "", url);
      })
      .catch(function (err) { if (err.name !== "AbortError") console.warn("sagasu:", err); });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 180);
  });
  form.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
    box.addEventListener("change", refresh);
  });
})();
