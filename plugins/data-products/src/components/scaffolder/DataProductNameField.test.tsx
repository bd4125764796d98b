import { useState } from 'react';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  DataProductNameField,
  dataProductNameValidation,
} from './DataProductNameField';

const taken = new Set([
  'dataproduct:default/sales-orders',
  'dataset:default/orders',
]);

function catalogApi() {
  return {
    getEntityByRef: jest.fn(async (ref: CompoundEntityRef) => {
      const key = `${ref.kind.toLocaleLowerCase('en-US')}:${ref.namespace}/${
        ref.name
      }`;
      return taken.has(key)
        ? { apiVersion: 'v1', kind: ref.kind, metadata: { name: ref.name } }
        : undefined;
    }),
  };
}

/** The field as the scaffolder form renders it: controlled, with its value in form state. */
function Form(props: { kind?: 'DataProduct' | 'Dataset' }) {
  const [value, setValue] = useState<string | undefined>();
  return (
    <DataProductNameField
      {...({} as any)}
      formData={value}
      onChange={setValue}
      schema={{ title: 'Name', description: 'Unique in the catalog' }}
      uiSchema={{ 'ui:options': { kind: props.kind } }}
      idSchema={{ $id: 'root_name' } as any}
      rawErrors={[]}
      required
    />
  );
}

async function renderField(kind?: 'DataProduct' | 'Dataset') {
  const api = catalogApi();
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, api]]}>
      <Form kind={kind} />
    </TestApiProvider>,
  );
  const input = screen.getByLabelText(/Name/);
  const type = (text: string) =>
    fireEvent.change(input, { target: { value: text } });
  return { api, type };
}

describe('DataProductNameField', () => {
  it('says at once what is wrong with the format, without asking the catalog', async () => {
    const { api, type } = await renderField();
    type('Customer_Churn');
    expect(
      screen.getByText('Use lowercase letters: "customer_churn"'),
    ).toBeInTheDocument();
    type('customer--churn');
    expect(
      screen.getByText('Use single dashes between words'),
    ).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 400));
    expect(api.getEntityByRef).not.toHaveBeenCalled();
  });

  it('tells as you type whether the catalog already has the name', async () => {
    const { api, type } = await renderField();
    type('sales-orders');
    expect(
      screen.getByText('Checking whether "sales-orders" is free…'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        '"sales-orders" is taken: the catalog already has DataProduct default/sales-orders',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Name taken')).toBeInTheDocument();

    type('customer-churn');
    expect(
      await screen.findByText('"customer-churn" is available'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Name available')).toBeInTheDocument();
    expect(api.getEntityByRef).toHaveBeenLastCalledWith({
      kind: 'DataProduct',
      namespace: 'default',
      name: 'customer-churn',
    });
  });

  it('asks only once typing pauses', async () => {
    const { api, type } = await renderField();
    for (const prefix of ['c', 'cu', 'cus', 'cust']) {
      type(prefix);
    }
    await screen.findByText('"cust" is available');
    expect(api.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('checks the kind the template asks for', async () => {
    const { type } = await renderField('Dataset');
    type('orders');
    expect(
      await screen.findByText(
        '"orders" is taken: the catalog already has Dataset default/orders',
      ),
    ).toBeInTheDocument();
    type('sales-orders');
    expect(
      await screen.findByText('"sales-orders" is available'),
    ).toBeInTheDocument();
  });

  it('shows the description before anything is typed', async () => {
    await renderField();
    expect(screen.getByText('Unique in the catalog')).toBeInTheDocument();
  });
});

describe('dataProductNameValidation', () => {
  const run = async (value: string, kind?: string) => {
    const errors: string[] = [];
    const api = catalogApi();
    await act(() =>
      dataProductNameValidation(
        value,
        { addError: (e: string) => errors.push(e) } as any,
        {
          apiHolder: { get: () => api } as any,
          formData: {},
          schema: {},
          uiSchema: { 'ui:options': { kind } } as any,
        },
      ),
    );
    return errors;
  };

  it('blocks the next step on a taken name or a bad format', async () => {
    await waitFor(async () => {
      expect(await run('sales-orders')).toEqual([
        '"sales-orders" is taken: the catalog already has DataProduct default/sales-orders',
      ]);
    });
    expect(await run('Bad Name')).toEqual([
      'Use lowercase letters: "bad name"',
    ]);
    expect(await run('customer-churn')).toEqual([]);
    expect(await run('sales-orders', 'Dataset')).toEqual([]);
  });
});
