/**
 * Server-sent events to the open pages: each event is a name and a JSON payload; a comment line
 * every 15 seconds keeps idle connections open through proxies and sleeping laptops.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const HEARTBEAT_MS = 15_000;

export class LiveHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat = setInterval(() => {
    for (const res of this.clients) res.write(": still here\n\n");
  }, HEARTBEAT_MS);

  constructor() {
    this.heartbeat.unref();
  }

  /** Takes over a GET request as an event stream. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write("retry: 1000\n\n");
    this.clients.add(res);
    req.on("close", () => this.clients.delete(res));
  }

  send(event: string, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of this.clients) res.write(frame);
  }

  /** Ends every stream (the page reconnects by itself if the sandbox comes back). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
