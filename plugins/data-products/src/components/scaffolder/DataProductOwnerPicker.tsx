import { useEffect, useMemo } from 'react';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { dataProductsProvisioningAdminPermission } from '@meshport/plugin-data-products-common';
import useAsync from 'react-use/esm/useAsync';
import { RefPicker } from './RefPicker';

/** A group to offer: its ref and what people see. */
export interface OwnerOption {
  ref: string;
  title: string;
}

const toOption = (group: Entity): OwnerOption => {
  const profile = group.spec?.profile as { displayName?: string } | undefined;
  return {
    ref: stringifyEntityRef(group),
    title: profile?.displayName ?? group.metadata.title ?? group.metadata.name,
  };
};

/** The groups among the user's ownership refs. Pure. */
export function groupRefsOf(ownershipEntityRefs: string[]): string[] {
  return ownershipEntityRefs.filter(ref => {
    try {
      return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
    } catch {
      return false;
    }
  });
}

/**
 * How long the picker waits for the catalog to hold the user's groups, and how often it looks: a
 * portal that has just started is still reading them, and until then the picker says it is loading
 * rather than offering nothing. Groups the catalog still lacks after that are offered by name.
 */
export const CATALOG_WAIT = { totalMs: 30_000, everyMs: 1_000 };

/**
 * Reads until `complete` holds for what was read, or the wait is over; returns the last read.
 * `sleep` is injectable for tests.
 */
export async function readUntil<T>(
  read: () => Promise<T>,
  complete: (value: T) => boolean,
  wait: { totalMs: number; everyMs: number } = CATALOG_WAIT,
  sleep: (ms: number) => Promise<void> = ms =>
    new Promise(resolve => setTimeout(resolve, ms)),
): Promise<T> {
  let value = await read();
  for (
    let waited = 0;
    !complete(value) && waited < wait.totalMs;
    waited += wait.everyMs
  ) {
    await sleep(wait.everyMs);
    value = await read();
  }
  return value;
}

/**
 * The owner of a new data product: one of the user's own groups, or, for a
 * Meshport admin (the server's permission decision), any group. The server
 * checks the choice again when the spec is written.
 */
export const DataProductOwnerPicker = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    onChange,
    formData,
    schema,
    uiSchema,
    rawErrors,
    required,
    disabled,
    idSchema,
  } = props;
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const admin = usePermission({
    permission: dataProductsProvisioningAdminPermission,
  });

  const {
    value: options,
    loading,
    error,
  } = useAsync(async () => {
    if (admin.loading) {
      return undefined;
    }
    if (admin.allowed) {
      const read = () =>
        catalogApi.getEntities({
          filter: { kind: 'Group' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'spec.profile',
          ],
        });
      const { items } = await readUntil(read, r => r.items.length > 0);
      return items.map(toOption);
    }
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const refs = groupRefsOf(ownershipEntityRefs);
    if (refs.length === 0) {
      return [];
    }
    // until the catalog holds at least one of them (a portal just started); a group the
    // sign-in names but the catalog never had does not keep the picker loading
    const { items } = await readUntil(
      () => catalogApi.getEntitiesByRefs({ entityRefs: refs }),
      r => r.items.some(Boolean),
    );
    // a group the catalog has not read yet is offered by its name (the server checks it anyway)
    return refs.map((ref, i) =>
      items[i] ? toOption(items[i]!) : { ref, title: parseEntityRef(ref).name },
    );
  }, [admin.loading, admin.allowed, catalogApi, identityApi]);

  const sorted = useMemo(
    () => [...(options ?? [])].sort((a, b) => a.title.localeCompare(b.title)),
    [options],
  );
  // One group to choose from: it is the owner.
  useEffect(() => {
    if (!formData && sorted.length === 1) {
      onChange(sorted[0].ref);
    }
  }, [formData, sorted, onChange]);

  const title = (uiSchema?.['ui:title'] as string) ?? schema.title ?? 'Owner';
  let helperText = schema.description;
  if (error) {
    helperText = `Your teams could not be read from the catalog: ${error.message}`;
  } else if (options !== undefined && !loading && sorted.length === 0) {
    helperText = 'You are not a member of any group: ask to join a team first.';
  }
  return (
    <RefPicker
      id={idSchema?.$id ?? 'data-product-owner'}
      options={sorted}
      value={formData}
      onChange={onChange}
      label={title}
      loading={!error && (loading || admin.loading || options === undefined)}
      disabled={disabled || (!admin.allowed && sorted.length === 1)}
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
      helperText={helperText}
    />
  );
};

export const dataProductOwnerValidation: CustomFieldValidator<string> = (
  value,
  validation,
) => {
  if (!value) {
    validation.addError('Choose the team that owns the product');
  }
};
