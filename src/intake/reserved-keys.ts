import { type FieldProblem, formatPath } from "../core/describe-zod-error.ts";

/**
 * Keys that name an object's prototype machinery. JSON.parse makes `__proto__` an own property,
 * which zod's records then drop without a word while `constructor` passed as data: refusing all
 * three, wherever they appear in a webhook body, treats them alike and keeps them out of every
 * object built from the body later.
 */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

const PROBLEM = "a key may not be named __proto__, constructor or prototype";

interface Place {
  readonly value: unknown;
  readonly key?: string | number;
  readonly parent?: Place;
}

function pathOf(place: Place): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) {
    path.unshift(at.key);
  }
  return path;
}

/** Every reserved key in a parsed JSON body, each with its field; walked without recursion. */
export function reservedKeyProblems(body: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Place[] = [{ value: body }];
  for (let place = stack.pop(); place !== undefined; place = stack.pop()) {
    const { value } = place;
    if (typeof value !== "object" || value === null) continue;
    const keys: (string | number)[] = Array.isArray(value) ? [...value.keys()] : Object.keys(value);
    const children: Place[] = [];
    for (const key of keys) {
      const child = { value: (value as Record<string | number, unknown>)[key], key, parent: place };
      if (RESERVED_KEYS.has(String(key))) {
        problems.push({ field: formatPath(pathOf(child)), problem: PROBLEM });
      } else {
        children.push(child);
      }
    }
    // Last to first, so that the first is looked into first.
    stack.push(...children.reverse());
  }
  return problems;
}
