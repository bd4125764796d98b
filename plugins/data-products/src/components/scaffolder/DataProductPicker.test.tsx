import { useState } from 'react';
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { DataProductPicker } from './DataProductPicker';
import { EntityTitleField } from './EntityTitleField';

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);

const productEntity = (
  name: string,
  title: string,
  location: string,
): Entity => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: {
    name,
    namespace: 'default',
    title,
    annotations: { 'backstage.io/managed-by-location': location },
  },
  spec: {},
});
const products = [
  productEntity('churn', 'Customer churn', 'meshport-local-git:churn'),
  productEntity('orders', 'Sales orders', 'meshport-local-git:orders'),
  productEntity('shipments', 'Shipments', 'url:https://example.com/x.yaml'),
];
// the server's decisions: the user may change churn and shipments, not orders
const allowed = new Set([
  'dataproduct:default/churn',
  'dataproduct:default/shipments',
]);

const catalogApi = {
  getEntities: async () => ({ items: products }),
  getEntityByRef: async (ref: string) =>
    products.find(p => `dataproduct:default/${p.metadata.name}` === ref),
};
const permissionApi = {
  authorize: async ({ resourceRef }: { resourceRef?: string }) => ({
    result: allowed.has(resourceRef ?? '')
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
  }),
};

let state: Record<string, string | undefined> = {};

function Form() {
  const [product, setProduct] = useState<string | undefined>();
  const [title, setTitle] = useState<string | undefined>();
  state = { product, title };
  return (
    <>
      <DataProductPicker
        {...({} as any)}
        formData={product}
        onChange={setProduct}
        schema={{ title: 'Data product' }}
        uiSchema={{}}
        rawErrors={[]}
        idSchema={{ $id: 'dataProduct' }}
      />
      <EntityTitleField
        {...({} as any)}
        formData={title}
        onChange={setTitle}
        schema={{}}
        uiSchema={{ 'ui:options': { refField: 'dataProduct' } }}
        formContext={{ formData: { dataProduct: product } }}
      />
    </>
  );
}

describe('DataProductPicker', () => {
  it('offers only the products the user may change that live on the portal, by title; the title field follows', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApi],
          [permissionApiRef, permissionApi],
        ]}
      >
        <Form />
      </TestApiProvider>,
    );
    await userEvent.click(screen.getByLabelText('Data product'));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual(['Customer churn']);
    await userEvent.click(options[0]);
    expect(state.product).toBe('dataproduct:default/churn');
    await waitFor(() => expect(state.title).toBe('Customer churn'));
  });

  it('says why there is nothing to choose', async () => {
    allowed.clear();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApi],
          [permissionApiRef, permissionApi],
        ]}
      >
        <Form />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        /None of the data products published on this portal is yours to change/,
      ),
    ).toBeInTheDocument();
  });
});
