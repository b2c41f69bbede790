/**
 * Button payloads: each kind of button is defined once here, with its prefix and fields,
 * so the keyboard that makes it and the handler that reads it cannot drift apart.
 * Payloads are data, never trusted: every handler re-checks the presser's role and state.
 */

/** A kind of button payload: `prefix:field1:field2…`, at most 64 bytes as Telegram allows. */
export interface CallbackKind<F extends string> {
  prefix: string;
  pack(values: Record<F, string | number>): string;
  /** Matches any payload of this kind (for `bot.callbackQuery`). */
  pattern: RegExp;
  /** Reads a payload, or undefined when it is not of this kind or malformed. */
  unpack(data: string): Record<F, string> | undefined;
}

const FIELD = /^[\w.+/-]{0,40}$/;

export function callbackKind<F extends string>(prefix: string, fields: readonly F[]): CallbackKind<F> {
  const pattern = new RegExp(`^${prefix}(:|$)`);
  return {
    prefix,
    pattern,
    pack(values) {
      const parts = fields.map((f) => String(values[f]));
      for (const part of parts)
        if (!FIELD.test(part)) throw new Error(`bad callback field for ${prefix}: ${part}`);
      const data = [prefix, ...parts].join(":");
      if (Buffer.byteLength(data) > 64) throw new Error(`callback data too long: ${data}`);
      return data;
    },
    unpack(data) {
      const parts = data.split(":");
      if (parts[0] !== prefix || parts.length !== fields.length + 1) return undefined;
      const values = {} as Record<F, string>;
      for (const [i, f] of fields.entries()) {
        const v = parts[i + 1] ?? "";
        if (!FIELD.test(v)) return undefined;
        values[f] = v;
      }
      return values;
    },
  };
}
