// Escape closes an open menu (a <details>) and gives the focus back to its summary: what a
// keyboard user expects of a menu. Everything works without this file.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  var open = document.querySelectorAll("details[open]");
  for (var i = 0; i < open.length; i++) {
    var details = open[i];
    if (details.contains(document.activeElement)) {
      details.removeAttribute("open");
      var summary = details.querySelector("summary");
      if (summary) summary.focus();
      event.preventDefault();
      return;
    }
  }
});
