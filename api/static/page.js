"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  let report = null;
  let verdicts = null;

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    const key = $("apikey").value.trim();
    if (key) h["X-API-Key"] = key;
    return h;
  }

  async function explain(resp) {
    let body;
    try { body = await resp.json(); } catch (e) { return `The service answered ${resp.status}.`; }
    if (Array.isArray(body.detail)) {
      return body.detail.map((d) => `${(d.loc || []).filter((x) => x !== "body").join(".") || "input"}: ${d.msg}`).join("\n");
    }
    return String(body.detail || `The service answered ${resp.status}.`);
  }

  function showError(message) {
    $("error").textContent = message;
    $("error").hidden = false;
    $("error").focus && $("error").setAttribute("tabindex", "-1");
  }

  function setBusy(on) {
    $("busy").hidden = !on;
    $("check").disabled = on;
    document.body.setAttribute("aria-busy", on ? "true" : "false");
  }

  async function loadStandards() {
    try {
      const resp = await fetch("/v1/standards", { headers: headers() });
      if (!resp.ok) return;
      for (const s of await resp.json()) {
        if (s.kind !== "requirements" || s.withdrawn) continue;
        const opt = document.createElement("option");
        opt.value = s.designation;
        opt.textContent = `${s.designation} ${s.title}`;
        $("standard").appendChild(opt);
      }
    } catch (e) { /* the list is a convenience; the check still works */ }
  }

  async function download(url, body, filename) {
    const resp = await fetch(url, { method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(body) });
    if (!resp.ok) { showError(await explain(resp)); return; }
    const blob = await resp.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  const ORDER = { none: 0, ofi: 1, observation: 1, minor: 2, major: 3 };
  const challengeable = (f) => f.verdict === "withdraw" || f.verdict === "revise" ||
    (f.verdict === "regrade" && ORDER[f.proposed_grade] < ORDER[f.raised_grade || "minor"]);
  const asked = (f) => f.verdict === "withdraw" ? "contest: withdraw" :
    f.verdict === "revise" ? "ask for revision" : "contest: regrade to " + f.proposed_grade;
  const base = () => (report.id || "report").replace(/[^\w.-]+/g, "_");
  const paper = () => $("paper").value;

  function showDetails() {
    const a = report.audit || {};
    const days = a.first_day && a.last_day && a.first_day !== a.last_day ? `${a.first_day} to ${a.last_day}` : (a.last_day || a.date || "");
    const bits = [
      report.client && `Client: ${report.client}`,
      report.certification_body && `Certification body: ${report.certification_body}`,
      report.certificate_number && `Certificate: ${report.certificate_number}`,
      a.reference && `Audit: ${a.reference}`,
      a.type && `Type: ${a.type}`,
      days && `Dates: ${days}`,
      a.lead_auditor && `Lead auditor: ${a.lead_auditor}`,
    ].filter(Boolean);
    $("details").textContent = bits.length ? bits.join(" · ") :
      "No report details found (client, certification body, audit dates): the letter leaves them for you to fill in.";
  }

  function listChallengeable() {
    const ul = $("challengeable");
    ul.textContent = "";
    for (const f of verdicts.findings.filter(challengeable)) {
      const li = document.createElement("li");
      li.textContent = `${f.id}: ${asked(f)} `;
      for (const fmt of ["md", "docx"]) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = `Letter for ${f.id} (${fmt === "md" ? "Markdown" : ".docx"})`;
        b.addEventListener("click", () => download(
          `/v1/reports/challenge?format=${fmt}&paper=${paper()}&finding=${encodeURIComponent(f.id)}`,
          report, `${base()}-${f.id}-letter.${fmt}`));
        li.appendChild(b);
      }
      ul.appendChild(li);
    }
    if (!ul.children.length) {
      const li = document.createElement("li");
      li.textContent = "Nothing to contest: the letter accepts every finding and gives the dates of the response.";
      ul.appendChild(li);
    }
  }

  async function check(event) {
    event.preventDefault();
    $("error").hidden = true;
    const file = $("file").files[0];
    const text = $("text").value;
    if (!file && !text.trim()) { showError("Upload a report file or paste findings first."); return; }
    setBusy(true);
    try {
      const form = new FormData();
      if (file) form.append("file", file); else form.append("text", text.includes("\t") || !text.trim().startsWith("{") ? text : text);
      if ($("standard").value) form.append("standard", $("standard").value);
      let resp = await fetch("/v1/reports/import", { method: "POST", headers: headers(), body: form });
      if (!resp.ok) { showError(await explain(resp)); return; }
      const imported = await resp.json();
      report = imported.report;
      $("warnings").textContent = (imported.warnings || []).join(" ");
      const body = JSON.stringify(report);
      resp = await fetch("/v1/reports/check", { method: "POST", headers: headers({ "Content-Type": "application/json" }), body });
      if (!resp.ok) { showError(await explain(resp)); return; }
      verdicts = await resp.json();
      resp = await fetch("/v1/reports/check?format=html", { method: "POST", headers: headers({ "Content-Type": "application/json" }), body });
      $("review").srcdoc = await resp.text();
      const warned = [...(imported.warnings || []), ...(verdicts.warnings || [])];
      $("warnings").textContent = [...new Set(warned)].join(" ");
      showDetails();
      listChallengeable();
      $("results").hidden = false;
      $("results-title").textContent = `Verdicts for ${verdicts.summary.findings} finding(s)`;
      $("results-title").setAttribute("tabindex", "-1");
      $("results-title").focus();
    } catch (e) {
      showError(`The service could not be reached (${e.message}).`);
    } finally {
      setBusy(false);
    }
  }

  $("check-form").addEventListener("submit", check);
  $("worklist").addEventListener("click", () => download("/v1/reports/check?format=csv", report, `${base()}-worklist.csv`));
  for (const fmt of ["xlsx", "ics", "csv"]) {
    $(`plan-${fmt}`).addEventListener("click", () => download(`/v1/reports/plan?format=${fmt}`, report, `${base()}-plan.${fmt}`));
  }
  $("letter-md").addEventListener("click", () => download(`/v1/reports/challenge?format=md&paper=${paper()}`, report, `${base()}-letter.md`));
  $("letter-docx").addEventListener("click", () => download(`/v1/reports/challenge?format=docx&paper=${paper()}`, report, `${base()}-letter.docx`));
  loadStandards();
})();
