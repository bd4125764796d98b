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

  const { value: options, loading } = useAsync(async () => {
    if (admin.loading) {
      return undefined;
    }
    if (admin.allowed) {
      const { items } = await catalogApi.getEntities({
        filter: { kind: 'Group' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.profile',
        ],
      });
      return items.map(toOption);
    }
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const refs = groupRefsOf(ownershipEntityRefs);
    if (refs.length === 0) {
      return [];
    }
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs: refs });
    return items.filter((item): item is Entity => Boolean(item)).map(toOption);
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
  return (
    <RefPicker
      id={idSchema?.$id ?? 'data-product-owner'}
      options={sorted}
      value={formData}
      onChange={onChange}
      label={title}
      loading={loading || admin.loading}
      disabled={disabled || (!admin.allowed && sorted.length === 1)}
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
      helperText={
        !loading && !admin.loading && sorted.length === 0
          ? 'You are not a member of any group: ask to join a team first.'
          : schema.description
      }
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
