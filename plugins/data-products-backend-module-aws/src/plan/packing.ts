/*
 * Packs a role's permissions into IAM policies within IAM's quotas.
 *
 * IAM measures a policy as its JSON without whitespace, which is exactly
 * `JSON.stringify(document).length` for the ASCII documents we write. Quotas:
 * a managed policy holds 6,144 characters, a role has at most 10 managed
 * policies by default (20 at most) and 10,240 characters of inline policy in
 * total.
 *
 * Statements are grouped by action set (one statement, many resources); a
 * group may carry actions of other services on their own resources (see
 * `otherServices`). Packing is first fit with splitting, smallest statement
 * first: each statement part goes into the first policy (inline first, then
 * managed 1..n) where its header and at least one resource fit. There it
 * takes the longest remaining resources until the last `TAIL_CHARS`, which
 * get the combination of remaining resources that leaves the least unused.
 * A statement that does not fit continues in the next policy; only its first
 * part carries the Sid. The same input always packs into the same documents.
 */
import type {
  PolicyCondition,
  PolicyDocument,
  PolicyStatement,
} from '../model';
import {
  EMPTY_DOCUMENT_CHARS,
  IAM_INLINE_POLICIES_MAX_CHARS,
  IAM_MANAGED_POLICY_MAX_CHARS,
  jsonStringChars,
  POLICY_VERSION,
} from './policyLimits';

/** Actions of one service on resources of that same service. */
export interface ServiceActions {
  actions: string[];
  resources: string[];
}

/**
 * One group of permissions: the same actions on many resources. When
 * `splitCondition` is set, the list that grows (and may be split across
 * policies) is that condition's values instead of the resources.
 */
export interface StatementSpec {
  /** Statement id, `[A-Za-z0-9]+`, of the first part (continued parts have none). */
  sid: string;
  actions: string[];
  resources: string[];
  /**
   * Actions of other services on their own resources, written into the same
   * statement to save a statement header per policy. This stays exact because
   * IAM matches a request's action and its resource against the statement
   * independently, and a request of one service only ever names resources of
   * that service: `s3:GetObject` cannot match a Glue ARN, nor `glue:GetTable`
   * an S3 one. The packer enforces what makes that true: every group's actions
   * and resources belong to one service that no other group of the statement
   * uses, and the statement has no condition (which would apply to all). A
   * statement part lists only the actions of the groups it holds resources of.
   */
  otherServices?: ServiceActions[];
  /** A fixed condition, repeated in every part. */
  condition?: PolicyCondition;
  splitCondition?: { operator: string; key: string; values: string[] };
}

export interface PackingLimits {
  maxManagedPolicies: number;
  managedPolicyChars?: number;
  inlinePolicyChars?: number;
  /**
   * Characters reserved from the inline budget (we count the inline policy's
   * name against it, as a safety margin).
   */
  inlineReservedChars?: number;
}

export type PackingResult =
  | {
      fits: true;
      inline?: PolicyDocument;
      managed: PolicyDocument[];
      /** Characters of all documents, measured as IAM does. */
      totalChars: number;
    }
  | {
      fits: false;
      /** Characters the permissions need when packed without a policy count limit. */
      neededChars: number;
      /** Characters IAM allows a role: inline quota + managed policies × their quota. */
      allowedChars: number;
    };

interface Bin {
  capacity: number;
  used: number;
  statements: PolicyStatement[];
}

/** One resource (or condition value) and the action group it belongs to. */
interface Item {
  value: string;
  group: number;
  chars: number;
  /** Position in the spec, to write each part's items in the spec's order. */
  index: number;
}

const serviceOfAction = (action: string) => action.split(':')[0];
/** `arn:<partition>:<service>:...`; undefined for anything else (`*`). */
const serviceOfArn = (arn: string) => {
  if (!arn.startsWith('arn:')) return undefined;
  const start = arn.indexOf(':', 4) + 1;
  const end = start > 0 ? arn.indexOf(':', start) : -1;
  return end > start ? arn.slice(start, end) : undefined;
};

