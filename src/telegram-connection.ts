/**
 * The connection to the Bot API as the operator needs to see it: an API transformer notes each
 * call's outcome, warns (at most once a minute) while the server cannot be reached, says when it
 * is reachable again, and turns the answers only the operator can fix (a refused token, another
 * process polling with it) into one line that names the setting.
 */
import { GrammyError, HttpError, type Transformer } from "grammy";
import type { Logger } from "./logger.js";
import { OperatorError } from "./operator-error.js";

/** How often the "unreachable" warning repeats while it lasts. */
const WARN_EVERY_MS = 60_000;

export class TelegramConnection {
  /** When a call last succeeded, and when getUpdates last did (polling is alive). */
  lastSuccessAt: number | undefined;
  lastPollAt: number | undefined;
  private unreachableSince: number | undefined;
  private warnedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly apiRoot: string,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Install with `api.config.use(...)` on every client that talks to the Bot API, nearest the
   * network. A call that met a connection the server had just closed (an idle kept-alive one) is
   * made once more at once, on a new connection; any other network failure is the caller's.
   */
  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await prev(method, payload, signal);
          this.succeeded(method);
          return result;
        } catch (error) {
          if (!(error instanceof HttpError) || signal?.aborted) throw error;
          if (attempt === 1 && closedUnderneath(error)) continue;
          this.unreachable(method, error);
          throw error;
        }
      }
    };
  }

  private succeeded(method: string): void {
    const at = this.now();
    this.lastSuccessAt = at;
    if (method === "getUpdates") this.lastPollAt = at;
    if (this.unreachableSince !== undefined) {
      this.logger.info(
        { apiRoot: this.apiRoot, downForSeconds: Math.round((at - this.unreachableSince) / 1000) },
        "Telegram Bot API reachable again",
      );
      this.unreachableSince = undefined;
      this.warnedAt = Number.NEGATIVE_INFINITY;
    }
  }

  private unreachable(method: string, error: HttpError): void {
    const at = this.now();
    this.unreachableSince ??= at;
    if (at - this.warnedAt < WARN_EVERY_MS) return;
    this.warnedAt = at;
    this.logger.warn(
      { apiRoot: this.apiRoot, method, reason: networkReason(error) },
      `Telegram Bot API unreachable at ${this.apiRoot}; retrying. Check this server's network, or TELEGRAM_API_ROOT if it is set`,
    );
  }
}

/** A reset of a connection that was open: the server closed it as the request went out. */
function closedUnderneath(error: HttpError): boolean {
  const cause = error.error as { code?: string; message?: string } | undefined;
  return (
    cause?.code === "ECONNRESET" || cause?.code === "EPIPE" || /socket hang up/i.test(cause?.message ?? "")
  );
}

/** The network cause without the request's URL (which holds the token): "ECONNREFUSED". */
function networkReason(error: HttpError): string {
  const cause = error.error as { code?: string; message?: string } | undefined;
  return cause?.code ?? /reason: (.*)$/.exec(cause?.message ?? "")?.[1] ?? "network error";
}

/**
 * The operator's line for a Bot API answer they must act on (refused token, a second poller,
 * an address that is not a Bot API server); undefined for anything else.
 */
export function operatorProblem(error: unknown, apiRoot: string): OperatorError | undefined {
  if (!(error instanceof GrammyError)) return undefined;
  if (error.error_code === 401)
    return new OperatorError(
      "BOT_TOKEN was refused by Telegram (401 Unauthorized); copy the token again from @BotFather (/mybots → API Token)",
    );
  if (error.error_code === 409)
    return new OperatorError(
      "another process is already receiving updates with this BOT_TOKEN (409 Conflict); stop the other bot process, or give this one its own token",
    );
  if (error.error_code === 404)
    return new OperatorError(
      `TELEGRAM_API_ROOT=${apiRoot} did not answer as a Bot API server (404 Not Found); leave it unset for Telegram's own server`,
    );
  return undefined;
}
