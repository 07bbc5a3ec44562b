"use strict";
(() => {
  const table = document.getElementById("controls");
  if (!table) return;
  const rows = Array.from(table.querySelectorAll("tr.ctl"));
  const groups = Array.from(table.querySelectorAll("tbody"));
  const boxes = Array.from(document.querySelectorAll("#filters input[name=status]"));
  const shown = document.getElementById("shown");
  const nomatch = document.getElementById("nomatch");

  const apply = () => {
    const on = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    let n = 0;
    for (const row of rows) {
      const ok = on.has(row.dataset.status);
      row.hidden = !ok;
      if (ok) n += 1;
    }
    // A heading stays only while one of its controls is shown.
    for (const g of groups) g.hidden = !g.querySelector("tr.ctl:not([hidden])");
    shown.textContent = shown.dataset.fmt.replace("{shown}", String(n)).replace("{total}", String(rows.length));
    nomatch.hidden = n !== 0;
    table.hidden = n === 0;
  };

  for (const b of boxes) b.addEventListener("change", apply);
  for (const b of document.querySelectorAll("[data-reset]")) {
    b.addEventListener("click", () => {
      for (const x of boxes) x.checked = true;
      apply();
    });
  }
  apply();
})();
