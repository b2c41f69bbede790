/**
 * `npm run sandbox`: the bot working in a browser with simulated people and no Telegram. Starts
 * the fake Telegram Bot API, the real bot process against it with a throw-away database, and the
 * page on 127.0.0.1 (port 8300, or `--port N`; 0 or a taken port picks a free one). For newcomers,
 * rehearsals and training; never part of the bot in production.
 */

import { SandboxServer } from "./http.js";
import { Sandbox } from "./session.js";

const DEFAULT_PORT = 8300;

function portFromArgs(args: readonly string[]): number {
  const i = args.indexOf("--port");
  if (i < 0) return DEFAULT_PORT;
  const port = Number(args[i + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write("--port takes a port number (0 for any free one)\n");
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const sandbox = new Sandbox(log);
  const server = new SandboxServer(sandbox);
  const url = await server.listen(portFromArgs(process.argv.slice(2)));
  process.stdout.write(`Sandbox page: ${url}  (people are joining; the page shows them as they come)\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write("Sandbox stopping…\n");
    await sandbox.stop().catch(() => undefined);
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());

  try {
    await sandbox.start();
  } catch (error) {
    log(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
    log("Did `npm run build` run? The sandbox runs the built bot (dist/src/main.js).");
    await sandbox.stop().catch(() => undefined);
    await server.close();
    process.exit(1);
  }
  const state = sandbox.state();
  process.stdout.write(
    `Sandbox ready: ${state.people.length} people joined through the bot's invitations. Database: ${state.databasePath}\n`,
  );
}

void main();
