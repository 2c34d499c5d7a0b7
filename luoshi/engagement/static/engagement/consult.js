// Selecting text inside one paragraph fills the passage fields: the paragraph's anchor and the
// character offsets of the selection within that paragraph's text. (Loaded deferred, from a
// file: the Content-Security-Policy runs no inline script.)
(function () {
  var form = document.getElementById("public-opinion-form");
  var box = document.getElementById("quote-box");
  if (!form || !box) { return; }  // the report is not out for comments
  function field(name) { return form.querySelector('[name="' + name + '"]'); }
  function clear() { ["anchor", "start", "end", "quote"].forEach(function (n) { field(n).value = ""; }); box.hidden = true; }
  document.getElementById("quote-clear").addEventListener("click", clear);
  document.getElementById("consult-text").addEventListener("mouseup", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    var paragraph = range.startContainer.parentElement && range.startContainer.parentElement.closest("p.selectable");
    if (!paragraph || paragraph !== (range.endContainer.parentElement && range.endContainer.parentElement.closest("p.selectable"))) { return; }
    var text = paragraph.firstChild.textContent;
    var before = document.createRange();
    before.setStart(paragraph.firstChild, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var start = before.toString().length;
    var quote = selection.toString().slice(0, text.length - start);
    if (!quote.trim()) { return; }
    field("anchor").value = paragraph.dataset.anchor;
    field("start").value = start;
    field("end").value = start + quote.length;
    field("quote").value = quote;
    document.getElementById("quote-text").textContent = quote;
    box.hidden = false;
  });
})();
