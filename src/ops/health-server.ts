/**
 * The operator's HTTP endpoints, on `HEALTH_HOST:HEALTH_PORT` (loopback by default):
 *   GET /healthz  200 or 503 with a small JSON report (see health.ts)
 *   GET /metrics  Prometheus text (see metrics.ts)
 * Nothing else is served; it never sees a bot token or a person's data.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import type { HealthReport } from "./health.js";
import type { BotMetrics } from "./metrics.js";

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface HealthServerOptions {
  host: string;
  port: number;
  check: () => HealthReport;
  metrics: BotMetrics;
  logger: Logger;
}

/** Starts listening; resolves once the port is bound (rejects when it cannot be). */
export async function startHealthServer(o: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/healthz") {
      const report = o.check();
      res
        .writeHead(report.healthy ? 200 : 503, {
          "content-type": "application/json",
          "cache-control": "no-store",
        })
        .end(JSON.stringify(report));
      return;
    }
    if (path === "/metrics") {
      o.metrics.exposition().then(
        ({ contentType, body }) => res.writeHead(200, { "content-type": contentType }).end(body),
        (error: unknown) => {
          o.logger.warn({ err: String(error) }, "metrics could not be collected");
          res.writeHead(500, { "content-type": "text/plain" }).end(`metrics failed: ${String(error)}\n`);
        },
      );
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /healthz or /metrics\n");
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  o.logger.info({ host: o.host, port }, "health and metrics listening (GET /healthz, GET /metrics)");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
