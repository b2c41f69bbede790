/**
 * The conversations plugin, run only where an update needs it.
 *
 * `flowsOnDemand` stands where `conversations()` stood, and `registerFlow` where each
 * `createConversation` stood. Measured before: the plugin's middleware and a dozen flow
 * registrations ran on every update, each with its own async frame and half a dozen closures, and
 * together they made the largest share of the garbage an update left (allocation profile), though
 * almost every update belongs to no flow and enters none.
 *
 * - A chat with flow state stored (a flow under way, or state of an older version) gets the
 *   plugin exactly as before: its middleware reads the state, and each registration resumes its
 *   flow at its own place in the chain.
 * - A chat with nothing stored gets `IdleFlows` as `ctx.conversation`: nothing is active, and
 *   exiting has nothing to exit, exactly as the plugin would answer for an empty state. The
 *   registrations the update passes are only noted. Only if a handler then enters a flow does the
 *   plugin run, around that `enter`: its middleware (which reads the state and saves it after), then
 *   the flow's registration, then the plugin's own `enter`. A flow whose registration the update
 *   did not pass is unknown to `enter`, as before.
 * - In a chat with state, a registration whose flow is not active is likewise kept aside until an
 *   `enter` needs it.
 * One difference remains, for a misuse only: entering a second flow in the same update is refused
 * with the plugin's "already completed" message rather than its "already entered" one.
 */
import {
  type ConversationBuilder,
  type ConversationConfig,
  type ConversationControls,
  type ConversationFlavor,
  type ConversationOptions,
  conversations,
  createConversation,
} from "@grammyjs/conversations";
import type { Context, MiddlewareFn } from "grammy";

type Registration = MiddlewareFn<ConversationFlavor<Context>>;
type Plugin = MiddlewareFn<ConversationFlavor<Context>>;

/** `ctx.conversation` for an update whose chat has no flow state stored. */
class IdleFlows implements ConversationControls {
  private registrations: Map<string, Registration> | undefined;

  constructor(
    private readonly ctx: ConversationFlavor<Context>,
    private readonly plugin: Plugin,
  ) {}

  /** The update passed the registration of flow `id`. */
  passed(id: string, registration: Registration): void {
    this.registrations ??= new Map();
    this.registrations.set(id, registration);
  }

  async enter(name: string, ...args: unknown[]): Promise<void> {
    const ctx = this.ctx;
    const registration = this.registrations?.get(name);
    // The plugin's middleware replaces ctx.conversation with its own controls for the call.
    await this.plugin(ctx, async () => {
      if (registration === undefined) return ctx.conversation.enter(name, ...args);
      await registration(ctx, () => ctx.conversation.enter(name, ...args));
    });
  }

  async exit(_name: string): Promise<void> {}

  async exitAll(): Promise<void> {}

  async exitOne(_name: string, _index: number): Promise<void> {}

  active(): Record<string, number>;
  active(name: string): number;
  active(name?: string): Record<string, number> | number {
    return name === undefined ? {} : 0;
  }
}

/** `conversations(options)`, run only for chats with flow state or updates that enter a flow. */
export function flowsOnDemand<OC extends Context, C extends Context>(
  options: ConversationOptions<OC, C> & { storage: { hasState(ctx: OC): boolean | Promise<boolean> } },
): MiddlewareFn<ConversationFlavor<OC>> {
  const plugin = conversations<OC, C>(options);
  const idle = (ctx: ConversationFlavor<OC>, next: () => Promise<void>) => {
    ctx.conversation = new IdleFlows(ctx as ConversationFlavor<Context>, plugin as unknown as Plugin);
    return next();
  };
  return (ctx, next) => {
    if (ctx.chatId === undefined) return plugin(ctx, next);
    // Nearly always known at once; a chat not seen lately waits for its row to be read.
    const has = options.storage.hasState(ctx);
    if (has === false) return idle(ctx, next);
    if (has === true) return plugin(ctx, next);
    return has.then((stored) => (stored ? plugin(ctx, next) : idle(ctx, next)));
  };
}

const deferred = Symbol("flows registered only if entered");

interface Deferring {
  [deferred]?: Map<string, Registration>;
}

/** With the plugin running: keeps the registration aside, and has `enter` do it first. */
function deferRegistration<OC extends Context>(
  ctx: ConversationFlavor<OC>,
  id: string,
  register: MiddlewareFn<ConversationFlavor<OC>>,
): void {
  const holder = ctx as ConversationFlavor<OC> & Deferring;
  let registrations = holder[deferred];
  if (registrations === undefined) {
    const pending = new Map<string, Registration>();
    registrations = pending;
    Object.defineProperty(holder, deferred, { value: pending });
    const controls = ctx.conversation;
    const enter = controls.enter;
    controls.enter = async (name: string, ...args: unknown[]) => {
      const registration = pending.get(name);
      if (registration === undefined) return enter(name, ...args);
      pending.delete(name);
      await registration(ctx as unknown as ConversationFlavor<Context>, () => enter(name, ...args));
    };
  }
  registrations.set(id, register as unknown as Registration);
}

/** `createConversation(builder, options)`, registered on an update's context only when needed. */
export function registerFlow<OC extends Context, C extends Context>(
  builder: ConversationBuilder<OC, C>,
  options: string | (ConversationConfig<OC, C> & { id: string }),
): MiddlewareFn<ConversationFlavor<OC>> {
  const register = createConversation<OC, C>(builder, options);
  const id = typeof options === "string" ? options : options.id;
  return (ctx, next) => {
    const controls = ctx.conversation;
    if (controls instanceof IdleFlows) {
      controls.passed(id, register as unknown as Registration);
      return next();
    }
    if (controls.active(id) > 0) return register(ctx, next);
    deferRegistration(ctx, id, register);
    return next();
  };
}
