// msds web app: uploads with progress, the review form's keyboard shortcuts. No inline scripts (the content
// security policy allows only this file and htmx).
"use strict";

(function () {
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const TYPES = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", tif: "image/tiff", tiff: "image/tiff" };
  const FINAL = ["accepted", "needs_review", "rejected", "failed", "superseded", "published"];

  function contentType(file) {
    if (Object.values(TYPES).includes(file.type)) return file.type;
    const ext = (file.name.split(".").pop() || "").toLowerCase();
    return TYPES[ext] || file.type || "application/octet-stream";
  }

  async function sha256(file) {
    const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
    return Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  function row(list, name) {
    const li = document.createElement("li");
    const label = document.createElement("span");
    label.textContent = name;
    const bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", "Upload of " + name);
    const state = document.createElement("span");
    state.className = "state";
    state.textContent = "Preparing";
    li.append(label, bar, state);
    list.prepend(li);
    return { li, bar, state };
  }

  function problemText(body, fallback) {
    if (body && body.problems && body.problems.length) return body.message;
    return (body && body.message) || fallback;
  }

  function post(url, fields, file, bar) {
    return new Promise((resolve, reject) => {
      const form = new FormData();
      Object.entries(fields).forEach(([k, v]) => form.append(k, v));
      form.append("file", file);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total); };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) { bar.value = 100; resolve(); return; }
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { /* S3 answers XML */ }
        reject(new Error(problemText(body, "the upload was refused (" + xhr.status + ")")));
      };
      xhr.onerror = () => reject(new Error("the connection was lost; try again"));
      xhr.send(form);
    });
  }

  async function follow(id, ui) {
    for (let i = 0; i < 600; i++) {
      const answer = await fetch("/api/documents/" + id, { credentials: "same-origin" });
      if (answer.ok) {
        const doc = await answer.json();
        ui.state.textContent = doc.status_text;
        if (FINAL.includes(doc.status)) {
          const link = document.createElement("a");
          link.href = "/documents/" + id;
          link.textContent = " open";
          ui.state.append(link);
          if (doc.status === "rejected" || doc.status === "failed") ui.li.classList.add("failed");
          if (window.htmx) htmx.trigger("#documents", "refresh");
          return;
        }
      } else if (answer.status !== 404) {
        ui.state.textContent = "Could not read the status (" + answer.status + ")";
        return;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  async function upload(file, list, supplierInput, maxBytes) {
    const ui = row(list, file.name);
    try {
      if (maxBytes && file.size > maxBytes) throw new Error("the file is larger than the upload limit");
      ui.state.textContent = "Checking";
      const id = await sha256(file);
      const request = { file_name: file.name, content_type: contentType(file), size_bytes: file.size };
      if (supplierInput && supplierInput.value.trim()) request.supplier_id = supplierInput.value.trim();
      const answer = await fetch("/api/uploads", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
        body: JSON.stringify(request),
      });
      const body = await answer.json();
      if (!answer.ok) throw new Error(problemText(body, "the upload was refused"));
      ui.state.textContent = "Sending";
      await post(body.url, body.fields, file, ui.bar);
      ui.state.textContent = "Received; waiting to be read";
      if (window.htmx) htmx.trigger("#documents", "refresh");
      await follow(id, ui);
    } catch (error) {
      ui.li.classList.add("failed");
      ui.state.textContent = "Not sent: " + error.message;
    }
  }

  function setUpUploads(form) {
    const input = form.querySelector('input[type="file"]');
    const list = document.getElementById("upload-list");
    const supplier = form.querySelector('input[name="supplier_id"]');
    const maxBytes = Number(form.dataset.maxBytes || 0);
    const send = (files) => Array.from(files).forEach((file) => upload(file, list, supplier, maxBytes));
    input.addEventListener("change", () => { send(input.files); input.value = ""; });
    ["dragenter", "dragover"].forEach((type) => form.addEventListener(type, (e) => { e.preventDefault(); form.classList.add("over"); }));
    ["dragleave", "drop"].forEach((type) => form.addEventListener(type, (e) => { e.preventDefault(); form.classList.remove("over"); }));
    form.addEventListener("drop", (e) => send(e.dataTransfer.files));
    form.addEventListener("submit", (e) => e.preventDefault());
  }

  function setUpReview(form) {
    const fields = Array.from(form.querySelectorAll(".review-field"));
    let current = 0;
    const documentId = form.action.split("/").pop();
    function show(index) {
      fields.forEach((f) => f.classList.remove("current"));
      current = Math.max(0, Math.min(fields.length - 1, index));
      const field = fields[current];
      field.classList.add("current");
      field.focus();
      const focus = field.dataset.focus;
      if (focus && window.htmx) {
        htmx.ajax("GET", "/documents/" + documentId + "/viewer?focus=" + encodeURIComponent(focus), { target: "#viewer", swap: "outerHTML" });
      }
    }
    fields.forEach((field, index) => field.addEventListener("focusin", () => {
      if (current !== index) { fields.forEach((f) => f.classList.remove("current")); current = index; field.classList.add("current"); }
    }));
    document.addEventListener("keydown", (e) => {
      const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(e.target.tagName) && e.target.type !== "checkbox";
      if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); form.requestSubmit(); return; }
      if (typing) { if (e.key === "Escape") fields[current].focus(); return; }
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "j") { e.preventDefault(); show(current + 1); }
      else if (e.key === "k") { e.preventDefault(); show(current - 1); }
      else if (e.key === "c") {
        e.preventDefault();
        const box = fields[current].querySelector('input[name="confirmed"]');
        if (box) { box.checked = true; fields[current].classList.add("confirmed"); }
        show(current + 1);
      }
    });
    form.querySelectorAll('input[name="confirmed"]').forEach((box) => box.addEventListener("change", () => {
      box.closest(".review-field").classList.toggle("confirmed", box.checked);
    }));
    if (fields.length) { fields[0].classList.add("current"); }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-upload]").forEach(setUpUploads);
    document.querySelectorAll("form[data-review]").forEach(setUpReview);
  });
})();
