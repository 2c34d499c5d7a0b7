// A "打印" button for document pages: <button type="button" data-print hidden>打印</button>.
// It opens the browser's print dialog; the page's print style sheet leaves the button and
// the rest of the site off the paper. Without JavaScript the button stays hidden (the
// browser's own 打印 still works), and no inline handler is needed under the CSP.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
    });
  });
  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target instanceof Element ? target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
