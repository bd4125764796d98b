/*
 * The access-request state machine: pure functions over plain data, no I/O.
 *
 *   (new) ──create──▶ pending ──approve──▶ approved ──provisioned──▶ granted
 *     │                 │  └──deny──▶ denied                │            │
 *     │ unrestricted    └──cancel──▶ cancelled               └──revoke / expire / supersede──▶ revoked / expired
 *     └──────────────▶ approved (decidedBy system)
 *
 * The store applies a transition with a conditional UPDATE (`where status =
 * <the status it was computed from>`), so two deciders at once produce one
 * decision; the loser re-reads and gets a refusal (409) or, for a retry by the
 * same actor, the same result again ('unchanged').
 */
import type {
  AccessGrantProvisioning,
  AccessLevel,
  AccessRequestEventType,
  AccessRequestStatus,
  Lifecycle,
  ProvisioningMode,
  ProvisioningRunStatus,
} from '@meshport/plugin-data-products-common';
import { parseDuration } from '@meshport/plugin-data-products-common';
import type { RetirementState } from '../features';
import { normalizeEntityRef } from '../lib/entityRefs';

/** Who acts when nobody does: automatic approval, the scheduler, the provisioner. */
export const SYSTEM_ACTOR = 'system';

/** What the machine needs to know about a stored request. */
export interface RequestSnapshot {
  status: AccessRequestStatus;
  requester: string;
  decidedBy?: string;
  /** ISO timestamp. */
  validUntil?: string;
  provisioning?: AccessGrantProvisioning;
  /** Whether consumers were already told that it expires soon. */
  expiryNotified?: boolean;
}

/** Why the dataset takes no new grants, if it doesn't. */
export interface DatasetAvailability {
  lifecycle?: Lifecycle;
  retirement?: RetirementState;
  /** False when the dataset is no longer in the catalog. */
  exists?: boolean;
}

export type AccessAction =
  /** A dataset owner (or admin) approves a pending request. */
  | {
      type: 'approve';
      actor: string;
      dataset: DatasetAvailability;
      /**
       * The actor owns the consuming product, and the portal keeps deciding
       * apart from asking (`meshport.accessRequests.consumerOwnersMayApprove`
       * off, the default).
       */
      actorOwnsConsumer?: boolean;
    }
  /** A dataset owner (or admin) denies a pending request. */
  | { type: 'deny'; actor: string }
  /** The requester withdraws a pending request. */
  | { type: 'cancel'; actor: string }
  /** A dataset owner (or admin, or retirement) removes an active grant. */
  | { type: 'revoke'; actor: string }
  /** Someone asks to renew an active request (a new request is created). */
  | { type: 'renew'; actor: string; dataset: DatasetAvailability }
  /** The scheduler ends a request whose validity window has passed. */
  | { type: 'expire'; now: Date }
  /** A provisioning run that included the grant finished. */
  | {
      type: 'provisioned';
      mode: ProvisioningMode;
      runStatus: ProvisioningRunStatus;
    }
  /** Its renewal was approved and took the grant over. */
  | { type: 'supersede'; actor: string }
  /** The scheduler tells the consumer that the grant ends soon (once). */
  | { type: 'notify-expiry'; now: Date; noticeMs: number };

export type AccessActionType = AccessAction['type'];

export const ACCESS_ACTION_TYPES: readonly AccessActionType[] = [
  'approve',
  'deny',
  'cancel',
  'revoke',
  'renew',
  'expire',
  'provisioned',
  'supersede',
  'notify-expiry',
];

/** How the request's grant changes with a transition. */
export type GrantEffect = 'start' | 'end' | 'none';

export type Transition =
  /** Write this: the new status (possibly the same) and the event to record. */
  | {
      kind: 'change';
      to: AccessRequestStatus;
      event: AccessRequestEventType;
      grant: GrantEffect;
      provisioning?: AccessGrantProvisioning;
      /** The action is a decision recorded on the request (decidedBy, note, decidedAt). */
      decision?: boolean;
    }
  /** Nothing to write: the same actor's retry of what is already done, or nothing new. */
  | { kind: 'unchanged'; reason: string }
  /** Not allowed: 403 (who) or 409 (the current state). */
  | { kind: 'refused'; code: 403 | 409; reason: string };

const ACTIVE: readonly AccessRequestStatus[] = ['approved', 'granted'];

export function isActiveStatus(status: AccessRequestStatus): boolean {
  return ACTIVE.includes(status);
}

const conflict = (reason: string): Transition => ({
  kind: 'refused',
  code: 409,
  reason,
});
const forbidden = (reason: string): Transition => ({
  kind: 'refused',
  code: 403,
  reason,
});

