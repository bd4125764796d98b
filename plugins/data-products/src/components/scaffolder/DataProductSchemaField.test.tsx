import { useState } from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { ColumnDraft } from '@meshport/plugin-data-products-common';
import {
  DataProductSchemaField,
  dataProductSchemaValidation,
  summarizeColumns,
} from './DataProductSchemaField';

let last: ColumnDraft[] | undefined;

function Form(props: { initial?: ColumnDraft[]; rawErrors?: string[] }) {
  const [value, setValue] = useState<ColumnDraft[] | undefined>(props.initial);
  last = value;
  return (
    <DataProductSchemaField
      {...({} as any)}
      formData={value}
      onChange={setValue}
      schema={{ title: 'Columns' }}
      uiSchema={{}}
      rawErrors={props.rawErrors ?? []}
    />
  );
}

const choose = async (label: string, option: string) => {
  fireEvent.mouseDown(screen.getByLabelText(label));
  fireEvent.click(within(await screen.findByRole('listbox')).getByText(option));
};

describe('DataProductSchemaField', () => {
  it('starts with one empty column and edits columns with every field', async () => {
    await renderInTestApp(<Form />);
    expect(last).toEqual([{ name: '', type: 'string' }]);
    expect(screen.getByLabelText('Remove column 1')).toBeDisabled();

    fireEvent.change(screen.getByLabelText('Name of column 1'), {
      target: { value: 'order_id' },
    });
    fireEvent.change(screen.getByLabelText('Description of column 1'), {
      target: { value: 'One per order' },
    });
    fireEvent.click(screen.getByLabelText('column 1 is a primary key'));

    fireEvent.click(screen.getByRole('button', { name: 'Add a column' }));
    fireEvent.change(screen.getByLabelText('Name of column 2'), {
      target: { value: 'amount' },
    });
    await choose('Type of column 2', 'Number');
    await choose('Classification of column 2', 'Confidential');
    fireEvent.click(screen.getByLabelText('column 2 is required'));

    expect(last).toEqual([
      {
        name: 'order_id',
        type: 'string',
        description: 'One per order',
        primaryKey: true,
        required: true,
      },
      {
        name: 'amount',
        type: 'number',
        classification: 'confidential',
        required: true,
      },
    ]);
    // a primary key is required: its Required box is ticked and fixed
    expect(screen.getByLabelText('column 1 is required')).toBeChecked();
    expect(screen.getByLabelText('column 1 is required')).toBeDisabled();

    fireEvent.click(screen.getByLabelText('Remove column 1'));
    expect(last).toEqual([
      {
        name: 'amount',
        type: 'number',
        classification: 'confidential',
        required: true,
      },
    ]);
  });

  it('gives every row a type when the form starts the field with an empty item (minItems)', async () => {
    await renderInTestApp(<Form initial={[{} as any]} />);
    expect(last).toEqual([{ name: '', type: 'string' }]);
    fireEvent.change(screen.getByLabelText('Name of column 1'), {
      target: { value: 'id' },
    });
    expect(last).toEqual([{ name: 'id', type: 'string' }]);
  });

  it('names the column and what is wrong once the name was left', async () => {
    await renderInTestApp(
      <Form
        initial={[
          { name: 'id', type: 'string' },
          { name: 'ID', type: 'integer' },
        ]}
      />,
    );
    const message =
      'Column 2 ("ID"): column 1 has the same name (names are compared ignoring case)';
    expect(screen.queryByText(message)).not.toBeInTheDocument();
    fireEvent.blur(screen.getByLabelText('Name of column 2'));
    expect(screen.getByText(message)).toBeInTheDocument();
  });

  it('shows every problem after the form was submitted', async () => {
    await renderInTestApp(
      <Form
        initial={[{ name: '', type: 'string' }]}
        rawErrors={['Column 1: enter a name']}
      />,
    );
    expect(screen.getByText('Column 1: enter a name')).toBeInTheDocument();
  });

  it('validates with the server rules: at least one column, names, types', () => {
    const errors: string[] = [];
    const field = { addError: (e: string) => errors.push(e) } as any;
    dataProductSchemaValidation([], field, {} as any);
    dataProductSchemaValidation(
      [
        { name: 'id', type: 'string' },
        { name: 'x', type: 'varchar' as any },
      ],
      field,
      {} as any,
    );
    dataProductSchemaValidation(
      [{ name: 'id', type: 'string', primaryKey: true }],
      field,
      {} as any,
    );
    expect(errors).toEqual([
      'Add at least one column',
      'Column 2 ("x"): choose a type: string, date, timestamp, time, number, integer, object, array or boolean',
    ]);
  });
});

describe('summarizeColumns', () => {
  it('puts the columns in one line for the review page', () => {
    expect(
      summarizeColumns([
        {
          name: 'customer_id',
          type: 'string',
          primaryKey: true,
          required: true,
        },
        {
          name: 'churn_score',
          type: 'number',
          required: true,
          classification: 'confidential',
        },
        { name: 'email', type: 'string', classification: 'pii' },
        { name: '', type: 'string' },
      ]),
    ).toBe(
      'customer_id (text, primary key); churn_score (number, required, Confidential); email (text, Personal data (PII))',
    );
  });
});
