/**
 * Tables of people and access: who may use the bot, how they were let in, and what they did.
 */
import type { Generated } from "kysely";

export type Role = "coordinator" | "alternate" | "observer" | "secretariat";
export const ROLES: readonly Role[] = ["coordinator", "alternate", "observer", "secretariat"];

export interface PeopleTable {
  id: Generated<number>;
  telegram_id: number;
  name: string;
  telegram_username: string | null;
  role: Role;
  state_code: string | null;
  org_code: string | null;
  language: string | null;
  /** The language official documents (review rounds) are shown in, when not the interface's. */
  document_language: string | null;
  time_zone: string | null;
  joined_at: number;
  last_seen_at: number;
  deactivated_at: number | null;
  bot_blocked_at: number | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  code_hash: string;
  code_hint: string;
  role: Role;
  state_code: string | null;
  org_code: string | null;
  created_by: number | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: number | null;
  revoked_at: number | null;
  revoked_by: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_id: number | null;
  action: string;
  subject: string;
  details: Generated<string>;
}

export interface ConversationStatesTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface ProcessedUpdatesTable {
  update_id: number;
  received_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface FailedInvitationAttemptsTable {
  telegram_id: number;
  at: number;
}

export interface PeopleTables {
  people: PeopleTable;
  invitations: InvitationsTable;
  audit_log: AuditLogTable;
  conversation_states: ConversationStatesTable;
  processed_updates: ProcessedUpdatesTable;
  settings: SettingsTable;
  failed_invitation_attempts: FailedInvitationAttemptsTable;
}
