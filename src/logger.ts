/**
 * Structured logs (pino). Secrets never reach them: the bot token is cut out of every line,
 * whatever field or error message it hides in.
 */
import { GrammyError } from "grammy";
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

/** A loggable description of an error, without request payloads that may carry personal data. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError)
    return { type: "telegram", method: error.method, code: error.error_code, description: error.description };
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { type: typeof error, message: String(error) };
}
