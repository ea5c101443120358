// Public web-to-case form: sends the form as JSON to the API's
// POST /public/forms/{token} and shows the receipt, or each problem
// beside its field.
(function () {
  "use strict";
  var form = document.getElementById("public-form");
  if (!form) return;
  var receipt = document.getElementById("receipt");
  var problem = document.getElementById("form-problem");

  function value(el) {
    if (el.type === "number") return el.value === "" ? undefined : Number(el.value);
    if (el.type === "datetime-local") return el.value ? el.value + ":00" + form.dataset.zone : undefined;
    return el.value.trim() === "" ? undefined : el.value.trim();
  }

  function body() {
    var out = { custom_fields: {} };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.name.indexOf("custom.") === 0) {
        var key = el.name.slice(7);
        if (el.type === "checkbox") {
          if (el.checked) (out.custom_fields[key] = out.custom_fields[key] || []).push(el.value);
          return;
        }
        var v = value(el);
        if (v !== undefined) out.custom_fields[key] = v;
        return;
      }
      if (el.name === "website") { out.website = el.value; return; }
      var s = el.value.trim();
      if (s !== "") out[el.name] = s;
    });
    return out;
  }

  function clear() {
    form.querySelectorAll(".err").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    problem.hidden = true;
  }

  function show(fields) {
    Object.keys(fields || {}).forEach(function (k) {
      var slug = k.replace(/\./g, "-");
      var p = document.getElementById("err-" + slug);
      var el = document.getElementById("in-" + slug);
      if (p) { p.textContent = fields[k]; p.hidden = false; }
      if (el) el.setAttribute("aria-invalid", "true");
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clear();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    button.dataset.label = button.textContent;
    button.textContent = form.dataset.sending;
    fetch(form.action, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body()) })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, d: d }; }); })
      .then(function (res) {
        if (res.ok) {
          form.hidden = true;
          receipt.textContent = form.dataset.done.replace("%s", res.d.number);
          receipt.hidden = false;
          return;
        }
        problem.textContent = res.d.message || form.dataset.failed;
        problem.hidden = false;
        show(res.d.fields);
      })
      .catch(function () { problem.textContent = form.dataset.failed; problem.hidden = false; })
      .then(function () { button.disabled = false; button.textContent = button.dataset.label; });
  });
})();
