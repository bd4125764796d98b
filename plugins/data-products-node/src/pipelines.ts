/*
 * Which data products a pipeline may deploy. Pipelines call the portal with Backstage external
 * access (`backend.auth.externalAccess`: a static token, or a JWKS-verified token from the CI's
 * OIDC). Backstage gives such service principals every permission their `accessRestrictions`
 * allow, on every resource: the permission policy never sees them. So Meshport scopes them per
 * product here, from `meshport.pipelines`:
 *
 *   meshport:
 *     pipelines:
 *       - subject: ci-sales-orders            # a static token's subject
 *         dataProducts: [sales-orders]
 *       - subject: external:github:repo:acme/sales-orders:*   # JWKS: external:<prefix>:<sub>
 *         dataProducts: [sales-orders]
 *
 * Backend plugins (`plugin:<id>` subjects) are not pipelines and keep their rights. An external
 * principal without an entry may act on no product. Pure: no I/O.
 */
import type {
  BackstageCredentials,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * One `meshport.pipelines` entry.
 *
 * @public
 */
export interface PipelineScope {
  /** The principal's subject; a trailing `*` matches any rest. */
  subject: string;
  /** Full DataProduct refs (lowercase), or `*` for every product and platform-wide runs. */
  dataProducts: string[];
}

/**
 * A scope's `dataProducts` entry for every product.
 *
 * @public
 */
export const ALL_PRODUCTS = '*';

/**
 * Reads `meshport.pipelines`; a bad entry stops the start with the key named.
 *
 * @public
 */
export function readPipelineScopes(config: RootConfigService): PipelineScope[] {
  return (config.getOptionalConfigArray('meshport.pipelines') ?? []).map(
    (entry, index) => {
      const subject = entry.getString('subject');
      if (!/^\S+$/.test(subject)) {
        throw new Error(
          `meshport.pipelines[${index}].subject: must be a principal subject without spaces (got ${JSON.stringify(
            subject,
          )})`,
        );
      }
      const dataProducts = entry.getStringArray('dataProducts').map(ref => {
        if (ref === ALL_PRODUCTS) {
          return ref;
        }
        try {
          const parsed = parseEntityRef(ref, {
            defaultKind: 'DataProduct',
            defaultNamespace: 'default',
          });
          if (parsed.kind.toLocaleLowerCase('en-US') === 'dataproduct') {
            return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
          }
        } catch {
          // reported below
        }
        throw new Error(
          `meshport.pipelines[${index}].dataProducts: must be DataProduct refs such as sales-orders (got ${JSON.stringify(
            ref,
          )})`,
        );
      });
      return { subject, dataProducts };
    },
  );
}

function subjectMatches(pattern: string, subject: string): boolean {
  return pattern.endsWith('*')
    ? subject.startsWith(pattern.slice(0, -1))
    : pattern === subject;
}

/**
 * The products an external (pipeline) principal may act on, or undefined when Meshport does not
 * scope the caller (users, whom the permission policy judges, and backend plugins).
 *
 * @public
 */
export function pipelineProducts(
  scopes: PipelineScope[],
  credentials: BackstageCredentials,
): { subject: string; dataProducts: string[] } | undefined {
  const principal = credentials.principal as {
    type?: string;
    subject?: string;
  };
  if (principal.type !== 'service' || !principal.subject) {
    return undefined;
  }
  if (principal.subject.startsWith('plugin:')) {
    return undefined;
  }
  const subject = principal.subject;
  return {
    subject,
    dataProducts: scopes
      .filter(scope => subjectMatches(scope.subject, subject))
      .flatMap(scope => scope.dataProducts),
  };
}

/**
 * Why a pipeline may not act: its subject, the products it may deploy (full refs) and the one it
 * was refused (none for a platform-wide action).
 *
 * @public
 */
export interface PipelineRefusal {
  /** The pipeline's principal subject. */
  subject: string;
  /** Full DataProduct refs it may deploy (none: it may deploy nothing). */
  allowed: string[];
  /** The full DataProduct ref it was refused; none for a platform-wide action. */
  refused?: string;
}

/**
 * Why the pipeline may not act on the product, or undefined when it may (or the caller is not a
 * pipeline). Without `productRef`: a platform-wide action. {@link describePipelineRefusal} says
 * it with titles.
 *
 * @public
 */
export function pipelineRefusal(
  scopes: PipelineScope[],
  credentials: BackstageCredentials,
  productRef?: string,
): PipelineRefusal | undefined {
  const scope = pipelineProducts(scopes, credentials);
  if (!scope || scope.dataProducts.includes(ALL_PRODUCTS)) {
    return undefined;
  }
  const refusal = { subject: scope.subject, allowed: scope.dataProducts };
  if (!productRef) {
    return refusal;
  }
  const refused = productRef.toLocaleLowerCase('en-US');
  return refusal.allowed.includes(refused)
    ? undefined
    : { ...refusal, refused };
}

function listed(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * The refusal as a sentence for people, the products by title (`titles` maps full refs; a ref
 * it lacks reads as its name): "The pipeline ci-web-orders may deploy Web orders only, not
 * Finance ledger." Pure.
 *
 * @public
 */
export function pipelineRefusalSentence(
  refusal: PipelineRefusal,
  titles: ReadonlyMap<string, string> = new Map(),
): string {
  const titleOf = (ref: string) => {
    const title = titles.get(ref);
    if (title) return title;
    try {
      return parseEntityRef(ref).name;
    } catch {
      return ref;
    }
  };
  const { subject, allowed, refused } = refusal;
  if (allowed.length === 0) {
    return `The pipeline ${subject} may deploy no data product.`;
  }
  const may = `The pipeline ${subject} may deploy ${listed(
    allowed.map(titleOf),
  )} only`;
  return refused
    ? `${may}, not ${titleOf(refused)}.`
    : `${may}; provisioning the whole mesh needs a Meshport admin.`;
}

/**
 * Reads entities by ref, in order (undefined for a missing one): the catalog's
 * `getEntitiesByRefs` with the caller's credentials.
 *
 * @public
 */
export type PipelineTitleLookup = (
  entityRefs: string[],
) => Promise<Array<{ metadata: { name: string; title?: string } } | undefined>>;

/**
 * {@link pipelineRefusalSentence} with the products' titles read through `lookup`; a catalog
 * that fails leaves the products' names.
 *
 * @public
 */
export async function describePipelineRefusal(
  refusal: PipelineRefusal,
  lookup: PipelineTitleLookup,
): Promise<string> {
  const refs = [
    ...new Set([
      ...refusal.allowed,
      ...(refusal.refused ? [refusal.refused] : []),
    ]),
  ];
  const titles = new Map<string, string>();
  if (refs.length > 0) {
    try {
      const entities = await lookup(refs);
      refs.forEach((ref, i) => {
        const entity = entities[i];
        if (entity)
          titles.set(ref, entity.metadata.title ?? entity.metadata.name);
      });
    } catch {
      // The refusal is said all the same, with names.
    }
  }
  return pipelineRefusalSentence(refusal, titles);
}
