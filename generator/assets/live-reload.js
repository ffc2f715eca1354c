/* guide serve: live reload (publish/serve.py fills in the page version and the status URL) */
(() => {
  const version = GUIDE_VERSION;
  const badge = Object.assign(document.createElement("div"), {hidden: true, role: "status"});
  badge.id = "guide-live";
  badge.style.cssText = "position:fixed;top:12px;right:12px;padding:6px 12px;border-radius:999px;" +
    "background:#1d232b;color:#fff;font:600 13px/1.4 system-ui,sans-serif;box-shadow:0 4px 12px #0003";
  document.body.append(badge);
  async function poll() {
    try {
      const status = await (await fetch("GUIDE_STATUS", {cache: "no-store"})).json();
      if (status.version !== version) return location.reload();
      badge.textContent = "Rebuilding\u2026";
      badge.hidden = !status.building;
    } catch {
      badge.textContent = "Preview server stopped";
      badge.hidden = false;
    }
    setTimeout(poll, 400);
  }
  setTimeout(poll, 400);
})();