/** Why the dataset cannot take new grants, or undefined when it can. */
export function datasetUnavailableReason(
  dataset: DatasetAvailability,
): string | undefined {
  if (dataset.exists === false) {
    return 'the dataset is no longer in the catalog';
  }
  if (dataset.retirement === 'retired' || dataset.lifecycle === 'retired') {
    return 'the dataset is retired';
  }
  if (dataset.retirement === 'retiring') {
    return 'the dataset is being retired';
  }
  if (dataset.lifecycle === 'deprecated') {
    return 'the dataset is deprecated';
  }
  return undefined;
}

/** What each final status is called in a refusal. */
function describeStatus(request: RequestSnapshot): string {
  const by = request.decidedBy ? ` by ${request.decidedBy}` : '';
  switch (request.status) {
    case 'approved':
    case 'granted':
      // Granted is the provisioner's side of an approval.
      return `already approved${by}`;
    case 'denied':
      return `already denied${by}`;
    default:
      return request.status;
  }
}

/**
 * The next state of `request` under `action`. Permissions (the framework's
 * decision on the dataset or product) are checked before; this adds the
 * rules that hold whatever the policy says.
 */
export function transition(
  request: RequestSnapshot,
  action: AccessAction,
): Transition {
  const { status } = request;
  switch (action.type) {
    case 'approve':
    case 'deny': {
      const to = action.type === 'approve' ? 'approved' : 'denied';
      if (action.actor === request.requester) {
        return forbidden(
          "Nobody decides their own access request: another of the dataset's owners does.",
        );
      }
      if (action.type === 'approve' && action.actorOwnsConsumer) {
        return forbidden(
          "You own the product that asks for this access, so another of the dataset's owners approves it.",
        );
      }
      if (status !== 'pending') {
        const sameDecision =
          request.decidedBy === action.actor &&
          (to === 'denied' ? status === 'denied' : isActiveStatus(status));
        if (sameDecision) {
          return { kind: 'unchanged', reason: `already ${status}` };
        }
        return conflict(`The request is ${describeStatus(request)}`);
      }
      if (action.type === 'approve') {
        const unavailable = datasetUnavailableReason(action.dataset);
        if (unavailable) {
          return conflict(`The request cannot be approved: ${unavailable}`);
        }
        return {
          kind: 'change',
          to: 'approved',
          // `system` approves requests for unrestricted datasets at once.
          event: action.actor === SYSTEM_ACTOR ? 'auto-approved' : 'approved',
          grant: 'start',
          provisioning: 'pending',
          decision: true,
        };
      }
      return {
        kind: 'change',
        to: 'denied',
        event: 'denied',
        grant: 'none',
        decision: true,
      };
    }

    case 'cancel':
      if (action.actor !== request.requester) {
        return forbidden(
          'Only the person who asked can cancel an access request.',
        );
      }
      if (status === 'cancelled') {
        return { kind: 'unchanged', reason: 'already cancelled' };
      }
      if (status !== 'pending') {
        return conflict(
          `Only a pending request can be cancelled; this one is ${describeStatus(
            request,
          )}`,
        );
      }
      return {
        kind: 'change',
        to: 'cancelled',
        event: 'cancelled',
        grant: 'none',
      };

    case 'revoke':
      if (isActiveStatus(status)) {
        // The revoke is the request's last decision: its note is what people
        // read (the approval stays in the history).
        return {
          kind: 'change',
          to: 'revoked',
          event: 'revoked',
          grant: 'end',
          decision: true,
        };
      }
      if (status === 'revoked') {
        return { kind: 'unchanged', reason: 'already revoked' };
      }
      if (status === 'pending') {
        return conflict(
          'A pending request has no grant to revoke: deny it instead',
        );
      }
      return conflict(
        `Only an active grant can be revoked; this request is ${status}`,
      );

    case 'renew': {
      if (!isActiveStatus(status)) {
        return conflict(
          `Only an approved or granted request can be renewed; this one is ${status}`,
        );
      }
      const unavailable = datasetUnavailableReason(action.dataset);
      if (unavailable) {
        return conflict(`The access cannot be renewed: ${unavailable}`);
      }
      return {
        kind: 'change',
        to: status,
        event: 'renewal-requested',
        grant: 'none',
      };
    }

    case 'expire':
      if (!isActiveStatus(status)) {
        return conflict(
          `Only an active grant can expire; this request is ${status}`,
        );
      }
      if (
        !request.validUntil ||
        Date.parse(request.validUntil) > action.now.getTime()
      ) {
        return conflict('The grant is still within its validity window');
      }
      return { kind: 'change', to: 'expired', event: 'expired', grant: 'end' };

    case 'provisioned': {
      if (!isActiveStatus(status)) {
        return conflict(`A ${status} request is not provisioned`);
      }
      let provisioning: AccessGrantProvisioning | undefined;
      if (action.mode === 'plan' && action.runStatus !== 'failed') {
        provisioning = 'planned';
      } else if (action.mode === 'apply' && action.runStatus === 'succeeded') {
        provisioning = 'applied';
      }
      if (
        !provisioning ||
        request.provisioning === 'applied' ||
        (status === 'granted' && request.provisioning === provisioning)
      ) {
        return {
          kind: 'unchanged',
          reason: provisioning
            ? `already ${request.provisioning}`
            : `a ${action.mode} run that ${action.runStatus} does not grant`,
        };
      }
      return {
        kind: 'change',
        to: 'granted',
        event: 'granted',
        grant: 'none',
        provisioning,
      };
    }

    case 'supersede':
      if (!isActiveStatus(status)) {
        return conflict(`A ${status} request cannot be renewed`);
      }
      // The renewal holds the grant from now on: this request's window closes.
      return { kind: 'change', to: 'expired', event: 'renewed', grant: 'none' };

    case 'notify-expiry':
      if (!isActiveStatus(status) || !request.validUntil) {
        return conflict('Only an active grant with an end expires');
      }
      if (request.expiryNotified) {
        return { kind: 'unchanged', reason: 'the consumer was already told' };
      }
      if (
        Date.parse(request.validUntil) - action.noticeMs >
        action.now.getTime()
      ) {
        return conflict('The grant does not end soon');
      }
      return {
        kind: 'change',
        to: status,
        event: 'expiry-notified',
        grant: 'none',
      };

    default: {
      const never: never = action;
      throw new Error(`Unknown access action ${JSON.stringify(never)}`);
    }
  }
}

