import { describeColumnProblems, toSchemaColumns } from './columns';
import { validateEntity } from './validation';

const dataset = (columns: unknown) => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'orders' },
  spec: {
    dataProduct: 'sales-orders',
    owner: 'group:default/team-sales',
    access: 'restricted',
    outputs: [{ type: 'glue', database: 'sales', table: 'orders' }],
    schema: { columns },
  },
});

describe('describeColumnProblems', () => {
  const good = [
    {
      name: 'order_id',
      type: 'string',
      description: 'One per order',
      required: true,
      primaryKey: true,
    },
    { name: 'Customer email', type: 'string', classification: 'pii' },
    { name: 'amount', type: 'number', required: false, primaryKey: false },
  ];

  it('accepts columns that `meshport validate` accepts in a Dataset', () => {
    expect(describeColumnProblems(good)).toEqual([]);
    expect(validateEntity(dataset(toSchemaColumns(good as any)))).toEqual([]);
  });

  it.each([
    [undefined, 'Add at least one column'],
    [[], 'Add at least one column'],
    ['order_id', 'Add at least one column'],
  ])('asks for at least one column (%j)', (columns, message) => {
    expect(describeColumnProblems(columns)).toEqual([{ message }]);
  });

  it.each([
    [{ name: '', type: 'string' }, 'name', 'Column 1: enter a name'],
    [{ name: '   ', type: 'string' }, 'name', 'Column 1: enter a name'],
    [
      { name: 'a\n---\nkind: Group', type: 'string' },
      'name',
      'Column 1: the name must be one line of text, without control characters',
    ],
    [
      { name: ' id', type: 'string' },
      'name',
      'Column 1 ("id"): the name must not start or end with a space',
    ],
    [
      { name: 'x'.repeat(256), type: 'string' },
      'name',
      'Column 1: use at most 255 characters for the name (this one has 256)',
    ],
    [
      { name: 'id', type: 'varchar' },
      'type',
      'Column 1 ("id"): choose a type: string, date, timestamp, time, number, integer, object, array or boolean',
    ],
    [
      { name: 'id', type: 'string', classification: 'secret' },
      'classification',
      'Column 1 ("id"): the classification must be public, internal, confidential, restricted or pii',
    ],
    [
      { name: 'id', type: 'string', description: 'a\u0000b' },
      'description',
      'Column 1 ("id"): the description must be text of at most 2000 characters, without control characters',
    ],
    [
      { name: 'id', type: 'string', required: 'yes' },
      'required',
      'Column 1 ("id"): required must be true or false',
    ],
    [
      { name: 'id', type: 'string', primaryKey: true, required: false },
      'required',
      'Column 1 ("id"): a primary key column is required (tick "Required")',
    ],
    [null, undefined, 'Column 1: must be a column'],
  ])('names the column and what was expected: %j', (column, field, message) => {
    expect(describeColumnProblems([column])).toEqual([
      { index: 0, ...(field ? { field } : {}), message },
    ]);
  });

  it('refuses a second column of the same name ignoring case, as `meshport validate` does', () => {
    const columns = [
      { name: 'id', type: 'string' },
      { name: 'ID', type: 'integer' },
    ];
    expect(describeColumnProblems(columns)).toEqual([
      {
        index: 1,
        field: 'name',
        message:
          'Column 2 ("ID"): column 1 has the same name (names are compared ignoring case)',
      },
    ]);
    expect(validateEntity(dataset(columns)).map(p => p.path)).toContain(
      'spec.schema.columns[1].name',
    );
  });
});

describe('toSchemaColumns', () => {
  it('keeps the known fields, drops empty ones and makes a primary key required', () => {
    expect(
      toSchemaColumns([
        {
          name: 'id',
          type: 'string',
          description: '  ',
          primaryKey: true,
          extra: 'x',
        } as any,
        {
          name: 'email',
          type: 'string',
          description: ' Where we write ',
          classification: 'pii',
          required: false,
        },
      ]),
    ).toEqual([
      { name: 'id', type: 'string', required: true, primaryKey: true },
      {
        name: 'email',
        type: 'string',
        description: 'Where we write',
        classification: 'pii',
      },
    ]);
  });
});
