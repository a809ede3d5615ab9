// The hall display: polls once a second, shows each new call and announces it in Mandarin
// after a chime ("请 A023 号到 3 号窗口办理").
//
// Browsers block sound until someone taps the page, unless started as the kiosk set-up says
// (Chromium with --autoplay-policy=no-user-gesture-required). At start the display tries a
// silent sound: when the browser refuses it (or refuses speech later), a notice says so on
// screen, with a button that turns the sound on.
(function () {
  const body = document.body;
  const url = body.dataset.url;
  // The translated sentences come from the page's data attributes (no inline script).
  const text = { call: body.dataset.textCall, counter: body.dataset.textCounter };
  const announced = document.getElementById("announced");
  const blockedNotice = document.getElementById("sound-blocked");
  let lastId = null;
  let audio = null;

  function soundBlocked() {
    body.dataset.sound = "blocked";
    blockedNotice.hidden = false;
  }

  function soundOn() {
    body.dataset.sound = "on";
    blockedNotice.hidden = true;
  }

  function audioContext() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    } catch (error) { /* no sound device */ }
    return audio;
  }

  // A silent clip played without a tap: its play() promise tells whether sound may start.
  function probe() {
    const clip = new Audio(body.dataset.probe);
    return clip.play().then(soundOn, (error) => {
      if (error && error.name === "NotAllowedError") soundBlocked();
      else soundOn(); // no sound device or no file: nothing a tap would change
    });
  }

  function chime() {
    const context = audioContext();
    if (!context) return;
    if (context.state === "suspended") context.resume();
    [880, 660].forEach((freq, i) => {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.2, context.currentTime + i * 0.35);
      gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + i * 0.35 + 0.3);
      osc.connect(gain).connect(context.destination);
      osc.start(context.currentTime + i * 0.35);
      osc.stop(context.currentTime + i * 0.35 + 0.3);
    });
  }

  function speak(sentence) {
    if (!("speechSynthesis" in window)) return;
    const utterance = new SpeechSynthesisUtterance(sentence);
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    // "not-allowed": the browser's autoplay rule refused to speak without a tap.
    utterance.addEventListener("error", (event) => {
      if (event.error === "not-allowed") soundBlocked();
    });
    window.speechSynthesis.speak(utterance);
  }

  function say(call) {
    const sentence = text.call.replace("{number}", call.number).replace("{counter}", call.counter);
    announced.textContent = sentence;
    announced.dataset.count = String(Number(announced.dataset.count || 0) + 1);
    chime();
    setTimeout(() => speak(sentence), 800);
  }

  function render(data) {
    const latest = data.calls[0];
    document.getElementById("latest").textContent = latest
      ? `${latest.number} → ${text.counter.replace("{counter}", latest.counter)}` : "—";
    document.getElementById("counters").innerHTML = data.counters.map((c) =>
      `<li><span class="c">${text.counter.replace("{counter}", c.counter)}</span><span class="n">${c.number}</span></li>`).join("");
    document.getElementById("recent").innerHTML = data.calls.map((c) =>
      `<li>${c.number} → ${text.counter.replace("{counter}", c.counter)}</li>`).join("");
    document.getElementById("waiting").innerHTML = data.waiting.map((w) =>
      `<li>${w.prefix} ${w.name}<strong>${w.waiting}</strong></li>`).join("");
  }

  async function poll() {
    try {
      const data = await (await fetch(url, { cache: "no-store" })).json();
      render(data);
      const fresh = lastId === null ? [] : data.calls.filter((c) => c.id > lastId).reverse();
      fresh.forEach(say);
      if (data.calls.length) lastId = Math.max(lastId || 0, data.calls[0].id);
      if (lastId === null) lastId = 0;
    } catch (error) { /* the next poll tries again */ }
  }

  function tick() {
    document.getElementById("clock").textContent = new Date().toLocaleString("zh-CN", {
      hour12: false,
      timeZone: document.body.dataset.timeZone, // the center's, not the TV's own setting
    });
  }
  // The tap is the user gesture the browser waits for: sound is allowed from then on.
  document.getElementById("sound").addEventListener("click", () => {
    const context = audioContext();
    if (context) context.resume();
    chime();
    probe();
  });
  probe();
  poll(); tick();
  setInterval(poll, 1000);
  setInterval(tick, 1000);
})();
