/* Make the book's charts interactive.
 *
 * Every chart is written into the page by paradiplomacy.charts.figure_html as a static SVG inside
 * <figure class="paradiplomacy-chart">, followed by its Vega-Lite spec in
 * <script type="application/json" class="vega-lite-spec">. When the Vega bundle served from this
 * site (_static/paradiplomacy-vega.js) has loaded, this script draws the same spec with vega-embed
 * (tooltips on hover) and hides the static SVG on screen; the static SVG stays for print and for
 * readers without JavaScript. Nothing is fetched from another host.
 */
(function () {
  "use strict";

  function enhance(figure) {
    var specNode = figure.querySelector("script.vega-lite-spec");
    var staticSvg = figure.querySelector(":scope > svg");
    if (!specNode || !staticSvg || figure.dataset.interactive === "yes") {
      return Promise.resolve();
    }
    var spec;
    try {
      spec = JSON.parse(specNode.textContent);
    } catch (err) {
      console.warn("paradiplomacy: unreadable chart spec; keeping the static chart", err);
      return Promise.resolve();
    }
    var holder = document.createElement("div");
    holder.className = "paradiplomacy-chart-interactive";
    holder.setAttribute("aria-hidden", "true");  // the figure's aria-label and caption describe it
    figure.insertBefore(holder, staticSvg);
    return window
      .vegaEmbed(holder, spec, { renderer: "svg", actions: false, tooltip: { theme: "light" } })
      .then(function () {
        staticSvg.classList.add("paradiplomacy-chart-static");
        figure.dataset.interactive = "yes";
      })
      .catch(function (err) {
        holder.remove();
        console.warn("paradiplomacy: interactive chart failed; keeping the static chart", err);
      });
  }

  function enhanceAll() {
    if (typeof window.vegaEmbed !== "function") {
      return;  // bundle missing: the static charts remain
    }
    document.querySelectorAll("figure.paradiplomacy-chart").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