function groupsOf(spec: StatementSpec): ServiceActions[] {
  return [
    { actions: spec.actions, resources: spec.resources },
    ...(spec.otherServices ?? []),
  ];
}

/** Throws on a spec whose shared statement would not be exact (a bug). */
function checkServiceSeparation(spec: StatementSpec): void {
  if (!spec.otherServices?.length) return;
  const fail = (why: string) => {
    throw new Error(`Statement ${spec.sid} cannot share services: ${why}`);
  };
  if (spec.condition || spec.splitCondition) {
    fail('it has a condition');
  }
  const seen = new Set<string>();
  for (const group of groupsOf(spec)) {
    const services = new Set(group.actions.map(serviceOfAction));
    if (services.size !== 1) {
      fail(`actions ${group.actions.join(', ')} are not of one service`);
    }
    const [service] = services;
    if (seen.has(service)) fail(`service ${service} appears twice`);
    seen.add(service);
    for (const resource of group.resources) {
      if (serviceOfArn(resource) !== service) {
        fail(`${resource} is not a resource of ${service}`);
      }
    }
  }
}

function itemsOf(spec: StatementSpec): Item[] {
  const values = spec.splitCondition
    ? spec.splitCondition.values.map(value => ({ value, group: 0 }))
    : groupsOf(spec).flatMap((g, group) =>
        g.resources.map(value => ({ value, group })),
      );
  const items = values.map(({ value, group }, index) => ({
    value,
    group,
    index,
    chars: jsonStringChars(value),
  }));
  // Longest first: the short ones are left to fill the end of each policy.
  return items.sort((a, b) => b.chars - a.chars || a.index - b.index);
}

function buildStatement(
  spec: StatementSpec,
  sid: string | undefined,
  actions: string[],
  items: string[],
): PolicyStatement {
  const statement: PolicyStatement = {
    ...(sid ? { Sid: sid } : {}),
    Effect: 'Allow',
    Action: actions,
    Resource: spec.splitCondition ? spec.resources : items,
  };
  if (spec.condition || spec.splitCondition) {
    const condition: PolicyCondition = {};
    for (const [operator, entries] of Object.entries(spec.condition ?? {})) {
      condition[operator] = { ...entries };
    }
    if (spec.splitCondition) {
      const { operator, key } = spec.splitCondition;
      condition[operator] = { ...condition[operator], [key]: items };
    }
    statement.Condition = condition;
  }
  return statement;
}

const sumChars = (items: Item[]) =>
  items.reduce((sum, item) => sum + item.chars + 1, 0);

/** Characters `actions` add to an `Action` list that is not empty. */
const appendedChars = (values: string[]) =>
  values.reduce((sum, v) => sum + jsonStringChars(v) + 1, 0);

/** The last characters of a policy are filled by `fillExactly`, not greedily. */
const TAIL_CHARS = 256;

/**
 * The items (each costing its `chars` + 1 for the comma) that together fill
 * as much of `room` as possible: a subset sum over the few distinct item
 * lengths. Items of one length are taken in their order.
 */
function fillExactly(candidates: Item[], room: number): Item[] {
  if (sumChars(candidates) <= room) return candidates;
  const byCost = new Map<number, Item[]>();
  for (const item of candidates) {
    const cost = item.chars + 1;
    if (cost > room) continue;
    const items = byCost.get(cost);
    if (items) items.push(item);
    else byCost.set(cost, [item]);
  }
  // One copy per item that could fit at all (at most room / cost of a length).
  const copies: Item[] = [];
  for (const [cost, items] of byCost) {
    copies.push(...items.slice(0, Math.floor(room / cost)));
  }
  const reached = new Int32Array(room + 1).fill(-1);
  reached[0] = copies.length;
  copies.forEach((item, i) => {
    const cost = item.chars + 1;
    for (let sum = room; sum >= cost; sum--) {
      if (reached[sum] === -1 && reached[sum - cost] !== -1) reached[sum] = i;
    }
  });
  let best = room;
  while (reached[best] === -1) best--;
  // Each sum was first reached from a smaller sum reached by earlier copies,
  // so walking back uses every copy at most once.
  const chosen: Item[] = [];
  for (let sum = best; sum > 0; ) {
    const item = copies[reached[sum]];
    chosen.push(item);
    sum -= item.chars + 1;
  }
  return chosen;
}

