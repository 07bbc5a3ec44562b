"use strict";
(() => {
  const list = document.getElementById("list");
  if (!list) return;
  const rows = Array.from(list.querySelectorAll("details.finding"));
  const sevs = Array.from(document.querySelectorAll("#filters input[name=sev]"));
  const service = document.getElementById("f-service");
  const control = document.getElementById("f-control");
  const file = document.getElementById("f-file");
  const shown = document.getElementById("shown");
  const nomatch = document.getElementById("nomatch");

  const matchesControl = (row, value) => {
    if (!value) return true;
    const ids = (row.dataset.controls || "").split(" ");
    if (value.startsWith("fw:")) {
      const prefix = value.slice(3) + "/";
      return ids.some((id) => id.startsWith(prefix));
    }
    return ids.includes(value.slice(4));
  };

  const apply = () => {
    const on = new Set(sevs.filter((b) => b.checked).map((b) => b.value));
    let n = 0;
    for (const row of rows) {
      const ok =
        on.has(row.dataset.sev) &&
        (!service.value || row.dataset.service === service.value) &&
        matchesControl(row, control.value) &&
        (!file.value || "f:" + row.dataset.file === file.value);
      row.hidden = !ok;
      if (ok) n += 1;
    }
    shown.textContent = shown.dataset.fmt.replace("{shown}", String(n)).replace("{total}", String(rows.length));
    nomatch.hidden = n !== 0;
    list.hidden = n === 0;
  };

  const reset = () => {
    for (const b of sevs) b.checked = true;
    service.value = "";
    control.value = "";
    file.value = "";
    apply();
  };

  for (const el of [...sevs, service, control, file]) el.addEventListener("change", apply);
  for (const b of document.querySelectorAll("[data-reset]")) b.addEventListener("click", reset);

  // The rule's document is written once per rule and copied into a finding when it is opened.
  for (const row of rows) {
    row.addEventListener("toggle", () => {
      const slot = row.querySelector(".doc");
      if (!row.open || !slot || slot.childElementCount > 0) return;
      const tpl = document.getElementById("doc-" + row.dataset.rule);
      if (tpl) slot.appendChild(tpl.content.cloneNode(true));
    });
  }

  // "Show findings" of a control in the compliance summary.
  for (const b of document.querySelectorAll("[data-show-control]")) {
    b.addEventListener("click", () => {
      reset();
      control.value = "ctl:" + b.dataset.showControl;
      apply();
      document.getElementById("findings").scrollIntoView({ block: "start" });
    });
  }

  apply();
})();
