import { useMemo } from 'react';
import {
  ANNOTATION_LOCATION,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { dataProductsProvisioningRunPermission } from '@meshport/plugin-data-products-common';
import useAsync from 'react-use/esm/useAsync';
import { entityTitle } from './EntityTitleField';
import { RefPicker } from './RefPicker';

/** The location type of products published to a repository on the portal host. */
export const LOCAL_GIT_LOCATION_PREFIX = 'meshport-local-git:';

/** Whether the portal can commit to the product's repository (it was published on the portal host). Pure. */
export function isPublishedLocally(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[ANNOTATION_LOCATION]?.startsWith(
      LOCAL_GIT_LOCATION_PREFIX,
    ),
  );
}

interface ProductOption {
  ref: string;
  title: string;
}

/**
 * The product a new dataset is added to: only products the user may change (the server's
 * decision on `data-products.provisioning.run` for each, as the dataset template's actions check
 * it) and that were published to a repository on the portal host (the ones it can commit to).
 */
export const DataProductPicker = (
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
  const catalogApi = useApi(catalogApiRef);
  const permissionApi = useApi(permissionApiRef);

  const { value, loading, error } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'DataProduct' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.annotations',
      ],
    });
    const local = items.filter(isPublishedLocally);
    const decisions = await Promise.all(
      local.map(entity =>
        permissionApi.authorize({
          permission: dataProductsProvisioningRunPermission,
          resourceRef: stringifyEntityRef(entity),
        }),
      ),
    );
    return {
      options: local
        .filter((_, i) => (decisions[i].result as string) === 'ALLOW')
        .map(
          (entity): ProductOption => ({
            ref: stringifyEntityRef(entity),
            title: entityTitle(entity, stringifyEntityRef(entity)),
          }),
        ),
      elsewhere: items.length - local.length,
    };
  }, [catalogApi, permissionApi]);

  const options = useMemo(
    () =>
      [...(value?.options ?? [])].sort((a, b) =>
        a.title.localeCompare(b.title),
      ),
    [value],
  );
  const title =
    (uiSchema?.['ui:title'] as string) ?? schema.title ?? 'Data product';
  let helperText = schema.description;
  if (error) {
    helperText = `The data products could not be loaded: ${error.message}`;
  } else if (!loading && options.length === 0) {
    helperText =
      'None of the data products published on this portal is yours to change: ask an owner of the product to add the dataset, or create a product first.';
  }
  return (
    <RefPicker
      id={idSchema?.$id ?? 'data-product'}
      options={options}
      value={formData}
      onChange={onChange}
      label={title}
      loading={loading}
      disabled={disabled}
      required={required}
      error={(rawErrors?.length ?? 0) > 0 || Boolean(error)}
      helperText={helperText}
    />
  );
};

export const dataProductPickerValidation: CustomFieldValidator<string> = (
  value,
  validation,
) => {
  if (!value) {
    validation.addError('Choose the data product the dataset belongs to');
  }
};
