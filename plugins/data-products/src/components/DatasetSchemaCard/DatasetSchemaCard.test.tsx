import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { DatasetSchemaCard } from './DatasetSchemaCard';
import { bareDataset, ordersDataset } from '../../testing/fixtures';

const renderCard = (entity: Entity) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DatasetSchemaCard />
    </EntityProvider>,
  );

const rowOf = (columnName: string) =>
  screen.getByText(columnName).closest('tr') as HTMLElement;

describe('DatasetSchemaCard', () => {
  it('shows each column with its type, physical type and description', async () => {
    await renderCard(ordersDataset);

    const orderId = rowOf('order_id');
    expect(within(orderId).getByText('string')).toBeInTheDocument();
    expect(within(orderId).getByText('varchar(18)')).toBeInTheDocument();
    expect(
      within(orderId).getByText('Unique order number'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('amount')).getByText('decimal(10,2)'),
    ).toBeInTheDocument();
  });

  it('marks required and primary key columns', async () => {
    await renderCard(ordersDataset);

    expect(
      within(rowOf('order_id')).getByTitle('order_id is required'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('order_id')).getByTitle(
        'order_id is part of the primary key',
      ),
    ).toBeInTheDocument();
    expect(
      within(rowOf('amount')).queryByTitle(/required|primary key/),
    ).not.toBeInTheDocument();
  });

  it('flags personal data with a visible PII chip and counts it', async () => {
    await renderCard(ordersDataset);

    expect(
      within(rowOf('customer_email')).getByText('PII'),
    ).toBeInTheDocument();
    expect(within(rowOf('amount')).getByText('internal')).toBeInTheDocument();
    expect(
      screen.getByText('1 of 3 columns hold personal data'),
    ).toBeInTheDocument();
  });

  it('explains where to declare a schema when there is none', async () => {
    await renderCard(bareDataset);

    expect(screen.getByText(/No schema declared/)).toBeInTheDocument();
    expect(screen.getByText('spec.schema.columns')).toBeInTheDocument();
  });
});
