/**
 * Buttons of /invite: the role, then the state or organisation; and revoking a pending invitation.
 */
import { InlineKeyboard } from "grammy";
import type { Role } from "../../../domain/people/people.js";
import { callbackKind } from "../../callback-data.js";
import type { Translate } from "../../i18n.js";
import { packTarget, revokeInvitationChoice, type Target } from "../../shared/affiliation-targets.js";

/** `target` is `s.<state>`, `o.<organisation>`, `-` (secretariat) or `_` (not chosen yet). */
export const inviteChoice = callbackKind("inv", ["role", "target"]);

const INVITABLE: readonly Role[] = ["coordinator", "alternate", "observer", "secretariat"];

export function roleKeyboard(t: Translate): InlineKeyboard {
  const kb = new InlineKeyboard();
  INVITABLE.forEach((role, i) => {
    kb.text(t(`roles:${role}`), inviteChoice.pack({ role, target: "_" }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

/** The states (and, for observers, the organisations) to invite for. */
export function targetKeyboard(role: Role, targets: readonly Target[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  targets.forEach((target, i) => {
    kb.text(target.name, inviteChoice.pack({ role, target: packTarget(target) }));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

export function revokeKeyboard(t: Translate, invitationId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("invite:revoke"), revokeInvitationChoice.pack({ id: invitationId }));
}
