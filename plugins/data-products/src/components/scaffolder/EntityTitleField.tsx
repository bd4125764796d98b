import { useEffect } from 'react';
import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';

/** What people call an entity: its display name, title or name. Pure. */
export function entityTitle(entity: Entity | undefined, ref: string): string {
  const profile = entity?.spec?.profile as { displayName?: string } | undefined;
  if (profile?.displayName) {
    return profile.displayName;
  }
  if (entity?.metadata.title) {
    return entity.metadata.title;
  }
  try {
    return entity?.metadata.name ?? parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** One line, as the template's pattern asks. Pure. */
const oneLine = (text: string) =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u001f\u007f]+/g, ' ');

/**
 * `ui:field: DataProductEntityTitle` with `ui:widget: hidden` and `ui:options.refField`: keeps
 * the title of the entity another field of the form picked (e.g. the owner), so the review page
 * shows "Sales" where the form holds `group:default/team-sales` (hide that one from the review
 * with `ui:backstage.review.show: false`). Renders nothing; the server never uses the value.
 */
export const EntityTitleField = (
  props: FieldExtensionComponentProps<string, { refField?: string }>,
) => {
  const { onChange, formData, uiSchema, formContext } = props;
  const refField = uiSchema?.['ui:options']?.refField;
  const formState = (formContext as { formData?: Record<string, unknown> })
    ?.formData;
  const ref = refField ? formState?.[refField] : undefined;
  const catalogApi = useApi(catalogApiRef);

  const { value: title } = useAsync(async () => {
    if (typeof ref !== 'string' || ref === '') {
      return undefined;
    }
    const entity = await catalogApi.getEntityByRef(ref).catch(() => undefined);
    return oneLine(entityTitle(entity, ref));
  }, [ref, catalogApi]);

  useEffect(() => {
    if (title !== undefined && title !== formData) {
      onChange(title);
    }
  }, [title, formData, onChange]);
  return null;
};
