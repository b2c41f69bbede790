/**
 * The sandbox page: the chat list of the simulated people, the chosen person's chat with the bot,
 * and the sandbox's controls (time, new people, reset). State comes from /api/state and /api/chats,
 * then stays current through the server-sent events of /api/events; nothing reloads.
 */
import { drawMessages, drawReplyKeyboard, el, previewOf, shortTime } from "./chat.js";

const $ = (id) => document.getElementById(id);

const state = {
  status: "starting",
  people: [],
  /** person id → { messages, replyKeyboard, menu } */
  chats: new Map(),
  unread: new Map(),
  open: null,
  clock: { now: Date.now(), aheadMs: 0, at: performance.now() },
  targets: { states: [], orgs: [] },
  /** "messageId|data" of presses the bot has not answered yet */
  pending: new Set(),
};

async function api(path, body) {
  const res = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error ?? `${res.status} ${res.statusText}`);
  return data;
}

function chatOf(id) {
  let chat = state.chats.get(id);
  if (!chat) {
    chat = { messages: [], replyKeyboard: null, menu: [] };
    state.chats.set(id, chat);
  }
  return chat;
}

function personOf(id) {
  return state.people.find((p) => p.id === id);
}

const COLOURS = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];

function avatar(person) {
  const initials = person.name
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0] ?? "")
    .join("");
  return el(
    "span",
    { class: "avatar", style: `background:${COLOURS[person.id % COLOURS.length]}` },
    initials,
  );
}

function describe(person) {
  return [person.roleName, person.affiliation, person.languageName].filter(Boolean).join(" · ");
}

// ——— drawing ———

let frame = 0;
function redraw() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    drawList();
    drawOpenChat();
  });
}

function drawList() {
  const items = state.people.map((p) => {
    const chat = state.chats.get(p.id);
    const last = chat?.messages.at(-1);
    const unread = state.unread.get(p.id) ?? 0;
    const preview =
      p.status === "joining"
        ? "joining…"
        : p.status === "failed"
          ? `could not join: ${p.problem ?? ""}`
          : previewOf(last);
    return el(
      "button",
      { type: "button", class: `chat-item${p.id === state.open ? " active" : ""}`, "data-person": p.id },
      avatar(p),
      el(
        "span",
        { class: "chat-item-text" },
        el(
          "span",
          { class: "chat-item-top" },
          el("span", { class: "chat-item-name" }, p.name),
          el("span", { class: "chat-item-time" }, last ? shortTime(last.date) : ""),
        ),
        el("span", { class: "chat-item-role" }, describe(p)),
        el(
          "span",
          { class: "chat-item-bottom" },
          el("span", { class: `chat-item-preview ${p.status}` }, preview),
          unread ? el("span", { class: "unread" }, unread) : null,
        ),
      ),
    );
  });
  $("people").replaceChildren(...items);
}

function drawOpenChat() {
  const person = personOf(state.open);
  const open = Boolean(person);
  $("app").classList.toggle("chat-open", open);
  $("no-chat").hidden = open;
  $("chat-head").hidden = !open;
  $("composer").hidden = !open;
  if (!open) {
    $("messages").replaceChildren();
    drawReplyKeyboard($("reply-keyboard"), null);
    return;
  }
  const chat = chatOf(person.id);
  $("chat-avatar").replaceWith(Object.assign(avatar(person), { id: "chat-avatar" }));
  $("chat-title").textContent = person.name;
  $("chat-sub").textContent = describe(person);
  drawMessages($("messages"), chat.messages, state.pending);
  drawReplyKeyboard($("reply-keyboard"), chat.replyKeyboard);
  $("text").placeholder = chat.replyKeyboard?.placeholder ?? "Message";
  $("menu-button").hidden = chat.menu.length === 0;
  if (!$("menu-list").hidden) drawMenu();
}

function drawMenu() {
  const chat = chatOf(state.open);
  $("menu-list").replaceChildren(
    ...chat.menu.map((c) =>
      el(
        "button",
        { type: "button", class: "menu-item", "data-command": `/${c.command}` },
        el("span", { class: "menu-command" }, `/${c.command}`),
        el("span", { class: "menu-description" }, c.description),
      ),
    ),
  );
}

function drawStatus() {
  document.body.dataset.status = state.status;
  const text = {
    starting: "Starting the bot and inviting the people…",
    ready: "Ready. Pick a person and talk to the bot as them.",
    resetting: "Resetting: a new database, the same people…",
    failed: "The sandbox could not start; see its console.",
  }[state.status];
  $("status").textContent = text ?? state.status;
}

function drawClock() {
  const now = state.clock.now + (performance.now() - state.clock.at);
  $("clock-now").textContent = new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(now);
  const days = state.clock.aheadMs / 86_400_000;
  $("clock-ahead").textContent =
    state.clock.aheadMs > 0
      ? `(+${days >= 1 ? `${days.toFixed(days % 1 ? 1 : 0)} d` : `${Math.round(state.clock.aheadMs / 60_000)} min`})`
      : "";
}

