/**
 * A value from the config, quoted for a one-line message: JSON escapes keep a newline or a
 * control character from splitting the line (or forging another), and long values are cut.
 */
export function quote(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return shown;
}
