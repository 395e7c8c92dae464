// newsfacts: what GX's Data Docs get from jQuery and Bootstrap's JavaScript, without either (no CDN).
// Tabs and "Show more info..." (data-toggle), clickable index rows (data-href), and the validation
// page's "Show All" / "Failed Only" filter, whose buttons call the two functions below.
document.addEventListener("click", function (event) {
  var row = event.target.closest("tr[data-href]");
  if (row && !event.target.closest("a")) {
    window.location.href = row.getAttribute("data-href");
    return;
  }
  var toggle = event.target.closest("[data-toggle=tab], [data-toggle=collapse]");
  if (!toggle) return;
  event.preventDefault();
  var target = document.getElementById(toggle.getAttribute("href").slice(1));
  if (!target) return;
  if (toggle.getAttribute("data-toggle") === "collapse") {
    target.classList.toggle("show");
    toggle.setAttribute("aria-expanded", String(target.classList.contains("show")));
    return;
  }
  toggle.closest(".nav").querySelectorAll("[data-toggle=tab]").forEach(function (tab) {
    tab.classList.toggle("active", tab === toggle);
    tab.setAttribute("aria-selected", String(tab === toggle));
  });
  target.parentElement.querySelectorAll(":scope > .tab-pane").forEach(function (pane) {
    pane.classList.toggle("active", pane === target);
    pane.classList.toggle("show", pane === target);
  });
});

function setSucceededValidationsShown(shown) {
  var hidden = [];
  document.querySelectorAll(".hide-succeeded-validation-target-child").forEach(function (el) {
    hidden.push(el.parentElement);
  });
  document.querySelectorAll(".hide-succeeded-validation-target").forEach(function (el) { hidden.push(el); });
  document.querySelectorAll(".hide-succeeded-validations-column-section-target-child").forEach(function (el) {
    var section = el.parentElement.parentElement;
    hidden.push(section);
    document.querySelectorAll('a[href$="' + section.id + '"]').forEach(function (a) { hidden.push(a); });
  });
  hidden.forEach(function (el) { el.style.display = shown ? "" : "none"; });
}

function showAllValidations() { setSucceededValidationsShown(true); }

function hideSucceededValidations() { setSucceededValidationsShown(false); }
