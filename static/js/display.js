// The hall display: polls once a second, shows each new call and announces it in Mandarin
// after a chime ("请 A023 号到 3 号窗口办理").
(function () {
  const url = document.body.dataset.url;
  // The translated sentences come from the page's data attributes (no inline script).
  const text = { call: document.body.dataset.textCall, counter: document.body.dataset.textCounter };
  const announced = document.getElementById("announced");
  let lastId = null;
  let audio = null;

  function chime() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      [880, 660].forEach((freq, i) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.2, audio.currentTime + i * 0.35);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.35 + 0.3);
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + i * 0.35);
        osc.stop(audio.currentTime + i * 0.35 + 0.3);
      });
    } catch (error) { /* no sound device */ }
  }

  function say(call) {
    const sentence = text.call.replace("{number}", call.number).replace("{counter}", call.counter);
    announced.textContent = sentence;
    announced.dataset.count = String(Number(announced.dataset.count || 0) + 1);
    chime();
    if ("speechSynthesis" in window) {
      const utterance = new SpeechSynthesisUtterance(sentence);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      setTimeout(() => window.speechSynthesis.speak(utterance), 800);
    }
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
    document.getElementById("clock").textContent = new Date().toLocaleString("zh-CN", { hour12: false });
  }
  document.getElementById("sound").addEventListener("click", (event) => {
    chime();
    event.target.hidden = true;
  });
  poll(); tick();
  setInterval(poll, 1000);
  setInterval(tick, 1000);
})();
