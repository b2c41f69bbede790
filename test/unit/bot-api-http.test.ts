import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Api, GrammyError, HttpError, InputFile } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { botApiClientOptions, botApiFetch } from "../../src/bot/bot-api-http.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

let server: Server | undefined;
const seen: Seen[] = [];

/** A local server that records each request and answers with `respond`. */
async function serve(respond: (req: Seen, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(entry);
      respond(entry, res);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  seen.length = 0;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const TOKEN = "123:secret-token";

describe("the Bot API HTTP client", () => {
  it("posts grammY's JSON payload and gives back the parsed answer, over one kept-alive connection", async () => {
    const sockets = new Set<unknown>();
    const root = await serve((req, res) => {
      const payload = JSON.parse(req.body.toString("utf8")) as { chat_id: number; text: string };
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          ok: true,
          result: {
            message_id: seen.length,
            date: 1,
            chat: { id: payload.chat_id, type: "private" },
            text: payload.text,
          },
        }),
      );
    });
    server?.on("connection", (socket) => sockets.add(socket));
    const api = new Api(TOKEN, botApiClientOptions(root));
    const first = await api.sendMessage(42, "Привет, <b>мир</b> — ünïcode");
    const second = await api.sendMessage(43, "again");
    expect(first).toMatchObject({ message_id: 1, chat: { id: 42 }, text: "Привет, <b>мир</b> — ünïcode" });
    expect(second).toMatchObject({ message_id: 2, chat: { id: 43 } });
    expect(seen[0]).toMatchObject({ method: "POST", url: `/bot${TOKEN}/sendMessage` });
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(sockets.size).toBe(1);
  });

  it("hands an error answer (any status) to grammY as Telegram's description", async () => {
    const root = await serve((_req, res) => {
      res.statusCode = 403;
      res.end(
        JSON.stringify({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }),
      );
    });
    const error = await new Api(TOKEN, botApiClientOptions(root))
      .sendMessage(1, "x")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(403);
    expect((error as GrammyError).description).toContain("blocked");
  });

  it("uploads a file as a multipart stream", async () => {
    const root = await serve((_req, res) => {
      res.end(
        JSON.stringify({ ok: true, result: { message_id: 7, date: 1, chat: { id: 5, type: "private" } } }),
      );
    });
    const content = "BEGIN:VCALENDAR\r\nSUMMARY:Совещание\r\nEND:VCALENDAR\r\n".repeat(2_000);
    await new Api(TOKEN, botApiClientOptions(root)).sendDocument(
      5,
      new InputFile(Buffer.from(content), "meeting.ics"),
      { caption: "calendar" },
    );
    const upload = seen[0];
    expect(upload?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const body = upload?.body.toString("utf8") ?? "";
    expect(body).toContain("filename=meeting.ics");
    expect(body).toContain(content);
    expect(body).toContain("calendar");
  });

  it("reads an answer that arrives in many pieces, and a compressed one", async () => {
    const updates = Array.from({ length: 300 }, (_, i) => ({
      update_id: i,
      message: { text: "ж".repeat(50) },
    }));
    const text = JSON.stringify({ ok: true, result: updates });
    const root = await serve((req, res) => {
      if (req.url.endsWith("/getUpdates")) {
        for (let i = 0; i < text.length; i += 777) res.write(text.slice(i, i + 777));
        res.end();
      } else {
        res.setHeader("content-encoding", "gzip");
        res.end(gzipSync(JSON.stringify({ ok: true, result: true })));
      }
    });
    const api = new Api(TOKEN, botApiClientOptions(root));
    expect(await api.getUpdates()).toEqual(updates);
    expect(await api.deleteWebhook()).toBe(true);
  });

  it("rejects a body that is not JSON without quoting it", async () => {
    const root = await serve((_req, res) => {
      res.statusCode = 502;
      res.end("<html>Bad gateway: upstream 10.0.0.7 token=abc</html>");
    });
    const answer = await botApiFetch(`${root}/bot${TOKEN}/getMe`, { method: "POST", body: "{}" });
    expect(answer.status).toBe(502);
    expect(answer.ok).toBe(false);
    const error = (await answer.json().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("502");
    expect(error.message).not.toContain("token=abc");
  });

  it("stops a call when its signal aborts (grammY's timeout, the runner's stop)", async () => {
    const root = await serve(() => {
      // never answers
    });
    const controller = new AbortController();
    const pending = botApiFetch(`${root}/bot${TOKEN}/getUpdates`, {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await expect(
      botApiFetch(`${root}/bot${TOKEN}/getMe`, { method: "POST", signal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });

    const timedOut = await new Api(TOKEN, { ...botApiClientOptions(root), timeoutSeconds: 0.2 })
      .getMe()
      .catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(HttpError);
    expect(String((timedOut as HttpError).message)).not.toContain("secret-token");
  });

  it("rejects when nothing listens, without the token in the error", async () => {
    const root = await serve(() => undefined);
    server?.close();
    server?.closeAllConnections();
    await new Promise((r) => setTimeout(r, 20));
    const error = await new Api(TOKEN, botApiClientOptions(root)).getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(String((error as HttpError).message)).not.toContain("secret-token");
  });
});