function toast(text) {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  t.classList.remove("fade");
  clearTimeout(toast.fadeTimer);
  clearTimeout(toast.hideTimer);
  toast.fadeTimer = setTimeout(() => t.classList.add("fade"), 2200);
  toast.hideTimer = setTimeout(() => {
    t.hidden = true;
  }, 2600);
}

function alertBox(text) {
  $("alert-text").textContent = text;
  if (!$("alert").open) $("alert").showModal();
}

// ——— data ———

function upsert(chatId, message) {
  const chat = chatOf(chatId);
  const i = chat.messages.findIndex((m) => m.id === message.id);
  if (i >= 0) chat.messages[i] = message;
  else {
    chat.messages.push(message);
    chat.messages.sort((a, b) => a.id - b.id);
    if (!message.out && chatId !== state.open) state.unread.set(chatId, (state.unread.get(chatId) ?? 0) + 1);
  }
}

async function loadAll() {
  const s = await api("/api/state");
  applyState(s);
  const chats = await api("/api/chats");
  state.chats = new Map(Object.entries(chats).map(([id, chat]) => [Number(id), chat]));
  redraw();
}

function applyState(s) {
  state.status = s.status;
  state.people = s.people;
  state.targets = s.targets;
  fillLanguages(s.languages);
  state.clock = { ...s.clock, at: performance.now() };
  if (state.open !== null && !personOf(state.open)) state.open = null;
  drawStatus();
  drawClock();
  fillTargets();
  redraw();
}

function connect() {
  const events = new EventSource("/api/events");
  const on = (name, handle) => events.addEventListener(name, (e) => handle(JSON.parse(e.data)));
  on("message", ({ chatId, message }) => {
    upsert(chatId, message);
    redraw();
  });
  on("delete", ({ chatId, messageId }) => {
    const chat = chatOf(chatId);
    chat.messages = chat.messages.filter((m) => m.id !== messageId);
    redraw();
  });
  on("keyboard", ({ chatId, replyKeyboard }) => {
    chatOf(chatId).replyKeyboard = replyKeyboard;
    redraw();
  });
  on("menu", ({ chatId, menu }) => {
    chatOf(chatId).menu = menu;
    redraw();
  });
  on("answer", ({ chatId, messageId, data, text, showAlert, url }) => {
    state.pending.delete(`${messageId}|${data}`);
    redraw();
    if (chatId !== state.open) return;
    if (text && showAlert) alertBox(text);
    else if (text) toast(text);
    if (url) window.open(url, "_blank", "noopener");
  });
  on("people", (people) => {
    const known = new Set(state.people.map((p) => p.id));
    state.people = people;
    for (const p of people) {
      if (known.has(p.id)) continue;
      api(`/api/chats/${p.id}`)
        .then((chat) => {
          const current = chatOf(p.id);
          for (const m of chat.messages)
            if (!current.messages.some((x) => x.id === m.id)) current.messages.push(m);
          current.messages.sort((a, b) => a.id - b.id);
          current.menu = chat.menu;
          current.replyKeyboard = chat.replyKeyboard;
          redraw();
        })
        .catch(() => {});
    }
    redraw();
  });
  on("status", ({ status }) => {
    state.status = status;
    drawStatus();
  });
  on("clock", (clock) => {
    state.clock = { ...clock, at: performance.now() };
    drawClock();
  });
  on("notice", ({ text }) => toast(text));
  on("reset", (s) => {
    state.chats = new Map();
    state.unread = new Map();
    state.pending = new Set();
    applyState(s);
  });
  events.addEventListener("open", () => loadAll().catch((e) => toast(e.message)));
}

// ——— actions ———

function openChat(id) {
  state.open = id;
  $("toast").hidden = true;
  state.unread.delete(id);
  $("menu-list").hidden = true;
  $("menu-button").setAttribute("aria-expanded", "false");
  redraw();
  if (matchMedia("(min-width: 761px)").matches) $("text").focus();
}

async function send(text) {
  if (state.open === null || !text.trim()) return;
  try {
    await api(`/api/chats/${state.open}/send`, { text });
  } catch (e) {
    toast(e.message);
  }
}

async function press(button) {
  const kind = button.dataset.kind;
  if (kind === "url") return void window.open(button.dataset.url, "_blank", "noopener");
  if (kind !== "callback") return;
  const messageId = Number(button.dataset.message);
  const data = button.dataset.data;
  const key = `${messageId}|${data}`;
  state.pending.add(key);
  redraw();
  setTimeout(() => {
    if (state.pending.delete(key)) redraw();
  }, 20_000);
  try {
    await api(`/api/chats/${state.open}/press`, { messageId, data });
  } catch (e) {
    state.pending.delete(key);
    redraw();
    toast(e.message);
  }
}

