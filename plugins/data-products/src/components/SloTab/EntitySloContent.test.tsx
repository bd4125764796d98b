import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { SlosApi, slosApiRef } from '@meshport/plugin-data-products-react';
import type { DatasetSloReport } from '@meshport/plugin-data-products-common';
import { ordersDataset } from '../../testing/fixtures';
import { EntitySloContent } from './EntitySloContent';
import { ordersReport, unmeasuredReport } from './testData';

function mockApi(report: DatasetSloReport | (() => Promise<DatasetSloReport>)) {
  return {
    getDatasetSloReport: jest.fn(
      typeof report === 'function' ? report : async () => report,
    ),
    getSloSummary: jest.fn(),
    getSloStatuses: jest.fn(),
    createSloMeasurements: jest.fn(),
  } satisfies SlosApi;
}

async function renderTab(api: SlosApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[slosApiRef, api]]}>
      <EntityProvider entity={ordersDataset}>
        <EntitySloContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const sloRegion = (name: string) =>
  screen.getByRole('region', { name: `${name} SLO` });

describe('EntitySloContent', () => {
  it("asks the backend for the dataset's report", async () => {
    const api = mockApi(ordersReport);
    await renderTab(api);

    expect(api.getDatasetSloReport).toHaveBeenCalledWith(
      'dataset:default/orders',
    );
  });

  it('shows each SLO with its current value against the target and its status', async () => {
    await renderTab(mockApi(ordersReport));

    const availability = sloRegion('Availability');
    expect(
      within(availability).getByLabelText('Availability SLI'),
    ).toHaveTextContent('99.58%');
    expect(
      within(availability).getByText('target 99.5% over 20 days'),
    ).toBeInTheDocument();
    expect(within(availability).getByText('At risk')).toBeInTheDocument();
    expect(
      within(availability).getByText(
        /475 of 477 hourly checks found the data available; last measurement/,
      ),
    ).toBeInTheDocument();

    const completeness = sloRegion('Completeness');
    expect(
      within(completeness).getByLabelText('Completeness SLI'),
    ).toHaveTextContent('95%');
    expect(within(completeness).getByText('Breached')).toBeInTheDocument();
    expect(
      within(completeness).getByText(/Below target since/),
    ).toHaveTextContent(
      `Below target since ${new Date(
        '2026-11-20T10:00:00.000Z',
      ).toLocaleString()} (the SLI is 95% now).`,
    );

    const freshness = sloRegion('Freshness');
    expect(within(freshness).getByLabelText('Freshness SLI')).toHaveTextContent(
      '100%',
    );
    expect(
      within(freshness).getByText('target 95% over 30 days'),
    ).toBeInTheDocument();
    expect(within(freshness).getByText('Met')).toBeInTheDocument();
  });

  it('shows the remaining error budget and the burn rate', async () => {
    await renderTab(mockApi(ordersReport));

    const availabilityBudget = screen.getByRole('progressbar', {
      name: 'Availability error budget remaining',
    });
    expect(availabilityBudget).toHaveAttribute('aria-valuenow', '16');
    expect(availabilityBudget).toHaveAttribute('aria-valuetext', '16% left');
    expect(
      within(sloRegion('Availability')).getByLabelText(
        'Availability error budget explained',
      ),
    ).toHaveTextContent(
      'At 99.5%, the window lets 2 of 477 hourly checks fail; 2 failed, so 16% of the error budget is left. In the last 24 hours failures came 2.4 times as fast as the budget allows (burn rate 2.4×), so it runs out before the window ends.',
    );
    expect(
      within(sloRegion('Availability')).queryByText(/^Burn rate/),
    ).not.toBeInTheDocument();

    const completenessBudget = screen.getByRole('progressbar', {
      name: 'Completeness error budget remaining',
    });
    expect(completenessBudget).toHaveAttribute('aria-valuenow', '0');
    expect(
      within(sloRegion('Completeness')).getByText('Overspent by 400%'),
    ).toBeInTheDocument();
  });

  it('draws a labelled chart of each window, one mark per bucket', async () => {
    await renderTab(mockApi(ordersReport));

    const chart = screen.getByRole('img', {
      name: /^Availability over the window/,
    });
    expect(chart).toHaveAccessibleName(
      expect.stringContaining(
        '475 of 477 hourly checks found the data available (99.58%), target 99.5%. 3 hours without data.',
      ),
    );
    expect(within(chart).getByText('SLI (%)')).toBeInTheDocument();
    expect(within(chart).getByText('target 99.5%')).toBeInTheDocument();
    expect(
      within(chart).getByText('Time (hourly buckets, local time)'),
    ).toBeInTheDocument();
    const marks = chart.querySelectorAll('rect[data-state]');
    expect(marks).toHaveLength(480);
    expect(chart.querySelectorAll('rect[data-state="bad"]')).toHaveLength(2);
    expect(chart.querySelectorAll('rect[data-state="empty"]')).toHaveLength(3);
    // The main line is per bucket: it lifts over the 3 empty hours (two
    // strokes) and drops to 0% at each bad hour, the axis's floor.
    const perBucket =
      chart
        .querySelector('[data-testid="slo-chart-line"]')
        ?.getAttribute('d') ?? '';
    expect(perBucket.match(/M/g)).toHaveLength(2);
    const ys = [...perBucket.matchAll(/[ML][\d.]+,([\d.]+)/g)].map(m =>
      Number(m[1]),
    );
    expect(ys.filter(v => v === Math.max(...ys))).toHaveLength(2);
    // The cumulative SLI is the secondary line, one unbroken stroke.
    expect(
      chart
        .querySelector('[data-testid="slo-chart-cumulative"]')
        ?.getAttribute('d'),
    ).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+$/);

    expect(
      screen.getByRole('img', { name: /^Completeness over the window/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /^Freshness over the window/ }),
    ).toBeInTheDocument();
  });

  it('lists the recent breaches, open ones marked', async () => {
    await renderTab(mockApi(ordersReport));

    const table = screen.getByRole('table', { name: 'Recent breaches' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('Completeness')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Open')).toBeInTheDocument();
    expect(within(rows[0]).getByText('12 h so far')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Freshness')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Recovered')).toBeInTheDocument();
    expect(within(rows[1]).getByText('2 d 3 h')).toBeInTheDocument();
    expect(within(rows[1]).getByText('94.7%')).toBeInTheDocument();
    expect(within(rows[1]).getByText('95.2%')).toBeInTheDocument();
  });

  it('labels sample data clearly', async () => {
    await renderTab(mockApi({ ...ordersReport, sampleData: true }));

    const note = screen.getByRole('note', { name: 'Sample data' });
    expect(note).toHaveTextContent(/Sample data/);
    expect(note).toHaveTextContent(/not from a real pipeline/);
  });

  it('shows no sample label for real measurements', async () => {
    await renderTab(mockApi(ordersReport));

    expect(screen.getByText('Recent breaches')).toBeInTheDocument();
    expect(screen.queryByText('Sample data')).not.toBeInTheDocument();
  });

  it('says when monitoring has stopped', async () => {
    await renderTab(mockApi({ ...ordersReport, monitoring: false }));

    expect(
      screen.getByText(/Monitoring of this dataset has stopped/),
    ).toBeInTheDocument();
  });

  it('explains how to declare SLOs when the dataset has none', async () => {
    await renderTab(mockApi({ ...ordersReport, slos: [] }));

    expect(screen.getByText('No SLOs declared')).toBeInTheDocument();
    expect(screen.getByText(/spec\.slos/)).toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: /over the window/ }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows declared SLOs without data yet, with how to push measurements', async () => {
    await renderTab(mockApi(unmeasuredReport));

    expect(screen.getByText('No measurements yet')).toBeInTheDocument();
    for (const name of ['Availability', 'Freshness']) {
      expect(
        within(sloRegion(name)).getByTestId('status-aborted').parentElement,
      ).toHaveTextContent('No data');
    }
    expect(
      within(sloRegion('Availability')).getByLabelText('Availability SLI'),
    ).toHaveTextContent('–');
    expect(
      within(sloRegion('Availability')).getByText(
        'No hourly checks in the window yet',
      ),
    ).toBeInTheDocument();
    expect(
      within(sloRegion('Availability')).getByText(
        'No hourly checks in the window yet, so no error budget is spent.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: /over the window/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/every SLO has stayed at or above its target/),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend fails', async () => {
    const api = mockApi(async () => {
      throw new Error('Request failed with 404 Not Found');
    });
    await renderTab(api);

    expect(
      (await screen.findAllByText(/Request failed with 404 Not Found/))[0],
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('refetches when asked', async () => {
    const api = mockApi(ordersReport);
    await renderTab(api);

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(api.getDatasetSloReport).toHaveBeenCalledTimes(2);
  });
});