/** One statement part being placed: its spec, Sid and sizes per group. */
interface Part {
  spec: StatementSpec;
  sid: string | undefined;
  groups: ServiceActions[];
  /** Characters of the statement with only this group's actions, no items. */
  headerChars: number[];
  /** Characters this group's actions add to a statement that has others. */
  actionChars: number[];
  /** The fewest characters the part needs in a policy to hold one item. */
  minimumChars: number;
}

function startPart(
  spec: StatementSpec,
  sid: string | undefined,
  remaining: Item[],
): Part {
  const groups = groupsOf(spec);
  const headerChars = groups.map(
    g => JSON.stringify(buildStatement(spec, sid, g.actions, [])).length,
  );
  const actionChars = groups.map(g => appendedChars(g.actions));
  const minimumChars = Math.min(
    ...remaining.map(item => headerChars[item.group] + item.chars),
  );
  return { spec, sid, groups, headerChars, actionChars, minimumChars };
}

/**
 * Puts one part into `bin`: the longest remaining items first until the last
 * `TAIL_CHARS` of the policy, which get the combination of remaining items
 * that leaves the least unused. Returns the items taken (none when not even
 * one fits).
 */
function placePart(bin: Bin, part: Part, remaining: Item[]): Item[] {
  const separator = bin.statements.length > 0 ? 1 : 0;
  if (bin.used + separator + part.minimumChars > bin.capacity) return [];
  const taken = new Set<Item>();
  const present = new Set<number>();
  let size = bin.used + separator;
  const costOf = (item: Item) => {
    if (taken.size === 0) return part.headerChars[item.group] + item.chars;
    const actions = present.has(item.group) ? 0 : part.actionChars[item.group];
    return item.chars + 1 + actions;
  };
  const take = (item: Item, cost: number) => {
    size += cost;
    taken.add(item);
    present.add(item.group);
  };
  // `remaining` is longest first: once its shortest item cannot follow the
  // ones taken, no other can either.
  const shortest = remaining[remaining.length - 1].chars + 1;
  const greedy = (limit: number) => {
    for (const item of remaining) {
      if (taken.size > 0 && size + shortest > limit) break;
      if (taken.has(item)) continue;
      const cost = costOf(item);
      if (size + cost <= limit) take(item, cost);
    }
  };

  greedy(bin.capacity - TAIL_CHARS);
  if (taken.size > 0) {
    const sameGroups = remaining.filter(
      item => !taken.has(item) && present.has(item.group),
    );
    for (const item of fillExactly(sameGroups, bin.capacity - size)) {
      take(item, item.chars + 1);
    }
  }
  // Whatever still fits: a first item, or one that brings its actions.
  greedy(bin.capacity);
  if (taken.size === 0) return [];

  const items = [...taken].sort((a, b) => a.index - b.index);
  bin.statements.push(
    buildStatement(
      part.spec,
      part.sid,
      part.groups.flatMap((g, i) => (present.has(i) ? g.actions : [])),
      items.map(item => item.value),
    ),
  );
  bin.used = size;
  return items;
}

/**
 * First fit with splitting: `bins` start with the given one; `openBin`
 * returns further bins until it returns undefined. Returns false when the
 * statements do not fit.
 */
