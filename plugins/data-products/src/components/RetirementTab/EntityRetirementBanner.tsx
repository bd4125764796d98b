import { Alert, AlertTitle } from '@material-ui/lab';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityDisplayName, useEntity } from '@backstage/plugin-catalog-react';
import { retirementApiRef } from '@meshport/plugin-data-products-react';
import useAsync from 'react-use/esm/useAsync';
import { entityPath, formatDay } from './presentation';

/**
 * A deprecation banner on the pages of a retiring (or retired) data product
 * and of its datasets. Renders nothing otherwise, and nothing when the
 * status cannot be read (the Retirement tab shows errors).
 */
export const EntityRetirementBanner = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const api = useApi(retirementApiRef);
  const { value } = useAsync(
    () => api.getRetirementStatus(entityRef),
    [api, entityRef],
  );
  if (!value?.state || !value.dataProduct) {
    return null;
  }
  const isProduct = value.dataProduct === entityRef;
  const subject = isProduct ? (
    'This data product'
  ) : (
    <>
      This dataset's data product,{' '}
      <EntityDisplayName
        entityRef={value.dataProduct}
        hideIcon
        disableTooltip
      />
      ,
    </>
  );
  const link = `${entityPath(value.dataProduct)}/retirement`;
  if (value.state === 'retired') {
    return (
      <Alert severity="error" role="alert" aria-label="Retirement">
        <AlertTitle>Retired</AlertTitle>
        {subject} is retired
        {value.sunset ? ` (sunset ${formatDay(value.sunset)})` : ''}: its data
        is archived and no access can be requested.{' '}
        <Link to={link}>See the retirement</Link>
      </Alert>
    );
  }
  return (
    <Alert severity="warning" role="alert" aria-label="Retirement">
      <AlertTitle>
        Deprecated: retires on{' '}
        {value.sunset ? formatDay(value.sunset) : 'its sunset'}
      </AlertTitle>
      {subject} is being retired{value.reason ? `: ${value.reason}` : ''}. New
      access requests are refused and current access ends at the sunset; move
      your consumers off before then. <Link to={link}>See the retirement</Link>
    </Alert>
  );
};
