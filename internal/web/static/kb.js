// Guichet — the knowledge base on the ticket page: the "similar" block is
// fetched and shown in place (without script, its link opens a page of its
// own), and "Insérer le lien" puts an article's title and address at the cursor
// of the reply box. No inline script: the CSP forbids it.
(function () {
  "use strict";
  var box = document.getElementById("similar");
  if (!box || !box.getAttribute("data-similar")) return;
  fetch(box.getAttribute("data-similar"), { credentials: "same-origin" })
    .then(function (r) { return r.status === 200 ? r.text() : null; })
    .then(function (html) {
      if (html === null) return;
      box.innerHTML = html;
      var reply = document.getElementById("reply-body");
      box.querySelectorAll("button.insert-link").forEach(function (b) {
        if (!reply) return;
        b.hidden = false;
        var copy = b.nextElementSibling;
        if (copy && copy.classList.contains("copy")) copy.hidden = true;
        b.addEventListener("click", function () {
          var text = b.getAttribute("data-link").replace(" : /", " : " + window.location.origin + "/");
          var at = reply.selectionStart || reply.value.length;
          reply.value = reply.value.slice(0, at) + text + reply.value.slice(reply.selectionEnd || at);
          reply.focus();
          reply.selectionStart = reply.selectionEnd = at + text.length;
        });
      });
    })
    .catch(function () {});
})();