/** The facts a new request is decided on. */
export interface CreationContext {
  access: AccessLevel;
  dataset: DatasetAvailability;
  /** Full ref of the product that produces the dataset. */
  datasetProduct: string;
  /** Full ref of the consuming product. */
  consumer: string;
  /** Retirement state of the consuming product. */
  consumerRetirement?: RetirementState;
}

export type CreationDecision =
  | { kind: 'create'; status: 'pending'; event: 'created' }
  | {
      kind: 'create';
      status: 'approved';
      event: 'auto-approved';
      decidedBy: typeof SYSTEM_ACTOR;
    }
  | { kind: 'refused'; code: 400 | 403 | 409; reason: string };

/**
 * How a new request (or a renewal) starts: unrestricted datasets are approved
 * at once by `system`; private ones cannot be requested; retired, retiring
 * or deprecated ones take no new requests. Duplicates are refused by the
 * store (one open request per pair).
 */
export function decideCreation(context: CreationContext): CreationDecision {
  if (context.access === 'private') {
    return {
      kind: 'refused',
      code: 403,
      reason:
        'The dataset is private: its access cannot be requested (only its own product reads it)',
    };
  }
  const unavailable = datasetUnavailableReason(context.dataset);
  if (unavailable) {
    return {
      kind: 'refused',
      code: 409,
      reason: `The dataset takes no new access requests: ${unavailable}`,
    };
  }
  if (context.consumerRetirement) {
    return {
      kind: 'refused',
      code: 409,
      reason: `The consuming product is ${context.consumerRetirement}: it takes no new inputs`,
    };
  }
  if (
    normalizeEntityRef(context.consumer) ===
    normalizeEntityRef(context.datasetProduct)
  ) {
    return {
      kind: 'refused',
      code: 400,
      reason: 'A data product reads its own datasets without a request',
    };
  }
  if (context.access === 'unrestricted') {
    return {
      kind: 'create',
      status: 'approved',
      event: 'auto-approved',
      decidedBy: SYSTEM_ACTOR,
    };
  }
  return { kind: 'create', status: 'pending', event: 'created' };
}

/** Milliseconds of a duration such as `90d`, `12h` or `30m`; undefined if it is none. */
export function durationMs(duration: string): number | undefined {
  const ms = parseDuration(duration);
  return ms !== undefined && ms > 0 ? ms : undefined;
}

/**
 * The validity window of a grant approved at `now`. A renewal extends the
 * current window: it starts where the renewed grant ends (or now, if later),
 * so renewing early loses no time.
 */
export function computeValidity(options: {
  now: Date;
  duration?: string;
  /** The renewed grant's end, for a renewal. */
  extendsFrom?: string;
}): { validFrom: string; validUntil?: string } {
  const validFrom = options.now.toISOString();
  if (!options.duration) {
    return { validFrom };
  }
  const ms = durationMs(options.duration);
  if (ms === undefined) {
    throw new Error(`Invalid duration ${JSON.stringify(options.duration)}`);
  }
  const base = Math.max(
    options.now.getTime(),
    options.extendsFrom ? Date.parse(options.extendsFrom) : 0,
  );
  return { validFrom, validUntil: new Date(base + ms).toISOString() };
}
