/**
 * Drawing one chat the way a Telegram app does: bubbles with the bot's formatting (the HTML comes
 * escaped from the sandbox), the time and "edited", inline keyboards, files and pictures, day
 * separators; and the reply keyboard under the message field.
 */

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "long", year: "numeric" });

/** A new element with attributes (`class`, `data-*`, properties for the rest) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("data-") || key.startsWith("aria-")) node.setAttribute(key, String(value));
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function extensionOf(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1, dot + 5).toUpperCase() : "FILE";
}

function documentBlock(doc) {
  const href = `/api/files/${encodeURIComponent(doc.fileId)}`;
  return el(
    "a",
    { class: "document", href, download: doc.name, title: `Download ${doc.name}` },
    el("span", { class: "document-icon" }, extensionOf(doc.name)),
    el(
      "span",
      { class: "document-text" },
      el("span", { class: "document-name" }, doc.name),
      el("span", { class: "document-size" }, sizeText(doc.size)),
    ),
  );
}

function photoBlock(photo) {
  const src = `/api/files/${encodeURIComponent(photo.fileId)}?inline`;
  const img = el("img", { class: "photo", src, alt: "Picture from the bot", loading: "lazy" });
  img.width = photo.width;
  img.height = photo.height;
  return el("a", { href: src, target: "_blank", rel: "noopener" }, img);
}

function keyboardBlock(message, pending) {
  return el(
    "div",
    { class: "inline-keyboard" },
    message.keyboard.map((row) =>
      el(
        "div",
        { class: "keyboard-row" },
        row.map((b) => {
          const waiting = b.kind === "callback" && pending.has(`${message.id}|${b.data}`);
          return el(
            "button",
            {
              type: "button",
              class: `inline-button ${b.kind}${waiting ? " pending" : ""}`,
              "data-kind": b.kind,
              "data-message": message.id,
              "data-data": b.kind === "callback" ? b.data : undefined,
              "data-url": b.kind === "url" ? b.url : undefined,
              title: b.kind === "url" ? b.url : undefined,
            },
            b.text,
            b.kind === "url" ? el("span", { class: "url-mark", "aria-hidden": "true" }, "↗") : null,
          );
        }),
      ),
    ),
  );
}

function messageBlock(m, pending) {
  const body = el("div", { class: "bubble" });
  if (m.replyTo !== undefined) body.append(el("div", { class: "reply-to" }, m.replyTo || "…"));
  if (m.photo) body.append(photoBlock(m.photo));
  if (m.document) body.append(documentBlock(m.document));
  if (m.html) {
    const text = el("div", { class: "text" });
    text.innerHTML = m.html;
    body.append(text);
  }
  body.append(
    el(
      "span",
      { class: "meta" },
      m.edited ? el("span", { class: "edited" }, "edited") : null,
      timeFormat.format(m.date),
    ),
  );
  return el(
    "article",
    { class: `message ${m.out ? "out" : "in"}`, "data-id": m.id },
    body,
    m.keyboard ? keyboardBlock(m, pending) : null,
  );
}

/** Fills `container` with the chat's messages, keeping the reader at the bottom if they were there. */
export function drawMessages(container, messages, pending) {
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  const keep = container.scrollTop;
  const nodes = [];
  let day = "";
  for (const m of messages) {
    const d = dayFormat.format(m.date);
    if (d !== day) {
      day = d;
      nodes.push(el("div", { class: "day" }, el("span", {}, d)));
    }
    nodes.push(messageBlock(m, pending));
  }
  container.replaceChildren(...nodes);
  container.scrollTop = atBottom ? container.scrollHeight : keep;
}

/** The reply keyboard the bot shows in place of the phone's keyboard, if any. */
export function drawReplyKeyboard(container, keyboard) {
  container.hidden = !keyboard;
  if (!keyboard) return container.replaceChildren();
  container.replaceChildren(
    ...keyboard.rows.map((row) =>
      el(
        "div",
        { class: "keyboard-row" },
        row.map((label) =>
          el("button", { type: "button", class: "reply-button", "data-text": label }, label),
        ),
      ),
    ),
  );
}

/** The plain text of a message, for the chat list. */
export function previewOf(m) {
  if (!m) return "";
  const holder = document.createElement("div");
  holder.innerHTML = m.html;
  const text = holder.textContent.replace(/\s+/g, " ").trim();
  if (m.document) return `📄 ${m.document.name}${text ? ` · ${text}` : ""}`;
  if (m.photo) return `🖼 ${text || "Picture"}`;
  return text;
}

export function shortTime(ms) {
  return timeFormat.format(ms);
}
