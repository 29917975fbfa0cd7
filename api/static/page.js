"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  let report = null;
  let verdicts = null;
  let readWarnings = [];

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    const key = $("apikey").value.trim();
    if (key) h["X-API-Key"] = key;
    return h;
  }

  // where an error points, in words: "Finding 3, statement"; nothing for the uploaded file or pasted rows
  function place(loc) {
    const parts = (loc || []).filter((x) => x !== "body" && x !== "query");
    if (!parts.length || parts[0] === "file" || parts[0] === "text") return "";
    const words = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if ((p === "findings" || p === "previous_findings") && Number.isInteger(parts[i + 1])) {
        words.push(`${p === "findings" ? "Finding" : "Earlier finding"} ${parts[i + 1] + 1}`);
        i++;
      } else if (Number.isInteger(p)) {
        words.push(`item ${p + 1}`);
      } else {
        words.push(String(p).replace(/_/g, " "));
      }
    }
    return words.join(", ") + ": ";
  }

  const BY_STATUS = {
    401: "This service needs an API key: open “API key” below the form, enter the key, and check again.",
    403: "This service refused the request from this page. Open the page from the service's own address.",
    408: "The upload took too long. Check your connection and try again.",
    413: "The file is too large for this service. Split the report into smaller files and check them one by one.",
    503: "The service is busy. Wait a moment and try again.",
  };

  async function explain(resp) {
    let body = null;
    try { body = await resp.json(); } catch (e) { /* not JSON: say it in words below */ }
    const detail = body && body.detail;
    if (Array.isArray(detail) && detail.length) {
      const lines = detail.map((d) => {
        const msg = String(d.msg || "").replace(/^Value error, /, "");
        return place(d.loc) + msg.charAt(0).toUpperCase() + msg.slice(1);
      });
      return (resp.status === 413 ? "The file is too large. " : "") + lines.join("\n");
    }
    if (typeof detail === "string" && detail) {
      return (BY_STATUS[resp.status] && resp.status !== 403 ? BY_STATUS[resp.status] + "\n" : "") + detail;
    }
    return BY_STATUS[resp.status] || `Something went wrong on the service (answer ${resp.status}). Try again; if it happens again, tell whoever runs the service.`;
  }

  // the review is as tall as its content: one scroll, the page's
  function fitReview() {
    const frame = $("review");
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    frame.style.height = "0px";
    frame.style.height = `${doc.documentElement.scrollHeight + 2}px`;
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
        $("d-standard").appendChild(opt.cloneNode(true));
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

  // where a value was read, in words: "page 2, table 1, row 3"
  function where(src) {
    if (!src || typeof src !== "object") return "";
    const parts = [];
    for (const k of ["sheet", "page", "table", "row", "line", "paragraph", "record"]) {
      if (src[k] !== undefined && src[k] !== null) parts.push(k === "sheet" ? `sheet “${src[k]}”` : `${k} ${src[k]}`);
    }
    return parts.join(", ") || (src.file ? "the page header" : "");
  }

  const get = (obj, path) => path.split(".").reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), obj);

  function listInto(ul, items) {
    ul.textContent = "";
    for (const w of [...new Set(items)]) {
      const li = document.createElement("li");
      li.textContent = w;
      ul.appendChild(li);
    }
  }

  function showStandardIn(select, value) {
    if (!value) { select.value = ""; return; }
    const known = [...select.options].find((o) => o.value.toLowerCase() === String(value).toLowerCase());
    if (!known) {
      const opt = document.createElement("option");
      opt.value = value;
      opt.textContent = `${value} (as the file names it)`;
      select.appendChild(opt);
    }
    select.value = known ? known.value : value;
  }

  // step 1: read the file or rows, and show what was read, every value editable, each with where it was found
  function showRead() {
    const sources = report.sources || {};
    for (const input of $("read-details").querySelectorAll("[data-path]")) {
      const path = input.dataset.path;
      let value = get(report, path);
      if (path === "audit.last_day" && !value) value = get(report, "audit.date");
      if (input.tagName === "SELECT") showStandardIn(input, value || $("standard").value);
      else input.value = value || "";
      const from = $(`from-${path}`);
      if (from) from.textContent = sources[path] ? `read from ${where(sources[path])}` : (value ? "" : "not found: fill it in");
    }
    const body = $("read-findings").querySelector("tbody");
    body.textContent = "";
    (report.findings || []).forEach((f, i) => {
      const tr = document.createElement("tr");
      tr.dataset.index = String(i);
      const cell = (el) => { const td = document.createElement("td"); td.appendChild(el); tr.appendChild(td); return el; };
      const input = (field, value, label) => {
        const el = document.createElement(field === "statement" || field === "evidence" ? "textarea" : "input");
        el.value = value || "";
        el.dataset.field = field;
        el.setAttribute("aria-label", `${label} of finding ${i + 1}`);
        if (el.tagName === "TEXTAREA") el.rows = 4;
        return cell(el);
      };
      input("id", f.id, "Id");
      const grade = document.createElement("select");
      grade.dataset.field = "grade";
      grade.setAttribute("aria-label", `Grade of finding ${i + 1}`);
      for (const [v, t] of [["", "ungraded"], ["major", "major"], ["minor", "minor"], ["ofi", "OFI"], ["observation", "observation"]]) {
        const o = document.createElement("option"); o.value = v; o.textContent = t; grade.appendChild(o);
      }
      grade.value = f.grade || "";
      cell(grade);
      input("clause", f.clause, "Clause");
      input("statement", f.statement, "Statement");
      input("evidence", Array.isArray(f.evidence) ? f.evidence.join("\n") : f.evidence, "Evidence");
      const from = document.createElement("span");
      from.className = "from";
      from.textContent = where(f.source) || "—";
      cell(from);
      body.appendChild(tr);
    });
    listInto($("read-warnings"), readWarnings);
    $("read").hidden = false;
    $("read-title").textContent = `What was read: ${(report.findings || []).length} finding(s)`;
    $("read-title").setAttribute("tabindex", "-1");
    $("read-title").focus();
  }

  // the report as corrected on the page (a value left as read keeps its original form, e.g. a list of evidence)
  function corrected() {
    const out = JSON.parse(JSON.stringify(report));
    const sources = out.sources || {};
    const audit = Object.assign({}, out.audit || {});
    for (const input of $("read-details").querySelectorAll("[data-path]")) {
      const path = input.dataset.path;
      const value = input.value.trim();
      const before = path === "audit.last_day" ? (get(report, path) || get(report, "audit.date")) : get(report, path);
      if ((before || "") === value) continue;
      delete sources[path];
      if (path.startsWith("audit.")) {
        const key = path.slice(6);
        if (value) audit[key] = value; else delete audit[key];
        if (key === "last_day") delete audit.date;
      } else if (value) out[path] = value; else delete out[path];
    }
    if (Object.keys(audit).length) out.audit = audit; else delete out.audit;
    out.sources = sources;
    for (const tr of $("read-findings").querySelectorAll("tbody tr")) {
      const f = out.findings[Number(tr.dataset.index)];
      const orig = report.findings[Number(tr.dataset.index)];
      for (const el of tr.querySelectorAll("[data-field]")) {
        const field = el.dataset.field;
        const value = el.value.trim();
        const was = Array.isArray(orig[field]) ? orig[field].join("\n") : (orig[field] || "");
        if (value === String(was).trim()) continue;
        if (value) f[field] = value; else if (field === "grade") f.grade = null; else delete f[field];
      }
    }
    return out;
  }

  async function read(event) {
    event.preventDefault();
    $("error").hidden = true;
    const file = $("file").files[0];
    const text = $("text").value;
    if (!file && !text.trim()) {
      showError("Choose a report file to upload, or paste rows copied from a spreadsheet (with the header row).");
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      if (file) form.append("file", file); else form.append("text", text);
      if ($("standard").value) form.append("standard", $("standard").value);
      const resp = await fetch("/v1/reports/import", { method: "POST", headers: headers(), body: form });
      if (!resp.ok) { showError(await explain(resp)); return; }
      const imported = await resp.json();
      report = imported.report;
      readWarnings = imported.warnings || [];
      $("results").hidden = true;
      showRead();
    } catch (e) {
      showError("The service could not be reached. Check that it is still running (ncaudit serve), then try again.");
    } finally {
      setBusy(false);
    }
  }

  // step 2: check the report as read and corrected
  async function check() {
    $("error").hidden = true;
    report = corrected();
    const named = report.standard || (report.findings || []).every((f) => f.standard);
    if (!named) {
      showError("The report does not say which standard was audited. " +
        "Choose it under “Standard audited” in the report's details, then check again.");
      $("d-standard").focus();
      return;
    }
    setBusy(true);
    $("run-check").disabled = true;
    try {
      const body = JSON.stringify(report);
      let resp = await fetch("/v1/reports/check", { method: "POST", headers: headers({ "Content-Type": "application/json" }), body });
      if (!resp.ok) { showError(await explain(resp)); return; }
      verdicts = await resp.json();
      resp = await fetch("/v1/reports/check?format=html", { method: "POST", headers: headers({ "Content-Type": "application/json" }), body });
      if (!resp.ok) { showError(await explain(resp)); return; }
      $("review").srcdoc = await resp.text();
      listInto($("warnings"), [...readWarnings, ...(verdicts.warnings || [])].map((w) => String(w).trim()));
      showDetails();
      listChallengeable();
      $("results").hidden = false;
      $("results-title").textContent = `Verdicts for ${verdicts.summary.findings} finding(s)`;
      $("results-title").setAttribute("tabindex", "-1");
      $("results-title").focus();
    } catch (e) {
      showError("The service could not be reached. Check that it is still running (ncaudit serve), then try again.");
    } finally {
      setBusy(false);
      $("run-check").disabled = false;
    }
  }

  $("check-form").addEventListener("submit", read);
  $("run-check").addEventListener("click", check);
  $("review").addEventListener("load", fitReview);
  let resizing = null;
  window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(fitReview, 100); });
  $("worklist").addEventListener("click", () => download("/v1/reports/check?format=csv", report, `${base()}-worklist.csv`));
  for (const fmt of ["xlsx", "ics", "csv"]) {
    $(`plan-${fmt}`).addEventListener("click", () => download(`/v1/reports/plan?format=${fmt}`, report, `${base()}-plan.${fmt}`));
  }
  $("letter-md").addEventListener("click", () => download(`/v1/reports/challenge?format=md&paper=${paper()}`, report, `${base()}-letter.md`));
  $("letter-docx").addEventListener("click", () => download(`/v1/reports/challenge?format=docx&paper=${paper()}`, report, `${base()}-letter.docx`));
  loadStandards();
})();
