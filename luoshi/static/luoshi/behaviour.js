// Small behaviours every page may use, declared in the markup instead of inline handlers
// (the Content-Security-Policy runs no onclick= / onchange= / onsubmit= attributes):
//   <select data-autosubmit>        submits its form when the choice changes
//   <form data-confirm="question">  asks before it is sent; "cancel" keeps it unsent
(function () {
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.requestSubmit();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
