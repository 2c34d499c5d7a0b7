// Unit pickers and date hints (see luoshi/core/widgets.py). Every control works without this
// script: a plain <select>, a box of checkboxes, an <input type=date>. With it:
//   <select data-unit-search>          gets a search box (a combobox): type 发改 or fg, move
//                                      with ↑/↓, pick with Enter or a click, Esc to go back;
//                                      the <select> stays in the form and holds the value.
//   <div data-unit-checklist>          shows its filter box and the ticked units as chips
//                                      (a chip's button unticks it); hides the unit chosen in
//                                      the lead field named by data-lead-field, and unticks it.
//   <span data-date-hint>              shown only where the browser has no date picker.
// The options are in the page once; searching filters them here, without a request.
(function () {
  "use strict";
  var counter = 0;

  function norm(text) { return (text || "").replace(/\s+/g, "").toLowerCase(); }

  // How well a unit's name answers the query, lower is better, -1 not at all: the words as
  // typed (交通), its pinyin initials (jt), or its characters in order, as officials shorten
  // names (发改 for 发展和改革局).
  function rank(query, text, initials) {
    if (!query) { return 0; }
    var name = norm(text);
    if (name.indexOf(query) !== -1) { return 0; }
    if (initials && initials.indexOf(query) !== -1) { return 1; }
    var at = 0;
    for (var i = 0; i < name.length && at < query.length; i += 1) {
      if (name.charAt(i) === query.charAt(at)) { at += 1; }
    }
    return at === query.length ? 2 : -1;
  }
  function matches(query, text, initials) { return rank(query, text, initials) !== -1; }

  // --- one unit: a combobox over the <select> --------------------------------------------
  function enhanceSelect(select) {
    if (select.dataset.unitReady) { return; }
    select.dataset.unitReady = "1";
    counter += 1;
    var base = select.id || "unit-search-" + counter;
    var wrap = document.createElement("div");
    wrap.className = "unit-combo";
    select.parentNode.insertBefore(wrap, select);
    var input = document.createElement("input");
    input.type = "text";
    input.id = base + "-search";
    input.className = "unit-combo-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("placeholder", select.dataset.placeholder || "");
    var list = document.createElement("ul");
    list.id = base + "-list";
    list.className = "unit-combo-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    var empty = document.createElement("div");
    empty.className = "unit-combo-empty help";
    empty.textContent = select.dataset.noMatch || "";
    empty.hidden = true;
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(empty);
    wrap.appendChild(select);
    // The <select> keeps the value and is sent with the form; people use the box above it.
    select.classList.add("unit-native");
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    if (select.required) { input.required = true; }
    if (select.id) {
      document.querySelectorAll('label[for="' + select.id + '"]').forEach(function (label) {
        label.htmlFor = input.id;
      });
    } else if (select.getAttribute("aria-label")) {
      input.setAttribute("aria-label", select.getAttribute("aria-label"));
    }
    if (select.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", "true"); }

    var shown = [];  // the options listed now, in order
    var active = -1;

    function chosenText() {
      var option = select.options[select.selectedIndex];
      return option && option.value ? option.text : "";
    }
    function setActive(index) {
      var items = list.children;
      if (active >= 0 && items[active]) { items[active].classList.remove("active"); items[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (active >= 0 && items[active]) {
        items[active].classList.add("active");
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function close() {
      list.hidden = true;
      empty.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function open(query) {
      var q = norm(query);
      list.textContent = "";
      shown = [];
      var found = [];
      Array.prototype.forEach.call(select.options, function (option, index) {
        if (!option.value || option.disabled) { return; }
        var score = rank(q, option.text, option.dataset.initials);
        if (score !== -1) { found.push({ option: option, score: score, index: index }); }
      });
      // Closer matches first; the page's order (the region's own) among equals.
      found.sort(function (a, b) { return a.score - b.score || a.index - b.index; });
      found.forEach(function (hit) {
        var item = document.createElement("li");
        item.id = base + "-option-" + shown.length;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = hit.option.text;
        if (hit.option.selected) { item.classList.add("current"); }
        list.appendChild(item);
        shown.push(hit.option);
      });
      list.hidden = shown.length === 0;
      empty.hidden = shown.length !== 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      active = -1;
      if (q && shown.length) { setActive(0); }
    }
    function pick(option) {
      select.value = option.value;
      input.value = option.text;
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    // What the box says must be what the form sends: on leaving it, a text naming exactly
    // one unit picks it, an emptied box clears the choice, anything else goes back.
    function settle() {
      var q = norm(input.value);
      if (!q) {
        if (select.value && select.querySelector('option[value=""]')) {
          select.value = "";
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
        input.value = chosenText();
        return;
      }
      if (q === norm(chosenText())) { input.value = chosenText(); return; }
      var exact = Array.prototype.filter.call(select.options, function (o) { return o.value && norm(o.text) === q; });
      if (exact.length === 1) { pick(exact[0]); } else { input.value = chosenText(); }
    }

    input.value = chosenText();
    input.addEventListener("focus", function () { input.select(); });
    input.addEventListener("click", function () { if (list.hidden) { open(""); } });
    input.addEventListener("input", function () { open(input.value); });
    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { open(input.value === chosenText() ? "" : input.value); }
        if (!shown.length) { return; }
        var next = key === "ArrowDown" ? active + 1 : active - 1;
        setActive((next + shown.length) % shown.length);
      } else if (key === "Enter") {
        if (!list.hidden) {
          event.preventDefault();  // picks a unit; does not send the form
          if (active >= 0 && shown[active]) { pick(shown[active]); }
          else if (shown.length === 1) { pick(shown[0]); }
        }
      } else if (key === "Escape") {
        if (!list.hidden) { event.preventDefault(); }
        close();
        input.value = chosenText();
      }
    });
    input.addEventListener("blur", function () { close(); settle(); });
    // Keep the focus in the box while a click on the list picks.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var item = event.target.closest("li[role=option]");
      if (!item) { return; }
      var index = Array.prototype.indexOf.call(list.children, item);
      if (shown[index]) { pick(shown[index]); }
    });
    select.addEventListener("change", function () {
      if (document.activeElement !== input) { input.value = chosenText(); }
    });
  }

  // --- several units: checkboxes with a filter and chips -----------------------------------
  function enhanceChecklist(box) {
    if (box.dataset.unitReady) { return; }
    box.dataset.unitReady = "1";
    var filter = box.querySelector("[data-unit-filter]");
    var chips = box.querySelector("[data-unit-chips]");
    var none = box.querySelector("[data-unit-none]");
    var labels = Array.prototype.slice.call(box.querySelectorAll("label.unit-option"));
    var form = box.closest("form");
    var leadName = box.dataset.leadField;
    var lead = form && leadName ? form.querySelector('select[name="' + leadName + '"]') : null;
    filter.hidden = false;
    chips.hidden = false;

    function boxOf(label) { return label.querySelector("input[type=checkbox]"); }
    function nameOf(label) { return label.textContent.trim(); }

    function renderChips() {
      chips.textContent = "";
      var ticked = labels.filter(function (label) { return boxOf(label).checked; });
      if (!ticked.length) {
        var nothing = document.createElement("span");
        nothing.className = "muted small";
        nothing.textContent = box.dataset.noneChosen || "";
        chips.appendChild(nothing);
        return;
      }
      ticked.forEach(function (label) {
        var chip = document.createElement("button");
        chip.type = "button";
        chip.className = "unit-chip";
        chip.dataset.value = boxOf(label).value;
        chip.setAttribute("aria-label", (box.dataset.removeWord || "") + " " + nameOf(label));
        var text = document.createElement("span");
        text.textContent = nameOf(label);
        var cross = document.createElement("span");
        cross.className = "unit-chip-x";
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = "×";
        chip.appendChild(text);
        chip.appendChild(cross);
        chips.appendChild(chip);
      });
    }
    function applyFilter() {
      var q = norm(filter.value);
      var leadValue = lead ? lead.value : "";
      var visible = 0;
      labels.forEach(function (label) {
        var input = boxOf(label);
        var isLead = !!leadValue && input.value === leadValue;
        var show = !isLead && matches(q, nameOf(label), input.dataset.initials);
        label.hidden = !show;
        if (show) { visible += 1; }
      });
      none.hidden = visible !== 0 || !labels.length;
      return visible;
    }
    function syncLead() {
      if (lead && lead.value) {
        labels.forEach(function (label) {
          var input = boxOf(label);
          if (input.value === lead.value && input.checked) { input.checked = false; }
        });
      }
      applyFilter();
      renderChips();
    }

    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();  // Enter ticks the one unit left, never sends the form
      var left = labels.filter(function (label) { return !label.hidden; });
      if (left.length === 1) {
        var input = boxOf(left[0]);
        input.checked = !input.checked;
        filter.value = "";
        applyFilter();
        renderChips();
      }
    });
    box.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") { renderChips(); }
    });
    chips.addEventListener("click", function (event) {
      var chip = event.target.closest(".unit-chip");
      if (!chip) { return; }
      var input = labels.map(boxOf).filter(function (i) { return i.value === chip.dataset.value; })[0];
      if (input) { input.checked = false; }
      renderChips();
      var next = chips.querySelector(".unit-chip");
      (next || filter).focus();
    });
    if (lead) { lead.addEventListener("change", syncLead); }
    syncLead();
  }

  // --- dates: the format, where the browser shows a text box ---------------------------------
  function showDateHint(hint) {
    var input = hint.previousElementSibling;
    if (input && input.tagName === "INPUT" && input.type !== input.getAttribute("type")) {
      hint.hidden = false;
    }
  }

  function enhance(root) {
    root.querySelectorAll("select[data-unit-search]").forEach(enhanceSelect);
    root.querySelectorAll("[data-unit-checklist]").forEach(enhanceChecklist);
    root.querySelectorAll("[data-date-hint]").forEach(showDateHint);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // Content htmx swaps in later gets the same treatment.
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) { enhance(event.target); }
  });
})();
