/*
 * Pure: a permission refusal as a sentence for people. It says what the
 * caller tried, in words, and who may do it, with titles: "Only the owners of
 * Shipments — Logistics team — or a Meshport admin can decide requests for
 * it." No permission names, entity refs, UUIDs or dates.
 */

/** Who decides a permission in Meshport's policy. */
type Deciders = 'owners' | 'admins' | 'policy';

interface Phrase {
  /** What the caller tried, after "can" / "let you": `decide requests for it`. */
  does: string;
  /** The same for several subjects: `decide requests for them`. */
  doesMany?: string;
  who: Deciders;
}

/** Every permission a Meshport route checks, in words. Keys are permission names. */
const PHRASES: Record<string, Phrase> = {
  'data-products.provisioning.read': {
    does: 'see how it is provisioned',
    who: 'policy',
  },
  'data-products.provisioning.run': { does: 'reconcile it', who: 'owners' },
  'data-products.provisioning.admin': {
    does: 'provision the whole mesh or read every product’s provisioning',
    who: 'admins',
  },
  'data-products.access-request.create': {
    does: 'request access on its behalf',
    who: 'owners',
  },
  'data-products.access-request.read': {
    does: 'see access requests',
    who: 'policy',
  },
  'data-products.access-request.decide': {
    does: 'decide requests for it',
    who: 'owners',
  },
  'data-products.access-grant.revoke': {
    does: 'revoke access to it',
    who: 'owners',
  },
  'data-products.slo.measurement.create': {
    does: 'record SLO measurements for it',
    doesMany: 'record SLO measurements for them',
    who: 'owners',
  },
  'data-products.retirement.manage': {
    does: 'retire it or change its retirement',
    who: 'owners',
  },
  'data-products.lineage.event.create': {
    does: 'send lineage events',
    who: 'policy',
  },
  'catalog.entity.create': {
    does: 'preview a new data product',
    who: 'policy',
  },
};

/** An owner as people know it: `Logistics team`, `Erin Example`. */
export interface OwnerTitle {
  title: string;
  /** A group's type (`team`, `department`); none for a person. */
  type?: string;
}

/** The entity a refusal is about, by title, with its owners. */
export interface RefusalSubject {
  title: string;
  owners: OwnerTitle[];
}

function ownerWords(owner: OwnerTitle): string {
  return owner.type ? `${owner.title} ${owner.type}` : owner.title;
}

function list(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function ownersOf(subject: RefusalSubject): string {
  const owners = subject.owners.map(ownerWords);
  return owners.length > 0
    ? `the owners of ${subject.title} — ${list(owners)} —`
    : `the owners of ${subject.title}`;
}

/**
 * The refusal of `permission` on `subjects` (none for a permission not about
 * an entity). A permission this file does not know reads as the policy's
 * refusal of "this action", never its name.
 */
export function refusalSentence(
  permission: string,
  subjects: RefusalSubject[] = [],
): string {
  const phrase = PHRASES[permission] ?? {
    does: 'do this',
    who: 'policy' as const,
  };
  if (phrase.who === 'admins') {
    return `Only a Meshport admin can ${phrase.does}.`;
  }
  if (phrase.who === 'owners' && subjects.length === 1) {
    return `Only ${ownersOf(subjects[0])} or a Meshport admin can ${
      phrase.does
    }.`;
  }
  if (phrase.who === 'owners' && subjects.length > 1) {
    const owned = subjects.map(s =>
      s.owners.length > 0
        ? `${s.title} is owned by ${list(s.owners.map(ownerWords))}`
        : `${s.title} has no owner in the catalog`,
    );
    return `Only their owners or a Meshport admin can ${
      phrase.doesMany ?? phrase.does
    }: ${owned.join('; ')}.`;
  }
  if (phrase.who === 'owners') {
    return `Only its owners or a Meshport admin can ${phrase.does}.`;
  }
  const does =
    subjects.length > 0
      ? phrase.does.replace(/\bit\b/, list(subjects.map(s => s.title)))
      : phrase.does;
  return `This portal's access policy does not let you ${does}. Ask a Meshport admin if you need to.`;
}
