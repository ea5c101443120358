// Dashboard: draws each chart described in #chart-data with Chart.js
// (vendored, /h5/static/vendor/chart.umd.js). The same numbers are in
// the table under each chart, for screen readers and without scripts.
(function () {
  "use strict";
  var data = document.getElementById("chart-data");
  if (!data || typeof Chart === "undefined") return;
  var palette = ["#1677ff", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  JSON.parse(data.textContent).forEach(function (c) {
    var canvas = document.getElementById("chart-" + c.id);
    if (!canvas) return;
    var many = (c.series || []).length > 1;
    var datasets = (c.series || []).map(function (s, i) {
      var colour = palette[i % palette.length];
      return {
        label: s.label,
        data: s.data,
        backgroundColor: many || c.kind === "line" ? colour : (c.labels || []).map(function (_, j) { return palette[j % palette.length]; }),
        borderColor: colour,
        borderWidth: c.kind === "line" ? 2 : 0,
        tension: 0.25,
        pointRadius: c.kind === "line" ? 2 : 0,
        maxBarThickness: 36
      };
    });
    new Chart(canvas, {
      type: c.kind,
      data: { labels: c.labels || [], datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: c.horizontal ? "y" : "x",
        plugins: { legend: { display: many, position: "bottom" } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
    canvas.dataset.drawn = "1";
  });
})();
