/**
 * `registerFlow`: the conversations plugin's `createConversation`, registered on the context only
 * when an update needs it.
 *
 * Each `createConversation` middleware, on every update that reaches it, registers its flow on the
 * context (an index entry and half a dozen closures), looks for a running instance, and awaits the
 * rest of the chain inside its own async frame. The bot has a dozen flows, so every update paid
 * for twelve such frames: the largest single source of garbage in the allocation profile (about
 * 15%), though almost every update belongs to no flow at all and enters none.
 *
 * Here, at the same place in the chain:
 * - if an instance of the flow is running, the plugin's middleware runs as before and resumes it;
 * - otherwise the update goes straight on, and the registration is kept aside on the context. It
 *   is done only if a handler further on enters the flow: `ctx.conversation.enter` first runs the
 *   plugin's middleware (which registers the flow, finds no instance and calls its `next`), and
 *   the real `enter` runs as that `next`. So entering works exactly where it did before, and a flow
 *   whose registration the update never passed is still unknown to `enter`.
 */
import {
  type ConversationBuilder,
  type ConversationConfig,
  type ConversationFlavor,
  createConversation,
} from "@grammyjs/conversations";
import type { Context, MiddlewareFn } from "grammy";

const deferred = Symbol("flows registered only if entered");

type Enter = ConversationFlavor<Context>["conversation"]["enter"];

interface Deferring {
  [deferred]?: Map<string, MiddlewareFn<ConversationFlavor<Context>>>;
}

function deferRegistration<OC extends Context>(
  ctx: ConversationFlavor<OC>,
  id: string,
  register: MiddlewareFn<ConversationFlavor<OC>>,
): void {
  const holder = ctx as ConversationFlavor<OC> & Deferring;
  let registrations = holder[deferred];
  if (registrations === undefined) {
    const pending = new Map<string, MiddlewareFn<ConversationFlavor<Context>>>();
    registrations = pending;
    Object.defineProperty(holder, deferred, { value: pending });
    const controls = ctx.conversation;
    const enter: Enter = controls.enter;
    controls.enter = async (name: string, ...args: unknown[]) => {
      const registration = pending.get(name);
      if (registration === undefined) return enter(name, ...args);
      pending.delete(name);
      await registration(ctx as unknown as ConversationFlavor<Context>, () => enter(name, ...args));
    };
  }
  registrations.set(id, register as unknown as MiddlewareFn<ConversationFlavor<Context>>);
}

/** `createConversation(builder, options)`, registered on an update's context only when needed. */
export function registerFlow<OC extends Context, C extends Context>(
  builder: ConversationBuilder<OC, C>,
  options: string | (ConversationConfig<OC, C> & { id: string }),
): MiddlewareFn<ConversationFlavor<OC>> {
  const register = createConversation<OC, C>(builder, options);
  const id = typeof options === "string" ? options : options.id;
  return (ctx, next) => {
    if (ctx.conversation.active(id) > 0) return register(ctx, next);
    deferRegistration(ctx, id, register);
    return next();
  };
}
