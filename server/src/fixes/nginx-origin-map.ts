import { quoteArg } from './nginx-text';
import { PLACEHOLDER_ORIGIN } from './span-edits';

export { PLACEHOLDER_ORIGIN };

const BASE_NAME = 'cors_allow_origin';

/** A map variable name the file does not use yet. */
export function mapVariableName(text: string): string {
  // Many findings in one big file ask the same question of the same text.
  if (lastName && lastName.text === text) return lastName.name;
  const name = freeName(text);
  lastName = { text, name };
  return name;
}

let lastName: { text: string; name: string } | undefined;

function freeName(text: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? BASE_NAME : `${BASE_NAME}_${n}`;
    if (!new RegExp(`\\$\\{?${name}\\b`).test(text)) return name;
  }
}

/**
 * `map $http_origin $name { default ""; "<origin>" $http_origin; ... }`: the
 * empty default sends no header at all to other origins.
 */
export function buildOriginMap(variable: string, origins: readonly string[], indent: string, unit: string): string {
  const inner = indent + unit;
  const lines = [`${indent}map $http_origin $${variable} {`, `${inner}default "";`];
  if (origins.length === 0) lines.push(`${inner}# Placeholder: list every origin allowed to read these responses.`);
  for (const o of origins.length > 0 ? origins : [PLACEHOLDER_ORIGIN]) lines.push(`${inner}${quoteArg(o, '"')} $http_origin;`);
  lines.push(`${indent}}`, '', '');
  return lines.join('\n');
}