function fillTargets() {
  const role = $("add-role").value;
  const select = $("add-target");
  const chosen = select.value;
  const option = (kind, t) => el("option", { value: `${kind}:${t.code}` }, t.name);
  const states = el(
    "optgroup",
    { label: "States" },
    state.targets.states.map((t) => option("state", t)),
  );
  const orgs = el(
    "optgroup",
    { label: "Organisations" },
    state.targets.orgs.map((t) => option("org", t)),
  );
  select.replaceChildren(...(role === "observer" ? [orgs, states] : [states]));
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  $("add-target-label").hidden = role === "secretariat";
}

function fillLanguages(languages) {
  const select = $("add-language");
  if (select.options.length > 0) return;
  select.replaceChildren(
    ...Object.entries(languages).map(([code, name]) => el("option", { value: code }, name)),
  );
  select.value = "uz" in languages ? "uz" : Object.keys(languages)[0];
}

async function addPerson(form) {
  const data = new FormData(form);
  const [kind, code] = String(data.get("target") ?? "").split(":");
  const role = String(data.get("role"));
  $("add-error").textContent = "";
  $("add-submit").disabled = true;
  try {
    const person = await api("/api/people", {
      firstName: data.get("firstName"),
      lastName: data.get("lastName"),
      role,
      target: role === "secretariat" ? null : { kind, code },
      language: data.get("language"),
    });
    $("add-dialog").close();
    openChat(person.id);
  } catch (e) {
    $("add-error").textContent = e.message;
  } finally {
    $("add-submit").disabled = false;
  }
}

function wire() {
  $("people").addEventListener("click", (e) => {
    const item = e.target.closest(".chat-item");
    if (item) openChat(Number(item.dataset.person));
  });
  $("back").addEventListener("click", () => {
    state.open = null;
    redraw();
  });
  $("messages").addEventListener("click", (e) => {
    const button = e.target.closest(".inline-button");
    if (button) return void press(button);
    const command = e.target.closest("a.command");
    if (command) {
      e.preventDefault();
      return void send(command.dataset.command);
    }
    const spoiler = e.target.closest(".spoiler");
    if (spoiler) return spoiler.classList.add("revealed");
    const quote = e.target.closest("blockquote.expandable");
    if (quote) quote.classList.toggle("expanded");
  });
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("text").value;
    $("text").value = "";
    $("menu-list").hidden = true;
    void send(text);
  });
  $("menu-button").addEventListener("click", () => {
    const list = $("menu-list");
    list.hidden = !list.hidden;
    $("menu-button").setAttribute("aria-expanded", String(!list.hidden));
    if (!list.hidden) drawMenu();
  });
  $("menu-list").addEventListener("click", (e) => {
    const item = e.target.closest(".menu-item");
    if (!item) return;
    $("menu-list").hidden = true;
    $("menu-button").setAttribute("aria-expanded", "false");
    void send(item.dataset.command);
  });
  $("reply-keyboard").addEventListener("click", (e) => {
    const button = e.target.closest(".reply-button");
    if (!button) return;
    const chat = chatOf(state.open);
    if (chat.replyKeyboard?.oneTime) chat.replyKeyboard = null;
    void send(button.dataset.text);
    redraw();
  });
  $("attach").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", async () => {
    const file = $("file").files?.[0];
    $("file").value = "";
    if (!file || state.open === null) return;
    const res = await fetch(`/api/chats/${state.open}/document`, {
      method: "POST",
      headers: {
        "content-type": file.type || "application/octet-stream",
        "x-file-name": encodeURIComponent(file.name),
      },
      body: file,
    });
    if (!res.ok) toast((await res.json().catch(() => ({}))).error ?? "The file was not sent.");
  });
  for (const button of document.querySelectorAll("[data-advance]")) {
    button.addEventListener("click", () => advance(Number(button.dataset.advance)));
  }
  $("clock-more").addEventListener("click", () => $("clock-dialog").showModal());
  $("clock-cancel").addEventListener("click", () => $("clock-dialog").close());
  $("clock-form").addEventListener("submit", (e) => {
    const data = new FormData(e.target);
    void advance(Number(data.get("amount")) * Number(data.get("unit")));
  });
  $("add-person").addEventListener("click", () => {
    fillTargets();
    $("add-error").textContent = "";
    $("add-dialog").showModal();
  });
  $("add-cancel").addEventListener("click", () => $("add-dialog").close());
  $("add-role").addEventListener("change", fillTargets);
  $("add-form").addEventListener("submit", (e) => {
    e.preventDefault();
    void addPerson(e.target);
  });
  $("reset").addEventListener("click", async () => {
    if (!confirm("Start again with a new database? Every chat and answer so far is dropped.")) return;
    state.open = null;
    await api("/api/reset", {}).catch((e) => toast(e.message));
  });
  setInterval(drawClock, 10_000);
}

async function advance(ms) {
  try {
    const clock = await api("/api/clock", { advanceMs: ms });
    state.clock = { ...clock, at: performance.now() };
    drawClock();
    toast("Time moved forward. What falls due follows within half a minute.");
  } catch (e) {
    toast(e.message);
  }
}

wire();
connect();