function fill(
  specs: StatementSpec[],
  firstBin: Bin,
  openBin: () => Bin | undefined,
): { bins: Bin[]; fits: boolean } {
  const bins: Bin[] = [firstBin];
  // Smallest first: small statements then never need splitting, and the
  // large ones, split anyway, fill the room around them.
  const bySize = specs
    .map((spec, index) => {
      checkServiceSeparation(spec);
      const items = itemsOf(spec);
      return { spec, index, items, chars: sumChars(items) };
    })
    .sort((a, b) => a.chars - b.chars || a.index - b.index);
  for (const { spec, items } of bySize) {
    let remaining = items;
    // Only the first part carries the Sid: IAM needs none, and a Sid in every
    // continued part would cost characters that a resource could use.
    let sid: string | undefined = spec.sid;
    while (remaining.length > 0) {
      const part = startPart(spec, sid, remaining);
      let taken: Item[] = [];
      for (const bin of bins) {
        taken = placePart(bin, part, remaining);
        if (taken.length > 0) break;
      }
      if (taken.length === 0) {
        const next = openBin();
        if (!next) return { bins, fits: false };
        bins.push(next);
        taken = placePart(next, part, remaining);
        // Not even one item fits an empty policy: nothing can help.
        if (taken.length === 0) return { bins, fits: false };
      }
      const placed = new Set(taken);
      remaining = remaining.filter(item => !placed.has(item));
      sid = undefined;
    }
  }
  return { bins, fits: true };
}

function toDocument(bin: Bin): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: bin.statements };
}

/**
 * Packs the statements into at most one inline policy (filled first) and up
 * to `maxManagedPolicies` managed policies, or reports how much is missing.
 */
export function packStatements(
  specs: StatementSpec[],
  limits: PackingLimits,
): PackingResult {
  const managedChars =
    limits.managedPolicyChars ?? IAM_MANAGED_POLICY_MAX_CHARS;
  const inlineChars =
    (limits.inlinePolicyChars ?? IAM_INLINE_POLICIES_MAX_CHARS) -
    (limits.inlineReservedChars ?? 0);
  const newBin = (capacity: number): Bin => ({
    capacity,
    used: EMPTY_DOCUMENT_CHARS,
    statements: [],
  });

  let managedOpened = 0;
  const { bins, fits } = fill(specs, newBin(inlineChars), () => {
    if (managedOpened >= limits.maxManagedPolicies) return undefined;
    managedOpened++;
    return newBin(managedChars);
  });
  // IAM's quota, as the error shows it (the reserved margin is ours).
  const allowedChars =
    (limits.inlinePolicyChars ?? IAM_INLINE_POLICIES_MAX_CHARS) +
    limits.maxManagedPolicies * managedChars;

  if (!fits) {
    // Pack again without a policy count limit to tell how much is needed.
    const unbounded = fill(specs, newBin(inlineChars), () =>
      newBin(managedChars),
    );
    const neededChars = unbounded.fits
      ? unbounded.bins
          .filter(b => b.statements.length > 0)
          .reduce((sum, b) => sum + b.used, 0)
      : specs.reduce(
          (sum, spec) =>
            sum +
            JSON.stringify(
              buildStatement(
                spec,
                spec.sid,
                groupsOf(spec).flatMap(g => g.actions),
                itemsOf(spec).map(i => i.value),
              ),
            ).length,
          EMPTY_DOCUMENT_CHARS,
        );
    return { fits: false, neededChars, allowedChars };
  }

  const [inlineBin, ...managedBins] = bins;
  const used = bins.filter(b => b.statements.length > 0);
  return {
    fits: true,
    ...(inlineBin.statements.length > 0
      ? { inline: toDocument(inlineBin) }
      : {}),
    managed: managedBins.filter(b => b.statements.length > 0).map(toDocument),
    totalChars: used.reduce((sum, b) => sum + b.used, 0),
  };
}
