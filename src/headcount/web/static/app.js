// headcount workbench: charts from the JSON blocks the server wrote, and keyboard shortcuts.
// No inline script anywhere (the Content-Security-Policy forbids it); everything starts here.
(function () {
  "use strict";

  function data(id) {
    var block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  }

  // Vega-Lite charts: <div class="chart" data-vega="ID-of-a-JSON-spec-block">.
  function drawVega(root) {
    if (!window.vegaEmbed) return;
    root.querySelectorAll("[data-vega]").forEach(function (el) {
      var spec = data(el.dataset.vega);
      if (!spec) return;
      var geometry = el.dataset.geometry;
      var draw = function (topology) {
        if (topology) spec.data = { values: topology, format: { type: "topojson", feature: "countries" } };
        window.vegaEmbed(el, spec, {
          mode: "vega-lite", actions: false, renderer: "svg", ast: true, defaultStyle: false,
          expr: window.vegaInterpreter.expressionInterpreter
        }).then(function () { el.dataset.drawn = "true"; }).catch(function (e) {
          el.textContent = "The chart could not be drawn: " + e;
        });
      };
      if (geometry) {
        fetch(geometry, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(draw);
      } else {
        draw(null);
      }
    });
  }

  // ECharts Sankey: <div class="sankey" data-sankey="ID-of-a-JSON-block">.
  function drawSankey(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-sankey]").forEach(function (el) {
      var flows = data(el.dataset.sankey);
      if (!flows || !flows.links.length) return;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "item" },
        series: [{
          type: "sankey", data: flows.nodes, links: flows.links, emphasis: { focus: "adjacency" },
          nodeAlign: "left", lineStyle: { color: "gradient", curveness: 0.5 },
          label: { fontSize: 11, formatter: function (p) { return p.name.split(":")[1]; } }
        }]
      });
      el.dataset.drawn = "true";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  // Review queue: s same, d different, u unsure, n note, j/k next/previous pair.
  function shortcuts(event) {
    var form = document.querySelector("form[data-shortcuts]");
    if (!form || event.ctrlKey || event.metaKey || event.altKey) return;
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    var decisions = { s: "same", d: "different", u: "unsure" };
    if (decisions[event.key]) {
      var button = form.querySelector('button[value="' + decisions[event.key] + '"]');
      if (button) { event.preventDefault(); button.click(); }
    } else if (event.key === "n") {
      var note = form.querySelector("textarea");
      if (note) { event.preventDefault(); note.focus(); }
    } else if (event.key === "j" || event.key === "k") {
      var link = document.querySelector(event.key === "j" ? "a[data-next]" : "a[data-previous]");
      if (link) { event.preventDefault(); link.click(); }
    }
  }

  function start(root) { drawVega(root); drawSankey(root); }
  document.addEventListener("DOMContentLoaded", function () { start(document); });
  document.addEventListener("htmx:afterSettle", function (e) { start(e.target); });
  document.addEventListener("keydown", shortcuts);
})();
