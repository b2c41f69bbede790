/**
 * Buttons of /invite: the role, then the state or organisation; and revoking a pending invitation.
 */
import { InlineKeyboard } from "grammy";
import type { Role } from "../../../domain/people.js";
import { callbackKind } from "../../callback-data.js";
import type { Translate } from "../../i18n.js";

/** `target` is `s.<state>`, `o.<organisation>`, `-` (secretariat) or `_` (not chosen yet). */
export const inviteChoice = callbackKind("inv", ["role", "target"]);
export const revokeInvitationChoice = callbackKind("invr", ["id"]);

const INVITABLE: readonly Role[] = ["coordinator", "alternate", "observer", "secretariat"];

export function roleKeyboard(t: Translate): InlineKeyboard {
  const kb = new InlineKeyboard();
  INVITABLE.forEach((role, i) => {
    kb.text(t(`roles:${role}`), inviteChoice.pack({ role, target: "_" }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

export interface Target {
  kind: "s" | "o";
  code: string;
  name: string;
}

/** The states (and, for observers, the organisations) to invite for. */
export function targetKeyboard(role: Role, targets: readonly Target[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  targets.forEach((target, i) => {
    kb.text(target.name, inviteChoice.pack({ role, target: `${target.kind}.${target.code}` }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

export function revokeKeyboard(t: Translate, invitationId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("invite:revoke"), revokeInvitationChoice.pack({ id: invitationId }));
}

/** Splits a `target` field; undefined when malformed. */
export function parseTarget(
  target: string,
): { stateCode: string | null; orgCode: string | null } | undefined {
  if (target === "-") return { stateCode: null, orgCode: null };
  const m = /^([so])\.([A-Z]{2,8})$/.exec(target);
  if (!m) return undefined;
  return m[1] === "s"
    ? { stateCode: m[2] ?? null, orgCode: null }
    : { stateCode: null, orgCode: m[2] ?? null };
}
