// The clerk's workstation: the waiting list refreshes itself, the steps at the counter answer
// without reloading the page, and single keys press buttons.
(function () {
  const desk = document.querySelector(".desk");
  if (!desk) return;
  const target = document.getElementById("desk-queue");
  const current = document.getElementById("current-ticket");
  const form = document.getElementById("action-form");
  const register = document.getElementById("register-case");
  // The messages' list of the page, or an empty one made now: a live region must be in the
  // page before its text changes for a screen reader to announce the change.
  let status = document.querySelector("main > .messages");
  if (!status) {
    status = document.createElement("ul");
    status.className = "messages";
    status.setAttribute("role", "status");
    document.querySelector("main").prepend(status);
  }
  let steps = 0; // a poll that began before a step must not paint over the step's answer
  let busy = false; // a step is on its way: no poll meanwhile
  // A step refused by the server's form check (the page had expired) reloads the page; the
  // fresh page says why, if it is still the same sign-on (not another clerk's, signed in
  // meanwhile on this computer, who must not take it as theirs to retry).
  const stale = JSON.parse(sessionStorage.getItem("desk-stale") || "null");
  sessionStorage.removeItem("desk-stale");
  if (stale && stale.session === desk.dataset.session) say([{ level: "error", text: stale.text }]);

  function show(html) {
    target.innerHTML = html;
    const now = target.querySelector(".desk-now");
    if (!now) return;
    current.value = now.dataset.current;
    if (register) register.search = now.dataset.current ? "?ticket=" + now.dataset.current : "";
  }

  function say(said) {
    status.replaceChildren(...said.map(({ level, text }) => {
      const item = document.createElement("li");
      item.className = "message " + level;
      item.textContent = text;
      return item;
    }));
  }

  async function refresh() {
    if (busy) return; // the step's answer brings the panel
    const seen = steps;
    try {
      const response = await fetch(desk.dataset.queueUrl, { headers: { "X-Requested-With": "fetch" } });
      // Signed off, or on another counter, from another tab: this page is out of date.
      if (response.status === 409) { location.reload(); return; }
      if (response.status === 200) {
        const html = await response.text();
        if (seen === steps) show(html);
      }
    } catch (error) { /* the next poll tries again */ }
  }
  // A workstation left in a background tab does not poll; it catches up when shown again.
  setInterval(() => { if (!document.hidden) refresh(); }, 3000);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });

  // 叫号, 重呼, 开始, 办结, 未到 and 转窗 (buttons marked data-step) are sent in the background;
  // pause, resume and sign-off change the buttons themselves and post the form as usual.
  async function step(button) {
    const buttons = [...form.querySelectorAll("button")];
    const disabled = buttons.map((each) => each.disabled);
    // A double press, or a key held down, runs the step once: nothing is pressable until it ends.
    buttons.forEach((each) => { each.disabled = true; });
    steps += 1;
    busy = true;
    try {
      const response = await fetch(button.formAction, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { "X-Requested-With": "fetch" },
      });
      const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
      // Signed out (the login page), the form's token refused (403) or the counter session
      // ended (409): the whole page, fresh from the server, says what to do next.
      if (!response.ok || !json) {
        if (response.status === 403) {
          const note = { session: desk.dataset.session, text: desk.dataset.stale };
          sessionStorage.setItem("desk-stale", JSON.stringify(note));
        }
        location.reload();
        return;
      }
      const answer = await response.json();
      show(answer.html);
      say(answer.messages);
      // As after the page's reload: a done transfer leaves the lists at their first choice.
      if (button.dataset.key === "t" && answer.messages.some((m) => m.level === "success")) {
        form.querySelectorAll("select").forEach((select) => { select.selectedIndex = 0; });
      }
    } catch (error) {
      say([{ level: "error", text: desk.dataset.offline }]);
    } finally {
      busy = false;
      buttons.forEach((each, n) => { each.disabled = disabled[n]; });
    }
  }
  form.addEventListener("submit", (event) => {
    if (!event.submitter || !("step" in event.submitter.dataset)) return;
    event.preventDefault();
    step(event.submitter);
  });

  // After choosing in a list, give the keys back to the shortcuts.
  document.querySelectorAll(".desk select").forEach((select) =>
    select.addEventListener("change", () => select.blur()));

  document.addEventListener("keydown", (event) => {
    // A key held down repeats: one step per press.
    if (event.repeat || event.ctrlKey || event.altKey || event.metaKey) return;
    if (["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName)) return;
    const button = document.querySelector(`button[data-key="${event.key.toLowerCase()}"]`);
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
