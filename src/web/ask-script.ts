/**
 * Progressive enhancement for the ask forms: with JavaScript, the answer's statements appear as they are checked
 * (Server-Sent Events from /api/v1/ask), then the article opens. Without it, or on any failure, the form posts as
 * usual. Served as /assets/ask.js (the Content-Security-Policy allows scripts from the app itself only).
 */
export const ASK_SCRIPT = `
"use strict";
for (const form of document.querySelectorAll("form[data-stream]")) {
  form.addEventListener("submit", async (event) => {
    const data = new FormData(form);
    const question = String(data.get("question") || "").trim();
    if (!question || !window.ReadableStream) return;
    event.preventDefault();
    const live = document.getElementById("live");
    const audience = String(data.get("audience") || "physician");
    live.hidden = false;
    live.replaceChildren(Object.assign(document.createElement("p"), { textContent: "Searching the evidence…" }));
    const list = document.createElement("ul");
    live.append(list);
    try {
      const response = await fetch(form.dataset.stream, {
        method: "POST",
        headers: { Accept: "text/event-stream", "Content-Type": "application/json" },
        body: JSON.stringify({ question, audience }),
      });
      if (!response.ok || !response.body) throw new Error("no stream");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\\n\\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const kind = /^event: (.*)$/m.exec(block)?.[1];
          const payload = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] || "null");
          if (kind === "statement") {
            list.append(Object.assign(document.createElement("li"), { textContent: payload.text }));
          } else if (kind === "article") {
            location.assign(payload.article.url + "?audience=" + encodeURIComponent(audience));
            return;
          } else if (kind === "reply" || kind === "error") {
            live.replaceChildren(Object.assign(document.createElement("p"), { textContent: payload.reply || payload.detail }));
            return;
          }
        }
      }
      throw new Error("stream ended early");
    } catch {
      form.submit();
    }
  });
}
`;
