/**
 * Filling a canned response's variables: `{{customer.name}}`, `{{agent.name}}` and
 * `{{order.number}}`. A value that is not known stays as its visible placeholder, so the agent
 * sees what is missing before sending instead of a silently empty gap.
 */

export const CANNED_VARIABLES = ['customer.name', 'agent.name', 'order.number'] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];

const VARIABLE = /\{\{\s*(customer\.name|agent\.name|order\.number)\s*\}\}/g;

/** Replace the known variables; unknown or empty ones stay as `{{name}}`. */
export function fillCannedResponse(body: string, values: Partial<Record<CannedVariable, string | null>>): string {
  return body.replace(VARIABLE, (placeholder, name: CannedVariable) => {
    const value = values[name]?.trim();
    return value ? value : `{{${name}}}`;
  });
}

// An order number as customers write it: after "order"/"Bestellung"/"Auftrag" (with "no.", "#",
// "Nr." and the like), or a `#` directly before 5+ digits. Bare numbers are too ambiguous
// (phone numbers, amounts, postcodes) to count.
const ORDER_NUMBER = /(?:\b(?:order|bestellung|auftrag)(?:s?nummer|\s*(?:no\.?|nr\.?|number|nummer))?\s*[:#]?\s*|#)([A-Z]{0,4}-?\d{4,12})\b/giu;

/** The most recent order number mentioned in `texts` (oldest first), or null. */
export function findOrderNumber(texts: readonly string[]): string | null {
  for (let i = texts.length - 1; i >= 0; i--) {
    const matches = [...texts[i]!.matchAll(ORDER_NUMBER)];
    const last = matches.at(-1);
    if (last) return last[1]!.toUpperCase();
  }
  return null;
}
