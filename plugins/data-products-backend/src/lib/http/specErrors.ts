/*
 * The OpenAPI request validator's refusals as sentences for people: the
 * field named the way our own messages name it (`body.entities`,
 * `query.format`), what was expected, no JSON pointer, no schema keyword.
 * Pure.
 */

/** Where a refusal is: the part of the request it is about. */
export type InputLocation = 'query' | 'body' | 'params' | 'headers' | 'request';

export interface SpecRefusal {
  location: InputLocation;
  /** e.g. `body.entities: must hold at least 1 item` */
  sentence: string;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  null: 'null',
};

function plural(count: string, word: string): string {
  return `${count} ${word}${count === '1' ? '' : 's'}`;
}

const COMPARISONS: Record<string, string> = {
  '>=': 'at least',
  '>': 'more than',
  '<=': 'at most',
  '<': 'less than',
};

/** ajv's words, and what was expected in ours. */
const EXPECTATIONS: Array<
  [RegExp, (match: RegExpMatchArray) => string | undefined]
> = [
  [
    /^must be (\w+(?:,\w+)*)$/,
    match => {
      const words = match[1].split(',').map(type => TYPE_WORDS[type]);
      return words.every(Boolean) ? `must be ${words.join(' or ')}` : undefined;
    },
  ],
  [
    /^must be equal to one of the allowed values:?(.*)$/,
    match =>
      match[1].trim()
        ? `must be one of: ${match[1].trim()}`
        : 'must be one of the allowed values',
  ],
  [
    /^must NOT have fewer than (\d+) items$/,
    match => `must hold at least ${plural(match[1], 'item')}`,
  ],
  [
    /^must NOT have more than (\d+) items$/,
    match => `must hold at most ${plural(match[1], 'item')}`,
  ],
  [
    /^must NOT have fewer than (\d+) characters$/,
    match => `must be at least ${plural(match[1], 'character')}`,
  ],
  [
    /^must NOT have more than (\d+) characters$/,
    match => `must be at most ${plural(match[1], 'character')}`,
  ],
  [
    /^must be (>=|>|<=|<) (-?[\d.]+)$/,
    match => `must be ${COMPARISONS[match[1]]} ${match[2]}`,
  ],
  [
    /^must NOT have additional properties$/,
    () => 'has a field that is not documented',
  ],
  [
    /^must match (exactly one|a) schema/,
    () => 'must have one of the documented shapes',
  ],
  [/^must match format "date-time"$/, () => 'must be an ISO 8601 date-time'],
  [/^must match pattern/, () => 'does not have the documented form'],
];

/** One validator message (ajv's words) as what was expected. */
export function describeExpectation(message: string): string {
  for (const [pattern, describe] of EXPECTATIONS) {
    const match = message.match(pattern);
    const described = match ? describe(match) : undefined;
    if (described) {
      return described;
    }
  }
  return message.replace(/^must NOT/, 'must not');
}

/** `request/body/inputs/0` -> `['body', 'body.inputs.0']`. */
function locate(pointer: string): [InputLocation, string] {
  const parts = pointer
    .replace(/^request\/?/, '')
    .split('/')
    .filter(Boolean);
  const first = parts[0];
  const known: InputLocation[] = ['query', 'body', 'params', 'headers'];
  const location = known.find(part => part === first) ?? 'request';
  if (first === 'path') {
    return ['params', ['params', ...parts.slice(1)].join('.')];
  }
  return [location, parts.length ? parts.join('.') : 'request'];
}

/**
 * The validator's message (`request/body must have required property 'x',
 * request/query/format must be equal to one of the allowed values: a, b`)
 * as one refusal per problem.
 */
export function describeSpecRefusals(message: string): SpecRefusal[] {
  const problems = message
    .split(/, (?=request[/ ])/)
    .map(part => part.trim())
    .filter(Boolean);
  return problems.map(problem => {
    const match = problem.match(/^(request(?:\/[^\s]*)?) (.*)$/);
    if (!match) {
      // e.g. "unsupported media type text/plain"
      return {
        location: 'request',
        sentence: `request: ${problem.replace(/^\w/, c => c.toLowerCase())}`,
      };
    }
    const [, pointer, said] = match;
    const required = said.match(/^must have required property '(.+)'$/);
    const [location, field] = locate(pointer);
    if (required && field === 'request') {
      // the whole part is missing, e.g. a required body
      const [part] = locate(`request/${required[1]}`);
      return { location: part, sentence: `${required[1]}: is required` };
    }
    if (required) {
      return { location, sentence: `${field}.${required[1]}: is required` };
    }
    return { location, sentence: `${field}: ${describeExpectation(said)}` };
  });
}

/** Whether an error is the OpenAPI validator's refusal of a request. */
export function isSpecRefusal(error: unknown): error is Error {
  const message = (error as Error | undefined)?.message;
  return (
    (error as Error | undefined)?.name === 'InputError' &&
    typeof message === 'string' &&
    (/^request(\/\S*)? must /.test(message) ||
      /^unsupported media type/i.test(message))
  );
}
