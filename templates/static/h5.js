// H5 workbench: the ticket form's customer picker. Typing in the search
// box asks /h5/customers/lookup for matches; choosing a customer fills
// the contact and opportunity choices from /h5/customers/{id}/links.
(function () {
  "use strict";

  function fill(select, items, keep) {
    if (!select) return;
    var current = keep ? select.value : "";
    while (select.options.length > 1) select.remove(1);
    items.forEach(function (it) {
      var o = new Option(it.label, String(it.id));
      if (String(it.id) === current) o.selected = true;
      select.add(o);
    });
  }

  function getJSON(url, done) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) done(data); })
      .catch(function () {});
  }

  function links(select) {
    var contact = document.getElementById("in-contact_id");
    var opp = document.getElementById("in-opportunity_id");
    if (!select.value) { fill(contact, []); fill(opp, []); return; }
    getJSON(select.dataset.links + encodeURIComponent(select.value) + "/links", function (d) {
      fill(contact, d.contacts, true);
      fill(opp, d.opportunities, true);
    });
  }

  document.querySelectorAll("input.picker-q").forEach(function (input) {
    var select = document.getElementById(input.dataset.picker);
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) return;
      timer = setTimeout(function () {
        getJSON(input.dataset.url + "?q=" + encodeURIComponent(q), function (items) {
          var chosen = select.value;
          fill(select, items, true);
          if (items.length && !chosen) {
            select.value = String(items[0].id);
            links(select);
          }
          select.dataset.count = String(items.length);
        });
      }, 250);
    });
    select.addEventListener("change", function () { links(select); });
  });
})();
