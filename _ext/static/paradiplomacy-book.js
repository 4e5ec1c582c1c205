/* Keyboard access to the outputs inside a "Show code cell output" box, once it is opened.
 *
 * The book's stylesheet does not render a closed box's content (paradiplomacy-book.css), so the theme's
 * load-time pass that makes wide outputs focusable (tabindex 0, so they scroll with the keyboard) finds
 * them empty. When a reader opens a box, the same rule is applied to what it holds.
 */
(function () {
  "use strict";

  var SCROLLABLE = "pre, .cell_output > .output, .pst-scrollable-table-container";

  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (!box.open || !box.matches || !box.matches("details.hide")) {
      return;
    }
    box.querySelectorAll(SCROLLABLE).forEach(function (element) {
      var scrolls = element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight;
      element.tabIndex = scrolls ? 0 : -1;
    });
  }, true);  // toggle does not bubble: listen while it goes down
})();
