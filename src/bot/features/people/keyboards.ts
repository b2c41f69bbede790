/**
 * Buttons of /people: the list (paged), a person's card, role and affiliation changes.
 */
import { InlineKeyboard } from "grammy";
import type { Person, Role } from "../../../domain/people/people.js";
import { callbackKind } from "../../callback-data.js";
import type { Translate } from "../../i18n.js";
import { revokeInvitationChoice, type Target } from "../../shared/affiliation-targets.js";
import { isolateDirection } from "../../shared/text.js";

/** action: list | card | role | aff | off | on | pending; `arg` is a page, role, or role+target. */
export const peopleAction = callbackKind("pp", ["action", "id", "arg"]);

export const PAGE_SIZE = 16;

const plain = { interpolation: { escapeValue: false } };

export function listKeyboard(
  t: Translate,
  people: readonly Person[],
  page: number,
  total: number,
): InlineKeyboard {
  const kb = new InlineKeyboard();
  people.forEach((p, i) => {
    kb.text(
      p.deactivated_at ? `✕ ${isolateDirection(p.name)}` : p.name,
      peopleAction.pack({ action: "card", id: p.id, arg: page }),
    );
    if (i % 2 === 1) kb.row();
  });
  kb.row();
  if (page > 0) kb.text(t("people:previous"), peopleAction.pack({ action: "list", id: 0, arg: page - 1 }));
  if ((page + 1) * PAGE_SIZE < total)
    kb.text(t("people:next"), peopleAction.pack({ action: "list", id: 0, arg: page + 1 }));
  kb.row().text(t("people:pending_invitations"), peopleAction.pack({ action: "pending", id: 0, arg: 0 }));
  return kb;
}

export function cardKeyboard(t: Translate, person: Person, page: number): InlineKeyboard {
  const kb = new InlineKeyboard().text(
    t("people:change_role"),
    peopleAction.pack({ action: "role", id: person.id, arg: "-" }),
  );
  if (person.deactivated_at === null)
    kb.text(t("people:deactivate"), peopleAction.pack({ action: "off", id: person.id, arg: "-" }));
  else kb.text(t("people:reactivate"), peopleAction.pack({ action: "on", id: person.id, arg: "-" }));
  return kb.row().text(t("people:back"), peopleAction.pack({ action: "list", id: 0, arg: page }));
}

export function rolesKeyboard(t: Translate, personId: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  (["coordinator", "alternate", "observer", "secretariat"] as const).forEach((role, i) => {
    kb.text(
      t(`roles:${role}`),
      peopleAction.pack({ action: "aff", id: personId, arg: role === "secretariat" ? `${role}.-` : role }),
    );
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

export function affiliationKeyboard(
  personId: number,
  role: Role,
  targets: readonly Target[],
): InlineKeyboard {
  const kb = new InlineKeyboard();
  targets.forEach((target, i) => {
    kb.text(
      target.name,
      peopleAction.pack({ action: "aff", id: personId, arg: `${role}.${target.kind}.${target.code}` }),
    );
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

export function confirmDeactivateKeyboard(t: Translate, personId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("people:confirm_deactivate"), peopleAction.pack({ action: "off", id: personId, arg: "yes" }))
    .text(t("people:back"), peopleAction.pack({ action: "card", id: personId, arg: 0 }));
}

export function pendingKeyboard(
  t: Translate,
  invitations: readonly { id: number; label: string }[],
): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const inv of invitations) {
    kb.text(
      t("people:revoke_invitation", { label: inv.label, ...plain }),
      revokeInvitationChoice.pack({ id: inv.id }),
    ).row();
  }
  return kb.text(t("people:back"), peopleAction.pack({ action: "list", id: 0, arg: 0 }));
}
