/*
 * The interactive graph of /network/ (templates/meetings/network.html), drawn with the
 * vendored Cytoscape.js (static/vendor/cytoscape, MIT). The data comes from the page's
 * <script type="application/json" id="network-data">; without script the ranked list of
 * pairs below the graph says the same. Selecting a leader or a pair opens its page.
 */
(function () {
  "use strict";

  function start() {
    var source = document.getElementById("network-data");
    var figure = document.getElementById("network-figure");
    var container = document.getElementById("network-graph");
    if (!source || !figure || !container || typeof window.cytoscape !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.edges.length) {
      return;
    }
    figure.hidden = false;
    var top = Math.max.apply(null, data.edges.map(function (e) { return e.meetings; }));
    var elements = data.nodes.map(function (node) {
      return { group: "nodes", data: node };
    }).concat(data.edges.map(function (edge) {
      var copy = Object.assign({}, edge);
      copy.width = 1 + 7 * Math.sqrt(edge.meetings / top);
      return { group: "edges", data: copy };
    }));
    var colours = getComputedStyle(container);
    var accent = colours.getPropertyValue("--accent").trim() || "#1f4e8c";
    var text = colours.getPropertyValue("--text").trim() || "#1d1c1a";
    var rule = colours.getPropertyValue("--rule-strong").trim() || "#c9c3b6";
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "background-color": accent, "width": "data(size)", "height": "data(size)",
          "label": "data(label)", "font-size": 11, "color": text,
          "text-valign": "bottom", "text-margin-y": 3,
          "text-background-color": "#ffffff", "text-background-opacity": 0.8,
          "text-background-padding": 1 } },
        { selector: "edge", style: {
          "width": "data(width)", "line-color": rule, "curve-style": "haystack",
          "opacity": 0.9 } },
        { selector: "node:active, node.hovered", style: { "background-color": text } },
        { selector: "edge.hovered", style: { "line-color": accent } }
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 20000,
                idealEdgeLength: 110, nodeOverlap: 20, padding: 16 }
    });
    container.parleyGraph = cy;  // for the browser tests, which find a leader's circle
    cy.on("tap", "node, edge", function (event) {
      window.location.assign(event.target.data("url"));
    });
    cy.on("mouseover", "node, edge", function (event) {
      event.target.addClass("hovered");
      container.title = event.target.isNode()
        ? event.target.data("label") + ": " + event.target.data("meetings") + " meetings"
        : event.target.data("label") + ": " + event.target.data("meetings") + " meetings together";
    });
    cy.on("mouseout", "node, edge", function (event) {
      event.target.removeClass("hovered");
      container.title = "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
