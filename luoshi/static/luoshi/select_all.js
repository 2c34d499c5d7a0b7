// A "select all" box: <input type="checkbox" data-select-all="NAME"> ticks or clears every
// checkbox named NAME in its form; <span data-selected-count="NAME"> shows how many are ticked.
// Without JavaScript the page still works: each box is ticked by hand.
(function () {
  function update(form, name) {
    var boxes = form.querySelectorAll('input[type=checkbox][name="' + name + '"]');
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) { ticked += 1; } });
    form.querySelectorAll('[data-selected-count="' + name + '"]').forEach(function (out) {
      out.textContent = String(ticked);
    });
    form.querySelectorAll('input[data-select-all="' + name + '"]').forEach(function (all) {
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement) || !target.form) { return; }
    var name = target.getAttribute("data-select-all");
    if (name) {
      target.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(
        function (box) { box.checked = target.checked; }
      );
    } else {
      name = target.name;
    }
    update(target.form, name);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-select-all]").forEach(function (all) {
      if (all.form) { update(all.form, all.getAttribute("data-select-all")); }
    });
  });
})();
