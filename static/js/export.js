// Long exports show progress (已导出 N 行 / 共 M 行), then save the file. The server streams
// the file and says how many rows come (X-Total-Rows); nothing is kept between requests, so
// any number of app processes can serve it. Without JavaScript the plain link downloads.
(function () {
  const box = document.querySelector("[data-export-progress]");
  if (!box || !window.fetch || !window.ReadableStream) return;
  const bar = box.querySelector("progress");
  const label = box.querySelector("[data-export-label]");
  let busy = false;

  function show(text, rows, total) {
    box.hidden = false;
    label.textContent = text.replace("{rows}", rows.toLocaleString()).replace("{total}", total.toLocaleString());
    if (total) {
      bar.max = total;
      bar.value = Math.min(rows, total);
    }
  }

  function fileName(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const encoded = /filename\*=utf-8''([^;]+)/i.exec(header);
    if (encoded) return decodeURIComponent(encoded[1]);
    const plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  // CSV: one line a row (names never hold a line break). XLSX: the sheet is the zip's first
  // entry; inflating it as it arrives lets us count its rows.
  function csvCounter() {
    let rows = -1; // the header line
    return (chunk) => {
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) rows++;
      return Math.max(rows, 0);
    };
  }

  function xlsxCounter() {
    if (!window.DecompressionStream) return null;
    let rows = -1; // the header row
    let head = new Uint8Array(0);
    let writer = null;
    let tail = "";
    const decoder = new TextDecoder();
    function start(bytes) {
      const inflate = new DecompressionStream("deflate-raw");
      writer = inflate.writable.getWriter();
      const reader = inflate.readable.getReader();
      (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            const text = tail + decoder.decode(value, { stream: true });
            rows += text.split("</row>").length - 1;
            tail = text.slice(-5);
          }
        } catch (error) {
          // The sheet's data ended; what follows is the rest of the zip.
        }
      })();
      writer.write(bytes).catch(() => {});
    }
    return (chunk) => {
      if (writer) {
        writer.write(chunk).catch(() => {});
      } else {
        const joined = new Uint8Array(head.length + chunk.length);
        joined.set(head);
        joined.set(chunk, head.length);
        head = joined;
        if (head.length >= 30) {
          const view = new DataView(head.buffer);
          const offset = 30 + view.getUint16(26, true) + view.getUint16(28, true);
          if (head.length >= offset) start(head.slice(offset));
        }
      }
      return Math.max(rows, 0);
    };
  }

  async function download(link) {
    busy = true;
    const texts = box.dataset;
    show(texts.starting, 0, 0);
    bar.removeAttribute("value");
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      if (!response.ok) {
        show((await response.text()) || texts.failed, 0, 0);
        return;
      }
      const total = Number(response.headers.get("X-Total-Rows")) || 0;
      const count = link.dataset.export === "csv" ? csvCounter() : xlsxCounter();
      const reader = response.body.getReader();
      const chunks = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        if (count) show(texts.progress, count(value), total);
        else show(texts.received, Math.round(received / 1048576), total);
      }
      const blob = new Blob(chunks, { type: response.headers.get("Content-Type") || "" });
      const url = URL.createObjectURL(blob);
      const save = document.createElement("a");
      save.href = url;
      save.download = fileName(response, link.dataset.export === "csv" ? "export.csv" : "export.xlsx");
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      show(texts.done, total, total);
    } catch (error) {
      show(texts.failed, 0, 0);
    } finally {
      busy = false;
    }
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-export]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (!busy) download(link);
  });
})();
