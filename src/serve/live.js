// Live reload for `tracker serve`: injected into served pages only, never into `tracker build`.
(() => {
  "use strict";
  // The build this page was served from; the server says its newest on every connection.
  const script = document.currentScript;
  const built = Number((script && script.dataset.build) || 0);
  const source = new EventSource("/__tracker/events");
  const id = "tracker-error-overlay";
  source.addEventListener("build", (event) => {
    if (Number(event.data) > built) window.location.reload();
  });
  source.addEventListener("reload", () => window.location.reload());
  source.addEventListener("failed", (event) => {
    let lines = [];
    try { lines = JSON.parse(event.data); } catch (_) { lines = [String(event.data)]; }
    let overlay = document.getElementById(id);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = id;
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem";
      document.body.appendChild(overlay);
    }
    overlay.replaceChildren();
    const title = document.createElement("h2");
    title.textContent = "tracker: the last save has errors; showing the last good page";
    title.style.cssText = "font:bold 18px/1.3 system-ui,sans-serif;margin:0 0 1rem;color:#ffb4a8";
    const pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = lines.join("\n");
    const hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page reloads by itself.";
    overlay.append(title, pre, hint);
  });
})();
