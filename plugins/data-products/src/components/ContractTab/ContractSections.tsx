/*
 * The sections of an ODCS contract, as tables people read: schema, quality, SLA properties,
 * roles and terms of use. They show what the exported document says, including fields kept
 * from an imported contract.
 */
import { ReactNode } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type {
  JsonObject,
  JsonValue,
} from '@meshport/plugin-data-products-common';
import { TableFrame } from '../shared';

const objects = (value: JsonValue | undefined): JsonObject[] =>
  Array.isArray(value)
    ? (value.filter(
        v => typeof v === 'object' && v !== null && !Array.isArray(v),
      ) as JsonObject[])
    : [];

const text = (value: JsonValue | undefined): string => {
  if (value === undefined || value === null) {
    return '';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

/** Sentences keep a readable width; every cell is tighter than the theme's, so seven columns fit a page at 1024 pixels. */
const FREE_TEXT = new Set(['Description', 'Check', 'Text']);
function cellStyle(column: string) {
  return FREE_TEXT.has(column)
    ? { padding: '6px 8px', minWidth: '9em' }
    : { padding: '6px 8px' };
}

function SectionTable(props: {
  title: string;
  columns: string[];
  rows: ReactNode[][];
  empty: string;
}) {
  const { title, columns, rows, empty } = props;
  return (
    <InfoCard title={title} noPadding>
      {rows.length === 0 ? (
        <Typography variant="body2" style={{ padding: 16 }}>
          {empty}
        </Typography>
      ) : (
        <TableFrame>
          <Table size="small" aria-label={title}>
            <TableHead>
              <TableRow>
                {columns.map(column => (
                  <TableCell key={column} style={cellStyle(column)}>
                    {column}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((cells, row) => (
                <TableRow key={row}>
                  {cells.map((cell, index) => (
                    <TableCell key={index} style={cellStyle(columns[index])}>
                      {cell}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableFrame>
      )}
    </InfoCard>
  );
}

export function SchemaSection({ contract }: { contract: JsonObject }) {
  const table = objects(contract.schema)[0];
  const rows = objects(table?.properties).map(property => [
    text(property.name),
    text(property.logicalType),
    text(property.physicalType),
    property.required ? 'yes' : 'no',
    property.primaryKey ? 'yes' : '',
    text(property.classification),
    text(property.description),
  ]);
  return (
    <SectionTable
      title="Schema"
      columns={[
        'Column',
        'Type',
        'Physical type',
        'Required',
        'Key',
        'Classification',
        'Description',
      ]}
      rows={rows}
      empty="The contract declares no columns."
    />
  );
}

/** The quality rules of the table and of its columns. */
export function QualitySection({ contract }: { contract: JsonObject }) {
  const table = objects(contract.schema)[0];
  const rules = [
    ...objects(table?.quality).map(rule => ({ element: 'table', rule })),
    ...objects(table?.properties).flatMap(property =>
      objects(property.quality).map(rule => ({
        element: text(property.name),
        rule,
      })),
    ),
  ];
  // Meshport's own settings are the numbers its rule's description already
  // says in words; another tool's settings are shown as they are.
  const settings = (rule: JsonObject) =>
    objects(rule.customProperties)
      .filter(
        p => !(rule.description && text(p.property).startsWith('meshport.')),
      )
      .map(
        p => `${text(p.property).replace(/^meshport\./, '')} ${text(p.value)}`,
      )
      .join(', ');
  return (
    <SectionTable
      title="Quality"
      columns={['Rule', 'On', 'Dimension', 'Check']}
      rows={rules.map(({ element, rule }) => [
        text(rule.name ?? rule.metric ?? rule.type),
        element,
        text(rule.dimension),
        [text(rule.description), settings(rule)].filter(Boolean).join(' — '),
      ])}
      empty="The contract declares no quality rules."
    />
  );
}

export function SlaSection({ contract }: { contract: JsonObject }) {
  return (
    <SectionTable
      title="SLA properties"
      columns={['Property', 'Value', 'Unit', 'Element']}
      rows={objects(contract.slaProperties).map(sla => [
        text(sla.property),
        text(sla.value),
        text(sla.unit),
        text(sla.element),
      ])}
      empty="The contract declares no service levels."
    />
  );
}

export function RolesSection({ contract }: { contract: JsonObject }) {
  return (
    <SectionTable
      title="Roles"
      columns={['Role', 'Access', 'Approvers', 'Description']}
      rows={objects(contract.roles).map(role => [
        text(role.role),
        text(role.access),
        [text(role.firstLevelApprovers), text(role.secondLevelApprovers)]
          .filter(Boolean)
          .join(', then ') || 'approved at once',
        text(role.description),
      ])}
      empty="Nobody can request this dataset: it is private to its product."
    />
  );
}

/** Terms of use: the contract's purpose, usage and limitations. */
export function TermsSection({ contract }: { contract: JsonObject }) {
  const description =
    contract.description && typeof contract.description === 'object'
      ? (contract.description as JsonObject)
      : {};
  const terms = [
    ['Purpose', description.purpose],
    ['Usage', description.usage],
    ['Limitations', description.limitations],
  ].filter(([, value]) => value) as Array<[string, JsonValue]>;
  return (
    <SectionTable
      title="Terms of use"
      columns={['Term', 'Text']}
      rows={terms.map(([term, value]) => [term, text(value)])}
      empty="The contract states no terms of use."
    />
  );
}
