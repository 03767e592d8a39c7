// Guichet's workspace: the little JavaScript the pages use. Every page works
// without it; this adds the keyboard shortcut to the call screen, the call
// screen's live lookups and timer, macro insertion at the cursor, and live
// updates from the server (GET /agent/events, server-sent events).
"use strict";

(function () {
  // Alt+Shift+N opens the call screen from anywhere in the workspace. The nav
  // link also carries accesskey="n", which browsers map to their own modifier
  // (Alt+Shift in Firefox, Alt in Chrome), so the shortcut works without this.
  document.addEventListener("keydown", function (e) {
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && (e.code === "KeyN" || e.key === "N" || e.key === "n")) {
      var link = document.getElementById("nav-call");
      if (link) {
        e.preventDefault();
        window.location.assign(link.href);
      }
    }
  });

  // debounce runs fn once the user paused typing for ms.
  function debounce(fn, ms) {
    var t;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  }

  // fragment fetches an HTML fragment of the workspace into target.
  function fragment(url, target) {
    return fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { target.innerHTML = html; })
      .catch(function () { /* the buttons still post the form */ });
  }

  function callScreen(form) {
    var q = document.getElementById("c-q");
    var results = document.getElementById("caller-results");
    var siret = document.getElementById("c-siret");
    var status = document.getElementById("c-siret-status");
    var company = document.getElementById("c-company");
    var consult = document.getElementById("c-consultation");
    var consultResults = document.getElementById("consultation-results");

    function lookUp() {
      if (q.value.trim().length < 2) {
        results.innerHTML = "";
        return;
      }
      fragment("/agent/appel/appelant?q=" + encodeURIComponent(q.value), results);
    }
    function searchConsultations() {
      if (consult.value.trim().length < 2) {
        consultResults.innerHTML = "";
        return;
      }
      fragment("/agent/appel/consultations?consultation=" + encodeURIComponent(consult.value), consultResults);
    }
    function checkSIRET() {
      var digits = siret.value.replace(/\D/g, "");
      if (digits.length === 0) {
        status.innerHTML = "";
        return;
      }
      if (digits.length < 14) return;
      fragment("/agent/appel/siret?siret=" + encodeURIComponent(siret.value), status).then(function () {
        var known = status.querySelector("[data-company]");
        if (known && company.value.trim() === "") company.value = known.getAttribute("data-company");
      });
    }
    q.addEventListener("input", debounce(lookUp, 250));
    consult.addEventListener("input", debounce(searchConsultations, 300));
    siret.addEventListener("input", debounce(checkSIRET, 300));
    siret.addEventListener("change", checkSIRET);

    // The search buttons and the pick buttons work here without a round trip;
    // the save posts the form as usual.
    form.addEventListener("submit", function (e) {
      var b = e.submitter;
      if (!b) return;
      if (b.name === "do" && b.value === "search") {
        e.preventDefault();
        lookUp();
      } else if (b.name === "do" && b.value === "consult") {
        e.preventDefault();
        searchConsultations();
      } else if (b.name === "pick") {
        e.preventDefault();
        var m = new URLSearchParams(b.value);
        siret.value = m.get("siret") || "";
        company.value = m.get("company_name") || "";
        if (m.has("contact_id")) {
          ["contact_name", "contact_phone", "contact_email"].forEach(function (k) {
            form.elements[k].value = m.get(k) || "";
          });
        }
        checkSIRET();
        document.getElementById("c-topic").focus();
      } else if (b.name === "pick_consultation") {
        e.preventDefault();
        consult.value = b.value;
        consultResults.innerHTML = "";
        consult.focus();
      }
    });
    timer(form);
  }

  // timer runs the call's chronometer into the duration field (m:ss). It
  // starts by itself when the telephony gave the call's start time.
  function timer(form) {
    var button = document.getElementById("c-timer");
    var field = document.getElementById("c-duration");
    var started = document.getElementById("c-started");
    var since = 0, tick = 0;
    function show() {
      var s = Math.max(0, Math.floor((Date.now() - since) / 1000));
      var m = Math.floor(s / 60);
      field.value = m + ":" + String(s % 60).padStart(2, "0");
    }
    function start(at) {
      since = at;
      show();
      tick = setInterval(show, 1000);
      button.textContent = button.getAttribute("data-stop");
    }
    function stop() {
      clearInterval(tick);
      tick = 0;
      button.textContent = button.getAttribute("data-start");
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (tick) {
        stop();
        return;
      }
      // Restarting goes on from the duration already shown.
      var parts = field.value.split(":").map(Number);
      var already = parts.length === 2 && parts.every(isFinite) ? (parts[0] * 60 + parts[1]) * 1000 : 0;
      start(Date.now() - already);
    });
    var pbx = parseInt(started.value, 10);
    if (pbx > 0 && field.value === "") start(pbx * 1000);
    form.addEventListener("submit", function (e) {
      if (e.submitter && e.submitter.value === "save" && tick) stop();
    });
  }

  // Macros: "insert" puts the filled text at the cursor of the reply box
  // instead of reloading the page (which the form does without script).
  function macros(form) {
    form.addEventListener("submit", function (e) {
      var box = document.getElementById("reply-body");
      if (!box) return;
      e.preventDefault();
      var url = "/agent/tickets/" + form.getAttribute("data-ticket") + "/macros/" + form.elements.macro.value;
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (text) {
          var at = box.selectionStart || 0, end = box.selectionEnd || 0;
          box.value = box.value.slice(0, at) + text + box.value.slice(end);
          box.focus();
          box.setSelectionRange(at + text.length, at + text.length);
        })
        .catch(function () { form.submit(); });
    });
  }

  // live listens to the server's events. On the inbox a change refreshes the
  // views' counts and the list; on a ticket page, a change of that request
  // shows a notice. Without the endpoint (404), EventSource gives up at once
  // and the page stays as it is.
  function live() {
    if (!window.EventSource) return;
    var notice = document.getElementById("live-notice");
    var results = document.getElementById("results");
    if (!notice && !results) return;
    // One stream per tab, shared with the screen pop (live.js): browsers allow
    // few connections per server over HTTP/1.1.
    // A ticket page's stream names its request, to hear the colleagues typing
    // in it (presence).
    var url = "/agent/events" + (notice ? "?ticket=" + encodeURIComponent(notice.getAttribute("data-ticket")) : "");
    var es = window.guichetEvents || (window.guichetEvents = new EventSource(url));
    if (notice) presence(es, notice.getAttribute("data-ticket"));
    // data-live on <html> says whether the page is listening (for tests, and
    // for a style that wants to show it).
    if (es.readyState === EventSource.OPEN) document.documentElement.setAttribute("data-live", "on");
    es.addEventListener("open", function () { document.documentElement.setAttribute("data-live", "on"); });
    es.addEventListener("error", function () {
      document.documentElement.setAttribute("data-live", "off");
      if (es.readyState === EventSource.CLOSED) es.close();
    });
    var refresh = debounce(function () { refreshInbox(results); }, 500);
    es.addEventListener("ticket", function (e) {
      var data;
      try { data = JSON.parse(e.data); } catch (err) { return; }
      if (results) refresh();
      if (notice && String(data.id) === notice.getAttribute("data-ticket")) checkTicket(notice);
    });
  }

  // refreshInbox reloads the page's own address and swaps the list and the
  // views' counts, leaving the filter form (and what is typed in it) alone.
  function refreshInbox(results) {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("results");
        if (fresh && !results.contains(document.activeElement)) results.innerHTML = fresh.innerHTML;
        doc.querySelectorAll(".tabs a[data-view]").forEach(function (a) {
          var here = document.querySelector('.tabs a[data-view="' + a.getAttribute("data-view") + '"] .tab-count');
          var count = a.querySelector(".tab-count");
          if (here && count) here.textContent = count.textContent;
        });
        var status = document.getElementById("live-status");
        if (status) status.textContent = status.getAttribute("data-msg") || "";
      })
      .catch(function () {});
  }

  // checkTicket shows the notice when the request really changed since the page
  // was read (its version, or its timeline's length for a note): the agent's
  // own save, already on the page, must not raise it.
  function checkTicket(notice) {
    fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("live-notice");
        if (fresh && fresh.getAttribute("data-stamp") !== notice.getAttribute("data-stamp")) notice.hidden = false;
      })
      .catch(function () {});
  }

  // presence shows, in the ticket page's "presence" status region, who else is
  // typing in the request's reply or note box. Each warning lasts the event's
  // ttl unless refreshed, and goes at once on "stopped".
  function presence(es, ticket) {
    var region = document.getElementById("presence");
    if (!region) return;
    var who = {}, timer = 0;
    function show() {
      var now = Date.now(), lines = [], next = Infinity;
      Object.keys(who).sort().forEach(function (k) {
        var p = who[k];
        if (p.until <= now) {
          delete who[k];
          return;
        }
        next = Math.min(next, p.until);
        // The name goes in as text: a function replacer takes no "$&" patterns from it.
        lines.push((region.getAttribute("data-" + p.box) || "%s").replace("%s", function () { return p.name; }));
      });
      var text = lines.join(" · ");
      if (region.textContent !== text) region.textContent = text;
      clearTimeout(timer);
      if (next !== Infinity) timer = setTimeout(show, next - now + 50);
    }
    es.addEventListener("presence", function (e) {
      var d;
      try { d = JSON.parse(e.data); } catch (err) { return; }
      if (String(d.ticket) !== ticket || (d.box !== "reply" && d.box !== "note")) return;
      var key = d.user + "/" + d.box;
      if (d.typing) who[key] = { name: String(d.name || ""), box: d.box, until: Date.now() + (d.ttl || 30) * 1000 };
      else delete who[key];
      show();
    });
    announce(region, "reply");
    announce(region, "note");
  }

  // announce tells the server, for the colleagues on the same request, that
  // the agent is typing in a box: at most every 10 s while typing, "stopped"
  // when the box is emptied, sent, or the page left.
  function announce(region, box) {
    var url = region.getAttribute("data-post");
    var form = document.getElementById(box);
    var area = form && form.querySelector("textarea[name=body]");
    if (!url || !area || !form.elements.csrf) return;
    var last = 0; // when "typing" was last sent; 0 when not typing
    function send(state) {
      var body = new URLSearchParams({ csrf: form.elements.csrf.value, box: box, state: state });
      if (state === "stopped" && navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
      fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true }).catch(function () {});
    }
    function stop() {
      if (!last) return;
      last = 0;
      send("stopped");
    }
    area.addEventListener("input", function () {
      if (area.value.trim() === "") {
        stop();
        return;
      }
      var now = Date.now();
      if (!last || now - last >= 10000) {
        last = now;
        send("typing");
      }
    });
    form.addEventListener("submit", stop);
    window.addEventListener("pagehide", stop);
  }

  function ready() {
    var call = document.getElementById("call-form");
    if (call) callScreen(call);
    var m = document.getElementById("macro-form");
    if (m) macros(m);
    live();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
