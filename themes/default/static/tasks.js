// Marks open tasks as overdue or due soon from today's date on this
// computer, and filters the task list of theo-doi/ by unit and issuer.
// The HTML itself carries every date, so it lists everything without this.
(function () {
  "use strict";
  var DUE_SOON_DAYS = 7;

  function isoToday() {
    var d = new Date();
    var m = d.getMonth() + 1, day = d.getDate();
    return d.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (day < 10 ? "0" : "") + day;
  }

  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000;
  }

  function mark(today) {
    var now = dayNumber(today);
    document.querySelectorAll(".tasks").forEach(function (box) {
      box.querySelectorAll("li.task[data-deadline]").forEach(function (li) {
        var left = dayNumber(li.getAttribute("data-deadline")) - now;
        var flag = li.querySelector(".due-flag");
        li.classList.remove("is-overdue", "is-due-soon");
        var label = null;
        if (left < 0) {
          li.classList.add("is-overdue");
          label = box.getAttribute("data-overdue");
        } else if (left <= DUE_SOON_DAYS) {
          li.classList.add("is-due-soon");
          label = box.getAttribute("data-due-soon");
        }
        if (flag) {
          flag.textContent = label || "";
          flag.hidden = !label;
        }
      });
    });
  }

  function filters() {
    var form = document.querySelector("form.task-filters");
    if (!form) return;
    form.hidden = false;
    var count = document.querySelector(".shown-count");
    function apply() {
      var unit = form.elements.unit.value, issuer = form.elements.issuer.value, shown = 0;
      document.querySelectorAll("li.task").forEach(function (li) {
        var ok = (!unit || li.getAttribute("data-unit") === unit) &&
          (!issuer || li.getAttribute("data-issuer") === issuer);
        li.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = String(shown);
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }

  mark(isoToday());
  filters();
})();
