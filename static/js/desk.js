// The clerk's workstation: the waiting list refreshes itself, and single keys press buttons.
(function () {
  const desk = document.querySelector(".desk");
  if (!desk) return;
  const target = document.getElementById("desk-queue");
  const current = document.getElementById("current-ticket");

  async function refresh() {
    try {
      const response = await fetch(desk.dataset.queueUrl, { headers: { "X-Requested-With": "fetch" } });
      if (response.status === 200) {
        target.innerHTML = await response.text();
        const now = target.querySelector(".desk-now");
        if (now) current.value = now.dataset.current;
      }
    } catch (error) { /* the next poll tries again */ }
  }
  // A workstation left in a background tab does not poll; it catches up when shown again.
  setInterval(() => { if (!document.hidden) refresh(); }, 3000);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });

  // After choosing in a list, give the keys back to the shortcuts.
  document.querySelectorAll(".desk select").forEach((select) =>
    select.addEventListener("change", () => select.blur()));

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName)) return;
    const button = document.querySelector(`button[data-key="${event.key.toLowerCase()}"]`);
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
