import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { DatasetSloCard } from './DatasetSloCard';
import { bareDataset, ordersDataset } from '../../testing/fixtures';

const renderCard = (entity: Entity) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DatasetSloCard />
    </EntityProvider>,
  );

const rowOf = (sloName: string) =>
  screen.getByText(sloName).closest('tr') as HTMLElement;

describe('DatasetSloCard', () => {
  it('shows availability as hourly checks over the default 20-day window', async () => {
    await renderCard(ordersDataset);

    const availability = rowOf('Availability');
    expect(within(availability).getByText('99.5%')).toBeInTheDocument();
    expect(within(availability).getByText(/every hour/)).toBeInTheDocument();
    expect(within(availability).getByText('20 days')).toBeInTheDocument();
  });

  it('shows completeness against the default 5% drop', async () => {
    await renderCard(ordersDataset);

    const completeness = rowOf('Completeness');
    expect(within(completeness).getByText('99%')).toBeInTheDocument();
    expect(
      within(completeness).getByText(/at most 5% below the average/),
    ).toBeInTheDocument();
  });

  it('shows freshness as a maximum age and a share of days', async () => {
    await renderCard(ordersDataset);

    const freshness = rowOf('Freshness');
    expect(within(freshness).getByText('95% of days')).toBeInTheDocument();
    expect(
      within(freshness).getByText(/never older than 24 hours/),
    ).toBeInTheDocument();
    expect(within(freshness).getByText('30 days')).toBeInTheDocument();
  });

  it('keeps an objective name and window on one line; the target may wrap between words (e2e/tests/screens.test.mjs checks no word is split)', async () => {
    await renderCard(ordersDataset);

    const cells = within(rowOf('Availability')).getAllByRole('cell');
    for (const index of [0, 3]) {
      expect(cells[index]).toHaveStyle({ whiteSpace: 'nowrap' });
    }
    expect(cells[1]).not.toHaveStyle({ whiteSpace: 'nowrap' });
  });

  it('shows only the SLOs that are declared', async () => {
    await renderCard({
      ...ordersDataset,
      spec: { ...ordersDataset.spec, slos: { availability: { target: 99 } } },
    });

    expect(screen.getByText('Availability')).toBeInTheDocument();
    expect(screen.queryByText('Completeness')).not.toBeInTheDocument();
    expect(screen.queryByText('Freshness')).not.toBeInTheDocument();
  });

  it('explains how to declare SLOs when there are none', async () => {
    await renderCard(bareDataset);

    expect(screen.getByText(/No SLOs declared/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
