"use strict";
// The review desk: reports kept by the service (/v1/desk), a reviewer's decision on each flag, the report's
// state, and the trends. Everything a user or a report wrote is put in the page as text, never as markup.
(() => {
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  let current = null;

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    const key = $("apikey").value.trim();
    if (key) h["X-API-Key"] = key;
    return h;
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = !message;
  }

  function explain(status, body) {
    if (status === 401) return "This service needs an API key: open “API key” above, enter yours, and try again.";
    const detail = body && body.detail;
    if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).slice(1).join(", ") || "request"}: ${d.msg}`).join("\n");
    return detail ? String(detail) : `The service answered ${status}.`;
  }

  async function api(method, path, body) {
    const init = { method, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(path, init);
    if (response.status === 204) return null;
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) throw new Error(explain(response.status, data));
    return data;
  }

  async function guarded(fn) {
    showError("");
    try { await fn(); } catch (e) { showError(e.message || String(e)); }
  }

  // ---- the list -------------------------------------------------------------------------------------------

  async function loadList() {
    const [rows, count] = await Promise.all([api("GET", "/v1/desk/reports?limit=100"), api("GET", "/v1/desk/reports/count")]);
    $("count").textContent = `${count.count} report${count.count === 1 ? "" : "s"} kept`;
    const list = $("reports");
    list.replaceChildren();
    for (const r of rows) {
      const item = el("li");
      const button = el("button", `${r.report_id || "#" + r.id} · ${r.client || "client not named"} · ${r.state}`);
      button.type = "button";
      button.dataset.id = r.id;
      if (current === r.id) button.classList.add("current");
      button.addEventListener("click", () => guarded(() => showReport(r.id)));
      item.append(button);
      list.append(item);
    }
  }

  // ---- one report -----------------------------------------------------------------------------------------

  function decisionText(d) {
    if (!d) return "";
    const what = { accept: "accepted: sent back to the auditor", dismiss: "dismissed", edit: "rewritten by the auditor" }[d.action];
    const why = d.reason ? `: ${d.reason}` : d.text ? `: “${d.text}”` : "";
    return `${what}${why} (${d.by})`;
  }

  function issueBlock(reportId, issue, final) {
    const box = el("div", null, "issue");
    box.dataset.rule = issue.rule;
    box.dataset.category = issue.category;
    box.dataset.issue = issue.issue_id;
    const head = el("p");
    head.append(el("span", issue.category.replace(/_/g, " "), "cat"), ` (${issue.rule}, ${issue.severity}) `, issue.message);
    box.append(head);
    const decided = el("p", decisionText(issue.decision), "decided");
    decided.hidden = !issue.decision;
    box.append(decided);
    if (final) return box;
    const reason = el("input");
    reason.placeholder = "Why is this a false alarm? (to dismiss)";
    reason.setAttribute("aria-label", `Reason to dismiss ${issue.rule}`);
    reason.className = "reason";
    const rewrite = el("input");
    rewrite.placeholder = "The auditor's rewrite (to record an edit)";
    rewrite.setAttribute("aria-label", `Rewrite for ${issue.rule}`);
    rewrite.className = "rewrite";
    const buttons = [
      ["accept", "Accept: send back", () => ({ action: "accept" })],
      ["dismiss", "Dismiss", () => ({ action: "dismiss", reason: reason.value })],
      ["edit", "Record the rewrite", () => ({ action: "edit", text: rewrite.value })],
    ];
    const row = el("p");
    for (const [cls, label, body] of buttons) {
      const b = el("button", label, cls);
      b.type = "button";
      b.addEventListener("click", () => guarded(async () => {
        await api("POST", `/v1/desk/reports/${reportId}/issues/${issue.issue_id}/decision`, body());
        await showReport(reportId);
      }));
      row.append(b);
    }
    box.append(reason, rewrite, row);
    return box;
  }

  async function showReport(id) {
    const stored = await api("GET", `/v1/desk/reports/${id}`);
    current = id;
    $("report").hidden = false;
    $("report-title").textContent = `Report ${stored.report_id || "#" + stored.id}`;
    const meta = [stored.client, stored.certificate_number && `certificate ${stored.certificate_number}`,
      stored.auditor && `auditor ${stored.auditor}`, stored.audit_date, `ruleset ${stored.engine.ruleset}`,
      `checked by ${stored.requested_by}`].filter(Boolean);
    $("report-meta").textContent = meta.join(" · ");
    $("state").textContent = stored.state;
    $("state").dataset.state = stored.state;
    $("to-reviewed").hidden = stored.state !== "checked";
    $("to-issued").hidden = stored.state !== "reviewed";
    const final = stored.state === "issued";
    const box = $("findings");
    box.replaceChildren();
    for (const f of stored.verdict.findings) {
      const card = el("article", null, "finding");
      card.id = `finding-${f.id}`;
      card.append(el("h3", `${f.id}: ${f.verdict} (raised ${f.raised_grade || "ungraded"}, proposed ${f.proposed_grade})`));
      const original = (stored.report.findings || []).find((x) => x.id === f.id);
      if (original) card.append(el("p", original.statement, "statement"));
      if (!f.issues.length) card.append(el("p", "No flag.", "hint"));
      for (const issue of f.issues) card.append(issueBlock(id, issue, final));
      box.append(card);
    }
    await loadList();
  }

  async function setState(state) {
    await api("POST", `/v1/desk/reports/${current}/state`, { state });
    await showReport(current);
    await loadTrends();
  }

  // ---- adding a report ------------------------------------------------------------------------------------

  async function keep(event) {
    event.preventDefault();
    const file = $("file").files[0];
    if (!file) throw new Error("Choose a report file (JSON) first.");
    let report;
    try { report = JSON.parse(await file.text()); } catch (e) { throw new Error(`${file.name} is not JSON: ${e.message}`); }
    $("keep").disabled = true;
    $("busy").hidden = false;
    try {
      const kept = await api("POST", "/v1/desk/reports", report);
      await showReport(kept.id);
      await loadTrends();
    } finally {
      $("keep").disabled = false;
      $("busy").hidden = true;
    }
  }

  // ---- trends ---------------------------------------------------------------------------------------------

  function bars(rows, by) {
    // per group: a pale bar for the findings (or issues), a dark one for those flagged (or accepted and edited)
    const total = by === "rule" ? (r) => r.issues : (r) => r.findings;
    const part = by === "rule" ? (r) => r.accepted + r.edited : (r) => r.flagged;
    const shown = rows.slice(0, 20);
    const max = Math.max(1, ...shown.map(total));
    const rowH = 22, left = 170, width = 640;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${left + width + 60} ${rowH * shown.length + 30}`);
    svg.setAttribute("width", String(left + width + 60));
    const text = (x, y, s, anchor) => {
      const t = document.createElementNS(SVG, "text");
      t.setAttribute("x", x); t.setAttribute("y", y);
      if (anchor) t.setAttribute("text-anchor", anchor);
      t.textContent = s;
      svg.append(t);
    };
    shown.forEach((r, i) => {
      const y = i * rowH + 4;
      const label = String(r.group === null ? "(not given)" : r.group);
      text(left - 6, y + 14, label.length > 24 ? label.slice(0, 23) + "…" : label, "end");
      for (const [value, fill] of [[total(r), "#b6e3ff"], [part(r), "#0969da"]]) {
        const rect = document.createElementNS(SVG, "rect");
        rect.setAttribute("x", left); rect.setAttribute("y", y);
        rect.setAttribute("height", rowH - 6);
        rect.setAttribute("width", String(Math.max(0, (value / max) * width)));
        rect.setAttribute("fill", fill);
        svg.append(rect);
      }
      text(left + (total(r) / max) * width + 4, y + 14, `${part(r)}/${total(r)}`);
    });
    text(left, rowH * shown.length + 24, by === "rule"
      ? "dark: flags accepted or rewritten; pale: all flags raised"
      : "dark: findings flagged; pale: all findings raised");
    return svg;
  }

  function table(rows) {
    const cols = rows.length ? Object.keys(rows[0]).filter((k) => k !== "by_category") : [];
    const head = el("tr");
    cols.forEach((c) => head.append(el("th", c.replace(/_/g, " "))));
    $("trend-table").tHead.replaceChildren(head);
    const body = $("trend-table").tBodies[0];
    body.replaceChildren();
    for (const r of rows) {
      const tr = el("tr");
      cols.forEach((c) => tr.append(el("td", r[c] === null ? "" : r[c])));
      body.append(tr);
    }
  }

  async function loadTrends() {
    const by = $("trend-by").value;
    let answer;
    try { answer = await api("GET", `/v1/desk/trends?by=${encodeURIComponent(by)}`); } catch (e) {
      $("chart").replaceChildren(el("p", e.message, "hint"));
      return;
    }
    $("trend-note").textContent = answer.note;
    $("chart").replaceChildren(answer.rows.length ? bars(answer.rows, by) : el("p", "Nothing kept yet.", "hint"));
    table(answer.rows);
  }

  async function download(format) {
    const by = $("trend-by").value;
    const response = await fetch(`/v1/desk/trends?by=${encodeURIComponent(by)}&format=${format}`, { headers: headers() });
    if (!response.ok) throw new Error(explain(response.status, await response.json().catch(() => null)));
    const link = el("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = `trends-${by}.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
  }

  $("keep-form").addEventListener("submit", (e) => guarded(() => keep(e)));
  $("to-reviewed").addEventListener("click", () => guarded(() => setState("reviewed")));
  $("to-issued").addEventListener("click", () => guarded(() => setState("issued")));
  $("trend-show").addEventListener("click", () => guarded(loadTrends));
  $("trend-by").addEventListener("change", () => guarded(loadTrends));
  $("trend-csv").addEventListener("click", () => guarded(() => download("csv")));
  $("trend-xlsx").addEventListener("click", () => guarded(() => download("xlsx")));
  guarded(async () => { await loadList(); await loadTrends(); });
})();
