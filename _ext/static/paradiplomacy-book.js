/* The book's own script (served from _static by book_assets.py, deferred, on pages with a table or a folded output).
 *
 * 1. Keyboard access to the outputs inside a "Show code cell output" box or a dropdown (a solution), once it is
 *    opened. The book's stylesheet does not render a closed box's content (paradiplomacy-book.css), so the
 *    theme's load-time pass that makes wide outputs focusable (tabindex 0, so they scroll with the keyboard)
 *    finds them empty. When a reader opens a box, the same rule is applied to what it holds.
 * 2. On a narrow screen (a phone, up to 48rem), a table that does not fit the text column is shown as stacked
 *    records: each row becomes a block and each cell reads "column: value" (class paradiplomacy-stacked, see
 *    paradiplomacy-book.css). A table is measured when it comes near the screen, when the window's width changes
 *    and when a box holding it is opened; one that fits again goes back to rows and columns; on a wider screen a table that is still too
 *    wide scrolls inside its box. Cells keep their table roles (role attributes), so screen readers still announce a table.
 *    Without JavaScript, or for a table whose header has a cell spanning rows, the table scrolls sideways inside
 *    its box instead.
 */
(function () {
  "use strict";

  var SCROLLABLE = "pre, .cell_output > .output, .pst-scrollable-table-container";
  var TABLES = "figure > div.output.text_html table, .cell_output .output.text_html table";
  var STACKED = "paradiplomacy-stacked";
  /* Stacking is for narrow screens; on a wider one a table that is still too wide scrolls inside its box. */
  var NARROW = window.matchMedia("(max-width: 48rem)");

  /* Column labels of a table, one per column: with several header rows the labels of a column are joined
   * ("Distribution (%) 1"); a header cell spanning columns labels each of them. Null when the header has a cell
   * spanning rows, or rows of different widths. */
  function columnLabels(table) {
    var head = table.tHead;
    if (!head || head.rows.length === 0) {
      return null;
    }
    var labels = null;
    for (var r = 0; r < head.rows.length; r++) {
      var row = [];
      var cells = head.rows[r].cells;
      for (var i = 0; i < cells.length; i++) {
        if (cells[i].rowSpan !== 1) {
          return null;
        }
        var text = cells[i].textContent.replace(/\s+/g, " ").trim();
        for (var k = 0; k < cells[i].colSpan; k++) {
          row.push(text);
        }
      }
      if (labels === null) {
        labels = row;
      } else if (row.length !== labels.length) {
        return null;
      } else {
        labels = labels.map(function (label, c) {
          return row[c] && row[c] !== label ? (label ? label + " " + row[c] : row[c]) : label;
        });
      }
    }
    return labels;
  }

  /* Label every body cell with its column, and give every part its table role (kept when stacked). */
  function prepare(table) {
    if (table.dataset.stackable) {
      return table.dataset.stackable === "yes";
    }
    var labels = columnLabels(table);
    var body = table.tBodies;
    var ok = labels !== null && body.length > 0;
    for (var b = 0; ok && b < body.length; b++) {
      for (var r = 0; r < body[b].rows.length; r++) {
        if (body[b].rows[r].cells.length !== labels.length) {
          ok = false;
        }
      }
    }
    table.dataset.stackable = ok ? "yes" : "no";
    if (!ok) {
      return false;
    }
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
    table.querySelectorAll("tr").forEach(function (row) { row.setAttribute("role", "row"); });
    table.tHead.querySelectorAll("th").forEach(function (th) { th.setAttribute("role", "columnheader"); });
    for (b = 0; b < body.length; b++) {
      for (r = 0; r < body[b].rows.length; r++) {
        var cells = body[b].rows[r].cells;
        for (var c = 0; c < cells.length; c++) {
          cells[c].setAttribute("role", cells[c].tagName === "TH" ? "rowheader" : "cell");
          cells[c].setAttribute("data-label", labels[c]);
        }
      }
    }
    return true;
  }

  /* Stack `table` if it is wider than its box on a narrow screen; unstack it if it fits again. False while the
   * table is hidden (a closed box), so it is measured again later. */
  function fitTable(table) {
    var box = table.parentElement;
    if (!box || box.clientWidth === 0 || !prepare(table)) {
      return false;
    }
    if (table.classList.contains(STACKED)) {
      table.classList.remove(STACKED);  // measure it as a table
    }
    if (NARROW.matches && table.scrollWidth > box.clientWidth + 1) {
      table.classList.add(STACKED);
    }
    return true;
  }

  function fit(root) {
    root.querySelectorAll(TABLES).forEach(fitTable);
  }

  /* Tables are measured as they come near the screen, not all on load: laying out a page's every table (chapter
   * 9 holds the whole registry) would keep a phone busy for half a second before the reader can scroll. */
  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting && fitTable(entry.target)) {
        observer.unobserve(entry.target);
      }
    });
  }, { rootMargin: "600px 0px" }) : null;

  function watch() {
    if (!observer) {
      fit(document);
      return;
    }
    document.querySelectorAll(TABLES).forEach(function (table) { observer.observe(table); });
  }

  /* When the width changes (a phone turned, a window resized), measure every shown table again. Mobile browsers
   * also fire resize when the address bar hides, which changes only the height: nothing to do then. */
  var width = window.innerWidth;
  var pending = 0;
  window.addEventListener("resize", function () {
    if (window.innerWidth === width) {
      return;
    }
    width = window.innerWidth;
    window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(function () { fit(document); });
  });

  /* A box was opened: measure its tables, and give what scrolls in it a tab stop (the theme's pass on load found
   * it not rendered). */
  function opened(box) {
    fit(box);
    box.querySelectorAll(SCROLLABLE).forEach(function (element) {
      var scrolls = element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight;
      element.tabIndex = scrolls ? 0 : -1;
    });
  }

  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (box.open && box.matches && box.matches("details.hide")) {
      opened(box);
    } else if (box.open && box.querySelectorAll) {
      fit(box);
    }
  }, true);  // toggle does not bubble: listen while it goes down

  // A dropdown (sphinx-togglebutton: a solution, chapter 9's registry) opens when its class toggle-hidden goes.
  if ("MutationObserver" in window) {
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        var box = change.target;
        if (box.classList.contains("toggle") && !box.classList.contains("toggle-hidden") &&
            /(^|\s)toggle-hidden(\s|$)/.test(change.oldValue || "")) {
          opened(box);
        }
      });
    }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["class"],
                                           attributeOldValue: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
