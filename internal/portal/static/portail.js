// Progressive enhancement of the question form: everything also works without
// this script (the form's own buttons check the SIRET and search consultations).
// It checks the SIRET as it is typed, fills the company name from the catalog,
// searches open consultations, and shows FAQ suggestions when the FAQ answers.
(function () {
  "use strict";
  var form = document.getElementById("question-form");
  if (!form) return;

  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  var siret = document.getElementById("siret");
  var status = document.getElementById("siret-status");
  var name = document.getElementById("company_name");
  var lastSiret = "";
  function checkSiret() {
    var v = siret.value.replace(/[\s.\-]/g, "");
    if (v === lastSiret) return;
    lastSiret = v;
    if (v.length < 14) { status.textContent = ""; return; }
    fetch("/question/siret?siret=" + encodeURIComponent(v), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (res) {
        if (!res) return;
        status.textContent = res.message;
        status.className = res.valid ? "hint" : "field-error";
        siret.setAttribute("aria-invalid", res.valid ? "false" : "true");
        if (res.valid && res.name && !name.value) name.value = res.name;
      })
      .catch(function () {});
  }
  siret.addEventListener("input", debounce(checkSiret, 300));
  siret.addEventListener("blur", checkSiret);

  var q = document.getElementById("consultation_q");
  var results = document.getElementById("consultation-results");
  var ref = document.getElementById("consultation_ref");
  q.addEventListener("input", debounce(function () {
    if (q.value.trim().length < 3) return;
    fetch("/question/consultations?q=" + encodeURIComponent(q.value), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) results.innerHTML = html; })
      .catch(function () {});
  }, 350));
  results.addEventListener("change", function (e) {
    if (e.target && e.target.name === "consultation_pick") ref.value = e.target.value;
  });

  // FAQ suggestions come from the knowledge base (GET /faq/suggest?q=), when
  // it is there: any other answer than 200 leaves the box empty.
  var box = document.getElementById("faq-suggestions");
  var subject = document.getElementById("subject");
  var body = document.getElementById("body");
  var lastQ = "";
  function suggest() {
    var text = (subject.value + " " + body.value).trim();
    if (text.length < 8 || text === lastQ) return;
    lastQ = text;
    fetch("/faq/suggest?q=" + encodeURIComponent(text.slice(0, 300)), { credentials: "same-origin" })
      .then(function (r) { return r.status === 200 ? r.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; })
      .catch(function () {});
  }
  subject.addEventListener("input", debounce(suggest, 600));
  body.addEventListener("input", debounce(suggest, 900));

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
