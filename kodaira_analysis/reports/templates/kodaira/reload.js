// The preview's reload script, injected into the served copies only (server.py; the policy allows it by its hash):
// reload when the version changes (the server holds the request until then).
(function () {
  var mark = document.currentScript && document.currentScript.previousElementSibling;
  var seen = mark && mark.hasAttribute("data-kodaira-version") ? mark.getAttribute("data-kodaira-version") : null;
  function poll() {
    var url = seen === null ? "/__version" : "/__version?since=" + encodeURIComponent(seen);
    fetch(url, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen === null) { seen = v; } else if (v !== seen) { location.reload(); return; }
      setTimeout(poll, 50);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
