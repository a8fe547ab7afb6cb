// Beleidsgeheugen: small progressive enhancements (no libraries).
(function () {
  "use strict";

  // Upload forms: show upload progress, then go to the job page the server redirects to.
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.XMLHttpRequest || !window.FormData) return;
      ev.preventDefault();
      var box = form.querySelector(".upload-progress");
      var bar = box && box.querySelector("progress");
      var label = box && box.querySelector(".upload-status");
      var button = form.querySelector("button[type=submit]");
      if (box) box.hidden = false;
      if (button) button.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable && bar) {
          bar.value = Math.round((e.loaded / e.total) * 100);
          if (label) label.textContent = "Uploaden… " + bar.value + "%";
        }
      };
      xhr.upload.onload = function () { if (label) label.textContent = "Controleren…"; };
      xhr.onload = function () {
        if (xhr.status < 400 && /\/taken\//.test(xhr.responseURL)) {
          window.location.href = xhr.responseURL;
          return;
        }
        var msg = "Er ging iets mis (" + xhr.status + ").";
        try {
          var ct = xhr.getResponseHeader("content-type") || "";
          if (ct.indexOf("json") >= 0) {
            msg = JSON.parse(xhr.responseText).error || msg;
          } else {
            var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
            var el = doc.querySelector(".error-message");
            if (el) msg = el.textContent.trim();
          }
        } catch (e) { /* keep the generic message */ }
        showError(form, msg);
        if (box) box.hidden = true;
        if (button) button.disabled = false;
      };
      xhr.onerror = function () {
        showError(form, "De verbinding met de server is verbroken.");
        if (box) box.hidden = true;
        if (button) button.disabled = false;
      };
      xhr.send(new FormData(form));
    });
  });

  function showError(form, msg) {
    var el = form.parentNode.querySelector(".alert-error");
    if (!el) {
      el = document.createElement("div");
      el.className = "alert alert-error error-message";
      form.parentNode.insertBefore(el, form);
    }
    el.textContent = msg;  // textContent: never HTML
  }

  // Job pages: poll the job until it is done, then reload to show the result.
  var job = document.querySelector("[data-job-id]");
  if (job) {
    var id = job.getAttribute("data-job-id");
    var bar = job.querySelector(".job-bar");
    var message = job.querySelector(".job-message");
    var state = job.querySelector(".job-state");
    var poll = function () {
      fetch("/api/jobs/" + encodeURIComponent(id), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (j.status === "done" || j.status === "failed") { window.location.reload(); return; }
          if (bar) bar.value = Math.round((j.progress || 0) * 100);
          if (message) message.textContent = j.message || "";
          if (state) state.textContent = j.status === "queued" ? "In de wachtrij" : "Bezig";
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 700);
  }

  // Findings: a click on a theme in the timeline opens its details.
  function openHash() {
    if (!location.hash) return;
    var el = document.getElementById(location.hash.slice(1));
    if (el && el.tagName === "DETAILS") { el.open = true; el.scrollIntoView({ block: "start" }); }
  }
  window.addEventListener("hashchange", openHash);
  openHash();

  // Register: the checkbox filter applies at once.
  var noEval = document.getElementById("zonder-evaluatie");
  if (noEval && noEval.form) {
    noEval.addEventListener("change", function () {
      var flag = noEval.form.querySelector("select[name=flag]");
      if (noEval.checked && flag) flag.value = "";
      noEval.form.submit();
    });
  }
})();
