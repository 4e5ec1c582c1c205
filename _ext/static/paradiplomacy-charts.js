/* Make the book's charts interactive, once they are on screen.
 *
 * Every chart is written into the page by paradiplomacy.charts.figure_html as a static SVG inside
 * <figure class="paradiplomacy-chart">, followed by its Vega-Lite spec in
 * <script type="application/json" class="vega-lite-spec">. The static SVG is what the reader sees first
 * (and what prints, and what readers without JavaScript get). When a chart comes near the screen, this
 * script loads the Vega bundle served next to it (_static/paradiplomacy-vega.js, once per page and from
 * the browser cache afterwards), draws the same spec with vega-embed (tooltips on hover) and hides the
 * static SVG on screen. On a screen narrower than a chart (a phone), a single-view chart is drawn at the width
 * the page gives it (Vega-Lite's "container" width), so its text keeps its size; panels stacked one above the
 * other (chapter 1's respondent profile) are each given the column less their labels. Text that would be cut
 * short there (a timeline's event names, axis and legend labels) is broken into lines measured in the chart's
 * font. A page whose charts are never scrolled to never downloads the bundle.
 * Nothing is fetched from another host, and a copy opened from file:// works the same way (the bundle is
 * a classic script, not a module or a fetch).
 */
(function () {
  "use strict";

  var BUNDLE = "paradiplomacy-vega.js";
  var self = document.currentScript;
  // The bundle lives beside this script, wherever the page is (chapters/…, the root, file://).
  var bundleUrl = self && self.src ? self.src.replace(/[^\/?#]*([?#].*)?$/, BUNDLE) : null;
  var bundle = null;  // the Promise of the bundle, once requested
  // Stacked panels on a phone: the share of the column their y labels may take, and the pixels the rest of the
  // drawing takes beside the plot (the chart's padding, tick marks and the labels' padding).
  var LABEL_SHARE = 0.4;
  var PANEL_ALLOWANCE = 40;
  // A legend on a phone, below the plot (which starts after the y labels), one entry per row: what its labels leave.
  var LEGEND_ALLOWANCE = 170;
  var LEGEND_CHANNELS = ["color", "fill", "stroke", "shape", "size", "opacity", "strokeDash"];
  // Text broken into lines on a phone: the height of a line (px).
  var TEXT_LINE_PX = 14;

  function loadBundle() {
    if (typeof window.vegaEmbed === "function") {
      return Promise.resolve();
    }
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        if (!bundleUrl) {
          reject(new Error("cannot tell where " + BUNDLE + " is"));
          return;
        }
        var script = document.createElement("script");
        script.src = bundleUrl;
        script.async = true;
        script.onload = function () {
          typeof window.vegaEmbed === "function" ? resolve() : reject(new Error(BUNDLE + " defined no vegaEmbed"));
        };
        script.onerror = function () {
          reject(new Error("could not load " + bundleUrl));
        };
        document.head.appendChild(script);
      });
    }
    return bundle;
  }

  /* `text` (a string or lines) as lines broken between words, each as long as `fits(line)` allows. */
  function wrapWords(text, fits) {
    var lines = [""];
    [].concat(text).join(" ").split(/\s+/).forEach(function (word) {
      var last = lines[lines.length - 1];
      if (last && !fits(last + " " + word)) {
        lines.push(word);
      } else {
        lines[lines.length - 1] = last ? last + " " + word : word;
      }
    });
    return lines;
  }

  /* Lines of at most `perLine` characters. */
  function byChars(perLine) {
    return function (line) { return line.length <= perLine; };
  }

  /* Lines no wider than `room` pixels as `context` (see measurer) measures them. */
  function byWidth(room, context) {
    return function (line) { return context.measureText(line).width <= room; };
  }

  /* Call `visit(row)` for every row of the spec's inline datasets (where Altair puts a chart's data). */
  function eachRow(spec, visit) {
    Object.keys(spec.datasets || {}).forEach(function (name) {
      spec.datasets[name].forEach(visit);
    });
  }

  /* Break the text of the layer that the chart names (usermeta.paradiplomacy.wrap_text: a timeline's event names,
   * written above their dots) into lines that fit `width`, instead of cutting it short, and make each row taller
   * by a line for each line added. The lines go into a new field; the rows are still keyed on the whole text. */
  function wrapText(spec, width) {
    var wrap = ((spec.usermeta || {}).paradiplomacy || {}).wrap_text;
    var layer = wrap && spec.layer && spec.layer[wrap.layer];
    if (!layer || !layer.encoding || !layer.encoding.text) {
      return;
    }
    // The lines are measured in the chart's font at its text size, within the column less the chart's padding.
    var config = spec.config || {};
    var padding = typeof config.padding === "number" ? config.padding : 5;
    var context = measurer(spec, (layer.mark && layer.mark.fontSize) || (config.text && config.text.fontSize) || 11);
    var room = width - 2 * padding - 4;
    var field = wrap.field + "_lines";
    var most = 1;
    eachRow(spec, function (row) {
      if (typeof row[wrap.field] === "string") {
        row[field] = wrapWords(row[wrap.field], byWidth(room, context));
        most = Math.max(most, row[field].length);
      }
    });
    if (most < 2) {
      layer.mark = Object.assign({}, layer.mark, { limit: room });
      return;
    }
    // Vega writes the lines of a text downwards from its anchor: each text starts with as many empty lines as it is
    // short of the longest, and the anchor moves up by the lines added, so the last line sits just above the dot.
    eachRow(spec, function (row) {
      while (row[field] && row[field].length < most) {
        row[field].unshift("");
      }
    });
    layer.encoding.text = Object.assign({}, layer.encoding.text, { field: field });
    // Each line may run the width of the column (the plot, narrowed by the labels beyond its end, may be narrower).
    layer.mark = Object.assign({}, layer.mark, { lineHeight: TEXT_LINE_PX, limit: room,
                                                 dy: (layer.mark.dy || 0) - (most - 1) * TEXT_LINE_PX });
    if (spec.height && typeof spec.height.step === "number") {
      spec.height = { step: spec.height.step + (most - 1) * TEXT_LINE_PX };
    }
  }

  /* Whether a spec is one view (a mark or layers of marks), not panels. */
  function isSingle(spec) {
    return Boolean(spec.layer || spec.mark) && !(spec.vconcat || spec.hconcat || spec.concat || spec.facet || spec.repeat);
  }

  /* A canvas context that measures text in the chart's font at `size` px. */
  function measurer(spec, size) {
    var context = document.createElement("canvas").getContext("2d");
    context.font = size + "px " + ((spec.config || {}).font || "sans-serif");
    return context;
  }

  /* The distinct text values of `field` in the spec's inline datasets. */
  function fieldValues(spec, field) {
    var seen = {};
    eachRow(spec, function (row) {
      if (typeof row[field] === "string") {
        seen[row[field]] = true;
      }
    });
    return Object.keys(seen);
  }

  /* A Vega label expression that writes each of `values` too wide for `room` px on as many lines as it needs
   * (a lookup of the lines, measured here), and the most lines a label takes; expr is null when all fit on one. */
  function linesExpr(values, room, context) {
    var lines = {}, most = 1;
    values.forEach(function (value) {
      var wrapped = wrapWords(value, byWidth(room, context));
      if (wrapped.length > 1) {
        lines[value] = wrapped;
        most = Math.max(most, wrapped.length);
      }
    });
    return { expr: most > 1 ? "(" + JSON.stringify(lines) + ")[datum.label] || datum.label" : null, most: most };
  }

  /* A single-view spec and its layers: where its encodings are. */
  function views(spec) {
    return [spec].concat(spec.layer || []);
  }

  /* Fit a chart's title and its x axis titles to `width` pixels: a long one would leave the plot no room or be cut. */
  function wrapTitles(spec, width) {
    var title = spec.title;
    var text = typeof title === "string" || Array.isArray(title) ? title : title && title.text;
    if (text) {
      var lines = wrapWords(text, byChars(Math.max(16, Math.floor(width / 12))));  // the bold title's characters
      if (title && typeof title === "object" && !Array.isArray(title)) {
        title.text = lines;
      } else {
        spec.title = lines;
      }
    }
    views(spec).forEach(function (view) {
      var x = view.encoding && view.encoding.x;
      if (x && typeof x.title === "string") {
        x.title = wrapWords(x.title, byChars(Math.max(16, Math.floor((width - 100) / 7))));  // beside the y labels
      }
    });
  }

  function enhance(figure) {
    var specNode = figure.querySelector("script.vega-lite-spec");
    var staticSvg = figure.querySelector(":scope > svg");
    if (!specNode || !staticSvg || figure.dataset.interactive) {
      return Promise.resolve();
    }
    var spec;
    try {
      spec = JSON.parse(specNode.textContent);
    } catch (err) {
      console.warn("paradiplomacy: unreadable chart spec; keeping the static chart", err);
      return Promise.resolve();
    }
    // On a screen narrower than the chart (a phone), a single chart is drawn at the width it has, so its text
    // keeps its size instead of the whole drawing being scaled down; the marks take what the labels leave.
    var natural = parseFloat(staticSvg.getAttribute("width")) || 0;
    var style = window.getComputedStyle(figure);
    var column = figure.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
    var single = isSingle(spec);
    var stacked = Array.isArray(spec.vconcat) && spec.vconcat.every(isSingle);  // panels one above the other
    var fitted = natural > 0 && column > 0 && column < natural && (single || stacked);
    if (fitted && stacked) {
      // Each panel's plot takes the column less the labels beside it (cut at LABEL_SHARE of the column): the
      // panels share one scale, so they cannot each be "container" wide.
      var labels = Math.round(column * LABEL_SHARE);
      spec.config = spec.config || {};
      var plot = Math.max(80, column - labels - PANEL_ALLOWANCE);
      // A label longer than that goes on as many lines as it needs, and the rows are made tall enough for them.
      var axisLabels = {};
      var labelSize = (spec.config.axis && spec.config.axis.labelFontSize) || 11;
      spec.vconcat.forEach(function (panel) {
        views(panel).forEach(function (view) {
          var y = view.encoding && view.encoding.y;
          if (y && y.field && y.type === "nominal") {
            fieldValues(spec, y.field).forEach(function (v) { axisLabels[v] = true; });
          }
        });
      });
      var axisLines = linesExpr(Object.keys(axisLabels), labels, measurer(spec, labelSize));
      spec.config.axisY = Object.assign({}, spec.config.axisY, { labelLimit: labels, labelLineHeight: TEXT_LINE_PX },
                                        axisLines.expr ? { labelExpr: axisLines.expr } : {});
      spec.config.axisX = Object.assign({}, spec.config.axisX, { tickCount: Math.max(2, Math.floor(plot / 45)) });
      wrapTitles(spec, column);
      spec.vconcat.forEach(function (panel) {
        panel.width = plot;
        if (panel.height && typeof panel.height.step === "number") {
          panel.height = { step: Math.max(panel.height.step, axisLines.most * TEXT_LINE_PX + 2) };
        }
        wrapTitles(panel, column);
      });
    }
    if (fitted && single) {
      spec.width = "container";
      spec.autosize = { type: "fit-x", contains: "padding" };
      wrapTitles(spec, column);
      wrapText(spec, column);
      // A legend in one row would be wider than a phone: one entry per row.
      spec.config = spec.config || {};
      // A long label goes on as many lines as it needs (set on each legend: the legend config has no label
      // expression).
      var legendLabels = Math.max(80, column - LEGEND_ALLOWANCE);
      spec.config.legend = Object.assign({}, spec.config.legend,
                                         { columns: 1, labelLimit: legendLabels, labelLineHeight: TEXT_LINE_PX });
      var legendContext = measurer(spec, (spec.config.legend && spec.config.legend.labelFontSize) || 11);
      views(spec).forEach(function (view) {
        LEGEND_CHANNELS.forEach(function (channel) {
          var encoding = view.encoding && view.encoding[channel];
          if (encoding && encoding.legend !== null && typeof encoding.field === "string") {
            var expr = linesExpr(fieldValues(spec, encoding.field), legendLabels, legendContext).expr;
            encoding.legend = Object.assign({}, encoding.legend, { columns: 1 }, expr ? { labelExpr: expr } : {});
          }
        });
      });
    }
    figure.dataset.interactive = "loading";
    return loadBundle()
      .then(function () {
        var holder = document.createElement("div");
        holder.className = "paradiplomacy-chart-interactive" + (fitted ? " paradiplomacy-chart-fitted" : "");
        holder.setAttribute("aria-hidden", "true");  // the figure's label and caption describe it
        figure.insertBefore(holder, staticSvg);
        return window
          .vegaEmbed(holder, spec, { renderer: "svg", actions: false, tooltip: { theme: "light" } })
          .then(function () {
            staticSvg.classList.add("paradiplomacy-chart-static");
            figure.dataset.interactive = "yes";
          })
          .catch(function (err) {
            holder.remove();
            throw err;
          });
      })
      .catch(function (err) {
        figure.dataset.interactive = "failed";
        console.warn("paradiplomacy: interactive chart failed; keeping the static chart", err);
      });
  }

  function start() {
    var figures = document.querySelectorAll("figure.paradiplomacy-chart");
    if (!figures.length) {
      return;
    }
    if (!("IntersectionObserver" in window)) {
      figures.forEach(enhance);  // an old browser: draw them all
      return;
    }
    // Start a little before a chart reaches the screen, so it is drawn by the time it is read.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          enhance(entry.target);
        }
      });
    }, { rootMargin: "300px 0px" });
    figures.forEach(function (figure) {
      observer.observe(figure);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
