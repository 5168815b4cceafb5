/**
 * Schema problems in words a person can act on: what was expected, what the file says (quoted on
 * one line, never the value of a secret), and what to write instead. zod's own wording ("Invalid
 * input: expected number, received string") is replaced; a message the schema chose is kept.
 */
import type { z } from 'zod';
import { closest } from '../util/closest';
import { quote } from './quote';

/** Keys whose values are credentials: a message never repeats what was written there. */
const SECRET_KEYS = new Set(['community', 'password', 'sentinel_password', 'auth_key', 'priv_key', 'token', 'private_key', 'file']);

/** `nested`: keys one level down (`snmp.community`), for a key written one level too high. */
export function unknownKeyMessage(key: string, known: readonly string[], nested: readonly string[] = []): string {
  // A key one form of a union knows is still unknown in the form written (`db` in a Cluster setting).
  known = known.filter((k) => k !== key);
  const near = closest(key, known);
  if (near) return `unknown key ${quote(key)}; did you mean ${quote(near)}?`;
  const deeper = closest(key, nested.map((k) => k.slice(k.lastIndexOf('.') + 1)));
  const where = deeper === undefined ? undefined : nested.find((k) => k.endsWith(`.${deeper}`));
  if (where) return `unknown key ${quote(key)}; did you mean ${quote(where)} (it belongs under ${where.slice(0, where.lastIndexOf('.'))}:)?`;
  const list = known.length > 0 && known.length <= 16 ? ` (known here: ${[...known].sort().join(', ')})` : '';
  return `unknown key ${quote(key)}${list}`;
}

type Issue = z.core.$ZodIssue;

const ZOD_WORDING = /^(Invalid input|Invalid option|Too (big|small)|Invalid (string|element|key|value))/;

export function hintFor(issue: Issue, at: { present: boolean; value: unknown }): string {
  const last = issue.path[issue.path.length - 1];
  const secret = typeof last === 'string' && SECRET_KEYS.has(last);
  const got = at.present && !secret ? `, got ${describeValue(at.value)}` : '';
  const own = !ZOD_WORDING.test(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (!at.present) return `required; add ${quote(String(last ?? 'it'))}`;
      if (own) return withGot(issue.message, got);
      return typeHint(issue.expected, at.value, secret);
    case 'invalid_union':
      if (!at.present) return `required; add ${quote(String(last ?? 'it'))}`;
      return withGot(own ? issue.message : 'not a value this setting takes', got);
    case 'too_big':
      return `${secret ? 'too long' : `${describeValue(at.value)} is too big`}: at most ${String(issue.maximum)}${unit(issue.origin)}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} entr${Number(issue.minimum) === 1 ? 'y' : 'ies'}`;
      return `${secret ? 'too short' : `${describeValue(at.value)} is too small`}: at least ${String(issue.minimum)}${unit(issue.origin)}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      const near = at.present && typeof at.value === 'string' ? closest(at.value, values) : undefined;
      const base = own ? issue.message : `expected one of ${values.join(', ')}`;
      return `${withGot(base, got)}${near ? `; did you mean ${quote(near)}?` : ''}`;
    }
    case 'invalid_format':
      return withGot(own ? issue.message : `not a valid ${issue.format}`, got);
    default:
      return own || !at.present ? issue.message : withGot(issue.message, got);
  }
}

/** "expected X, got Y; hint": what the file says goes before the hint. */
function withGot(message: string, got: string): string {
  const i = message.indexOf('; ');
  return i < 0 ? `${message}${got}` : `${message.slice(0, i)}${got}${message.slice(i)}`;
}

function unit(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array') return ' entries';
  return '';
}

function typeHint(expected: string, value: unknown, secret: boolean): string {
  const shown = secret ? (typeof value === 'string' ? 'text' : `a ${kindOf(value)}`) : describeValue(value);
  if (expected === 'number' && typeof value === 'string' && !secret && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return `expected a number, got ${shown} (write ${value.trim()} without quotes)`;
  }
  if (expected === 'boolean' && typeof value === 'string' && /^(true|false|yes|no|on|off)$/i.test(value)) {
    return `expected true or false, got ${shown} (write true or false without quotes)`;
  }
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `expected text, got ${shown} (put it in quotes: "${String(value)}")`;
  }
  const wanted: Record<string, string> = { object: 'a mapping (key: value lines)', array: 'a list (lines starting with "- ")', number: 'a number', string: 'text', boolean: 'true or false' };
  return `expected ${wanted[expected] ?? expected}, got ${shown}`;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'mapping' : typeof value;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${quote(value)}`;
  return `the ${typeof value} ${quote(String(value)).slice(1, -1)}`;
}
