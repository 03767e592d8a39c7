// Guichet's screen pop: the calls ringing in the agent's queues, shown as they
// come (live events, GET /agent/events) in the page's "screen-pop" region with
// the caller's card (company, open requests, last exchanges). When the agent
// answers, the switchboard's "answered" event opens the new-call form,
// prefilled, its timer running from the answer. Pages work without it: the
// call log (/agent/appels) lists the same calls.
"use strict";

(function () {
  function start() {
    var box = document.getElementById("screen-pop");
    if (!box || !window.EventSource) return;
    // One stream per tab, shared with the workspace's live lists
    // (workspace.js): browsers allow few connections per server over HTTP/1.1.
    var es = window.guichetEvents || (window.guichetEvents = new EventSource("/agent/events"));
    es.addEventListener("error", function () {
      if (es.readyState === EventSource.CLOSED) es.close();
    });
    es.addEventListener("call", function (e) {
      var d;
      try { d = JSON.parse(e.data); } catch (err) { return; }
      if (d.event === "ringing") show(box, d);
      if (d.event === "taken" || d.event === "ended") remove(box, d.id);
      // Only a path of the workspace is followed: the event is data, not a link.
      if (d.event === "answered" && typeof d.open === "string" && d.open.indexOf("/agent/appel?") === 0) {
        window.location.assign(d.open);
      }
    });
  }

  // show adds a call's card to the region: the number at once, the caller's
  // card once fetched (an HTML fragment rendered by the server).
  function show(box, d) {
    var id = String(d.id);
    if (box.querySelector('[data-pop="' + id + '"]')) return;
    var item = document.createElement("div");
    item.className = "pop";
    item.setAttribute("data-pop", id);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "pop-close";
    close.textContent = box.getAttribute("data-close") || "×";
    close.addEventListener("click", function () { remove(box, id); });
    var title = document.createElement("p");
    title.className = "pop-title";
    // The number as a tel: link, like every number of the workspace, until the card comes.
    var num = document.createElement(/^\+\d{4,15}$/.test(d.from || "") ? "a" : "span");
    if (num.tagName === "A") num.href = "tel:" + d.from;
    num.textContent = d.display || d.from || "";
    title.appendChild(num);
    item.appendChild(close);
    item.appendChild(title);
    box.appendChild(item);
    box.hidden = false;
    fetch("/agent/appels/" + encodeURIComponent(id) + "/fiche?fragment=1", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var card = new DOMParser().parseFromString(html, "text/html").querySelector(".caller-card");
        if (card && item.parentNode) item.replaceChild(document.importNode(card, true), title);
      })
      .catch(function () {});
  }

  function remove(box, id) {
    var item = box.querySelector('[data-pop="' + String(id) + '"]');
    if (item) item.parentNode.removeChild(item);
    if (!box.querySelector("[data-pop]")) box.hidden = true;
  }

  // callsBlock fills a ticket page's calls block (and its callback form) with
  // the server's fragment; without it, the block links to the same page.
  function callsBlock() {
    var block = document.getElementById("calls");
    var src = block && block.getAttribute("data-calls");
    if (!src || src.indexOf("/agent/tickets/") !== 0) return;
    fetch(src, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var link = block.querySelector("p");
        var frag = document.createDocumentFragment();
        Array.prototype.forEach.call(doc.body.childNodes, function (n) { frag.appendChild(document.importNode(n, true)); });
        if (link) block.replaceChild(frag, link);
      })
      .catch(function () {});
  }

  function ready() {
    start();
    callsBlock();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
