/**
 * Structured logs (pino). Secrets never reach them: the bot token is cut out of every line,
 * whatever field or error message it hides in.
 */
import { type Logger, pino } from "pino";

export type { Logger };

/** A logger that writes JSON lines to stdout with every occurrence of the given secrets replaced. */
export function createLogger(level: string, secrets: readonly string[] = []): Logger {
  const hidden = secrets.filter((s) => s.length >= 8);
  const scrub = (line: string) => hidden.reduce((out, secret) => out.split(secret).join("[redacted]"), line);
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ["token", "botToken", "*.token", "*.botToken", "config.botToken"],
      censor: "[redacted]",
    },
    hooks: {
      streamWrite: hidden.length ? scrub : (line) => line,
    },
  });
}
