// The header's menus, as disclosures (the WAI-ARIA "disclosure navigation" pattern): a
//   <button data-disclosure aria-expanded="false" aria-controls="PANEL-ID">
// opens and closes the panel it controls; header.css shows the panel while aria-expanded is
// "true". Enter and Space work as on any button; Tab moves through the panel's links.
// One menu is open at a time (a group inside the open 菜单 panel keeps that panel open);
// Escape closes the innermost open menu and returns to its button; a click elsewhere, or the
// keyboard's focus leaving a menu, closes it. No inline handlers: the Content-Security-Policy
// runs none.
(function () {
  var SELECTOR = "[data-disclosure]";

  function all() {
    return Array.prototype.slice.call(document.querySelectorAll(SELECTOR));
  }
  function panelOf(button) {
    return document.getElementById(button.getAttribute("aria-controls") || "");
  }
  function isOpen(button) {
    return button.getAttribute("aria-expanded") === "true";
  }
  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  // Whether `node` is the button or lies in its panel.
  function within(button, node) {
    var panel = panelOf(button);
    return !!node && (button === node || button.contains(node) || (!!panel && panel.contains(node)));
  }
  // Close every open menu except `keep` and those holding it.
  function closeOthers(keep) {
    all().forEach(function (button) {
      if (button !== keep && isOpen(button) && !(keep && within(button, keep))) {
        setOpen(button, false);
      }
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var button = target ? target.closest(SELECTOR) : null;
    if (button) {
      var opening = !isOpen(button);
      closeOthers(button);
      setOpen(button, opening);
      return;
    }
    all().forEach(function (open) {
      if (isOpen(open) && !within(open, target)) {
        setOpen(open, false);
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = all().filter(isOpen);
    if (!open.length) {
      return;
    }
    // The innermost open menu holding the focus, else every open one.
    var holding = open.filter(function (button) {
      return within(button, document.activeElement);
    });
    var innermost = holding.filter(function (button) {
      return !holding.some(function (other) {
        return other !== button && within(button, other);
      });
    });
    var closing = innermost.length ? innermost : open;
    closing.forEach(function (button) {
      setOpen(button, false);
    });
    if (innermost.length && typeof innermost[0].focus === "function") {
      innermost[0].focus();
    }
  });

  // Tabbing out of a menu closes it; a click on a non-focusable spot gives no new focus
  // (relatedTarget is null) and is left to the click handler.
  document.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (!(next instanceof Element)) {
      return;
    }
    all().forEach(function (button) {
      if (isOpen(button) && within(button, event.target) && !within(button, next)) {
        setOpen(button, false);
      }
    });
  });
})();
