/**
 * The sandbox (`npm run sandbox`) over its HTTP API, without a browser: the people ready at start
 * joined through the bot's own invitations; a person added from the page joins through the
 * secretariat's /invite; menus follow each person's role and language; live events arrive; files
 * go both ways; the clock moves the bot's time; bad requests change nothing; a reset starts anew.
 */
import { request } from "node:http";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localeStrings } from "../support/locale-files.js";
import { type RunningSandbox, startSandbox } from "../support/sandbox-process.js";

interface PageMessage {
  id: number;
  out: boolean;
  html: string;
  date: number;
  keyboard?: { text: string; kind: string; data?: string }[][];
  document?: { fileId: string; name: string; mimeType: string; size: number };
}
interface Chat {
  messages: PageMessage[];
  menu: { command: string; description: string }[];
}
interface Person {
  id: number;
  name: string;
  role: string;
  language: string;
  status: string;
}
interface State {
  status: string;
  people: Person[];
  clock: { now: number; aheadMs: number };
  databasePath: string;
}

let sandbox: RunningSandbox;

async function call<T>(path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => null)) as T };
}

/** The status of a GET sent with another Host header (fetch does not let one set it). */
function statusWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${sandbox.url}${path}`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

const state = async () => (await call<State>("/api/state")).json;
const chat = async (id: number) => (await call<Chat>(`/api/chats/${id}`)).json;
const text = (m: PageMessage) =>
  m.html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\n${sandbox.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The newest bot message in a person's chat whose text matches, once there. */
function botMessage(id: number, re: RegExp): Promise<PageMessage> {
  return until(`a message matching ${re} in chat ${id}`, async () =>
    (await chat(id)).messages.filter((m) => !m.out && re.test(text(m))).at(-1),
  );
}

async function personNamed(name: string): Promise<Person> {
  const found = (await state()).people.find((p) => p.name === name);
  if (!found) throw new Error(`nobody called ${name}`);
  return found;
}

function query<T>(path: string, sql: string): T[] {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  sandbox = await startSandbox();
  await until("everyone to join", async () => (await state()).status === "ready", 60_000);
});

afterAll(async () => {
  await sandbox?.stop();
});

describe("sandbox", () => {
  it("starts with six people, each joined through an invitation in their own language", async () => {
    const s = await state();
    expect(s.people.map((p) => [p.role, p.language, p.status])).toEqual([
      ["secretariat", "en", "joined"],
      ["coordinator", "kk", "joined"],
      ["coordinator", "ky", "joined"],
      ["coordinator", "tg", "joined"],
      ["coordinator", "tk", "joined"],
      ["observer", "ru", "joined"],
    ]);
    const people = query<{
      role: string;
      state_code: string | null;
      org_code: string | null;
      language: string;
    }>(s.databasePath, "SELECT role, state_code, org_code, language FROM people ORDER BY id");
    expect(people.map((p) => `${p.role} ${p.state_code ?? p.org_code ?? "-"} ${p.language}`)).toEqual([
      "secretariat - en",
      "coordinator KZ kk",
      "coordinator KG ky",
      "coordinator TJ tg",
      "coordinator TM tk",
      "observer UNHCR ru",
    ]);
    // The first from the operator's CLI, the others from the secretariat member's /invite; all used.
    const invitations = query<{ created_by: number | null; used_by: number | null }>(
      s.databasePath,
      "SELECT created_by, used_by FROM invitations ORDER BY id",
    );
    // (The bot also logs a link of its own at its first start, with nobody of the secretariat yet: unused.)
    const used = invitations.filter((i) => i.used_by !== null);
    expect(used.map((i) => i.created_by)).toEqual([null, 1, 1, 1, 1, 1]);
    const secretariat = s.people[0]?.id ?? 0;
    const invites = (await chat(secretariat)).messages.filter((m) => m.out && text(m) === "/invite");
    expect(invites).toHaveLength(5);
  });

  it("shows each person the command menu of their role in their language", async () => {
    const [secretariat, kazakhstan] = (await state()).people;
    const kk = localeStrings("kk");
    const menuOf = async (id: number) => (await chat(id)).menu;
    const sMenu = await menuOf(secretariat?.id ?? 0);
    expect(sMenu.map((c) => c.command)).toContain("invite");
    expect(sMenu.find((c) => c.command === "rounds")?.description).toBe(
      localeStrings("en").get("commands:rounds"),
    );
    const kMenu = await menuOf(kazakhstan?.id ?? 0);
    expect(kMenu.map((c) => c.command)).not.toContain("invite");
    expect(kMenu.find((c) => c.command === "review")?.description).toBe(kk.get("commands:review"));
  });

  it("adds a person from the form: the secretariat invites, they open the link and join", async () => {
    const before = (await state()).people.length;
    const added = await call<Person>("/api/people", {
      firstName: "Dilnoza",
      lastName: "Karimova",
      role: "observer",
      target: { kind: "state", code: "UZ" },
      language: "uz",
    });
    expect(added.status).toBe(200);
    const id = added.json.id;
    const joined = await until("Dilnoza to join", async () =>
      (await state()).people.find((p) => p.id === id && p.status === "joined"),
    );
    expect(joined).toMatchObject({ name: "Dilnoza Karimova", role: "observer", language: "uz" });
    expect((await state()).people).toHaveLength(before + 1);
    const own = (await chat(id)).messages;
    expect(own[0]?.out && text(own[0])).toMatch(/^\/start [\w-]+$/);
    const secretariat = (await state()).people[0]?.id ?? 0;
    await botMessage(secretariat, /https:\/\/t\.me\/\S+\?start=/);
  });

  it("adds a person while the secretariat is in the middle of a flow, which goes on undisturbed", async () => {
    const secretariat = (await personNamed("Saule Abenova")).id;
    await call(`/api/chats/${secretariat}/send`, { text: "/newmeeting" });
    await botMessage(secretariat, /Title in Russian/);
    const added = await call<Person>("/api/people", {
      firstName: "Ivan",
      role: "observer",
      target: { kind: "org", code: "IOM" },
      language: "ru",
    });
    expect(added.status).toBe(200);
    await until("Ivan to join", async () =>
      (await state()).people.find((p) => p.id === added.json.id && p.status === "joined"),
    );
    await call(`/api/chats/${secretariat}/send`, { text: "Совещание" });
    await botMessage(secretariat, /Title in English/);
    await call(`/api/chats/${secretariat}/send`, { text: "/cancel" });
  });

  it("refuses what it cannot do, clearly, and changes nothing", async () => {
    const before = (await state()).people.length;
    const unknown = await call<{ error: string }>("/api/people", {
      firstName: "X",
      role: "coordinator",
      target: { kind: "state", code: "ZZ" },
      language: "en",
    });
    expect(unknown.status).toBe(409);
    expect(unknown.json.error).toBe("Please give a known state.");
    const orgCoordinator = await call<{ error: string }>("/api/people", {
      firstName: "X",
      role: "coordinator",
      target: { kind: "org", code: "UNHCR" },
      language: "en",
    });
    expect(orgCoordinator.json.error).toMatch(/only observers represent an organisation/);
    const backwards = await call<{ error: string }>("/api/clock", { advanceMs: -3_600_000 });
    expect(backwards.json.error).toMatch(/forward only/);
    const gone = await call<{ error: string }>(`/api/chats/${(await state()).people[0]?.id}/press`, {
      messageId: 999_999,
      data: "inv:coordinator:_",
    });
    expect(gone.json.error).toMatch(/not there/);
    const form = await fetch(`${sandbox.url}/api/reset`, { method: "POST", body: "a=1" });
    expect(form.status).toBe(415);
    expect(await statusWithHost("/api/state", "evil.example")).toBe(403);
    expect(await statusWithHost("/api/state", "localhost")).toBe(200);
    expect((await state()).people).toHaveLength(before);
    expect((await state()).status).toBe("ready");
  });

  it("streams what the bot sends as live events", async () => {
    const observer = await personNamed("Olga Petrova");
    const controller = new AbortController();
    const res = await fetch(`${sandbox.url}/api/events`, { signal: controller.signal });
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no event stream");
    let received = "";
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += decoder.decode(value);
      }
    })().catch(() => undefined);
    await call(`/api/chats/${observer.id}/send`, { text: "/help" });
    await until("a live message from the bot", async () =>
      received
        .split("\n\n")
        .some((frame) => frame.startsWith("event: message") && frame.includes('"out":false')),
    );
    const frames = received.split("\n\n").filter((f) => f.startsWith("event: message"));
    const events = frames.map(
      (f) => JSON.parse(f.split("\ndata: ")[1] ?? "{}") as { chatId: number; message: PageMessage },
    );
    expect(events[0]).toMatchObject({
      chatId: observer.id,
      message: { out: true, html: expect.stringContaining("/help") },
    });
    expect(events.some((e) => e.chatId === observer.id && !e.message.out)).toBe(true);
    controller.abort();
    await reading;
  });

  it("passes files both ways: a person's document reaches the bot and downloads as sent", async () => {
    const secretariat = await personNamed("Saule Abenova");
    const content = "Not a round file, just notes: Алматы\n";
    const res = await fetch(`${sandbox.url}/api/chats/${secretariat.id}/document`, {
      method: "POST",
      headers: { "content-type": "text/plain", "x-file-name": encodeURIComponent("заметки.txt") },
      body: content,
    });
    expect(res.status).toBe(200);
    const { messageId } = (await res.json()) as { messageId: number };
    const sent = (await chat(secretariat.id)).messages.find((m) => m.id === messageId);
    expect(sent?.document).toMatchObject({ name: "заметки.txt", mimeType: "text/plain" });
    const download = await fetch(`${sandbox.url}/api/files/${sent?.document?.fileId}`);
    expect(download.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("заметки.txt")}`,
    );
    expect(await download.text()).toBe(content);
    // The bot read it as a round file and answered (whatever it said, it said something after it).
    await until("the bot to answer the file", async () =>
      (await chat(secretariat.id)).messages.some((m) => !m.out && m.id > messageId),
    );
  });

  it("moves the bot's time forward", async () => {
    const secretariat = await personNamed("Saule Abenova");
    const almatyTime = (ms: number) =>
      new Intl.DateTimeFormat("en-GB", {
        timeZone: "Asia/Almaty",
        hour: "2-digit",
        minute: "2-digit",
      }).format(ms);
    const botTime = async () => {
      const since = (await chat(secretariat.id)).messages.at(-1)?.id ?? 0;
      await call(`/api/chats/${secretariat.id}/send`, { text: "/timezone" });
      const answer = await until("the time zone answer", async () =>
        (await chat(secretariat.id)).messages.find(
          (m) => m.id > since && !m.out && /it is .* there now/.test(text(m)),
        ),
      );
      await call(`/api/chats/${secretariat.id}/send`, { text: "/cancel" });
      return /it is (.*) there now/.exec(text(answer))?.[1] ?? "";
    };
    const before = await botTime();
    const advanced = await call<{ now: number; aheadMs: number }>("/api/clock", {
      advanceMs: 5 * 3_600_000 + 7 * 60_000,
    });
    expect(advanced.json.aheadMs).toBe(5 * 3_600_000 + 7 * 60_000);
    const after = await botTime();
    expect(after).not.toBe(before);
    // Within a minute of the sandbox's time, which the page also shows.
    const now = (await state()).clock.now;
    expect([almatyTime(now - 60_000), almatyTime(now)]).toContain(after);
  });

  it("resets to a new database with the same people and today's time", async () => {
    const old = await state();
    const reset = await call("/api/reset", {});
    expect(reset.status).toBe(202);
    const fresh = await until(
      "the new world",
      async () => {
        const s = await state();
        return s.status === "ready" && s.databasePath !== old.databasePath ? s : undefined;
      },
      60_000,
    );
    expect(fresh.people.map((p) => p.name)).toEqual(old.people.slice(0, 6).map((p) => p.name));
    expect(fresh.clock.aheadMs).toBe(0);
    const secretariat = fresh.people[0]?.id ?? 0;
    expect((await chat(secretariat)).messages.some((m) => text(m) === "/timezone")).toBe(false);
  });
});
