import { useState } from 'react';
import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { configApiRef } from '@backstage/core-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  DataProductEnvironmentsPicker,
  dataProductEnvironmentsValidation,
} from './DataProductEnvironmentsPicker';

let last: string[] | undefined;

function Form(props: { initial?: string[] }) {
  const [value, setValue] = useState<string[] | undefined>(props.initial);
  last = value;
  return (
    <DataProductEnvironmentsPicker
      {...({} as any)}
      formData={value}
      onChange={setValue}
      schema={{ title: 'Environments' }}
      uiSchema={{}}
      rawErrors={[]}
    />
  );
}

const render = (
  environments: Array<Record<string, string>>,
  initial?: string[],
) =>
  renderInTestApp(
    <TestApiProvider
      apis={[[configApiRef, new ConfigReader({ meshport: { environments } })]]}
    >
      <Form initial={initial} />
    </TestApiProvider>,
  );

describe('DataProductEnvironmentsPicker', () => {
  it('offers the configured environments, all ticked to begin with', async () => {
    await render([
      { name: 'dev', accountId: '111111111111', region: 'eu-west-1' },
      { name: 'prd', accountId: '222222222222', region: 'eu-west-1' },
    ]);
    const dev = screen.getByLabelText(
      'dev (AWS account 111111111111, eu-west-1)',
    );
    const prd = screen.getByLabelText(
      'prd (AWS account 222222222222, eu-west-1)',
    );
    expect(dev).toBeChecked();
    expect(prd).toBeChecked();
    expect(last).toEqual(['dev', 'prd']);

    fireEvent.click(prd);
    expect(prd).not.toBeChecked();
    expect(last).toEqual(['dev']);
    fireEvent.click(prd);
    expect(last).toEqual(['dev', 'prd']);
  });

  it('ticks everything when the form starts the field as an empty list', async () => {
    await render([{ name: 'dev' }, { name: 'prd' }], []);
    expect(screen.getByLabelText('dev')).toBeChecked();
    expect(last).toEqual(['dev', 'prd']);
  });

  it('keeps what the user chose when the page is shown again', async () => {
    await render([{ name: 'dev' }, { name: 'prd' }], ['prd']);
    expect(screen.getByLabelText('dev')).not.toBeChecked();
    expect(last).toEqual(['prd']);
  });

  it('says so when no environment is configured', async () => {
    await render([]);
    expect(
      screen.getByText(/No environments are configured/),
    ).toBeInTheDocument();
  });

  it('requires at least one environment', () => {
    const errors: string[] = [];
    const field = { addError: (e: string) => errors.push(e) } as any;
    dataProductEnvironmentsValidation([], field, {} as any);
    dataProductEnvironmentsValidation(['dev'], field, {} as any);
    expect(errors).toEqual(['Choose at least one environment']);
  });
});
