import fs from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { stringify } from 'yaml';
import {
  ContractFormatError,
  DataProductEntity,
  DatasetEntity,
  formatProblem,
  importOdcsContract,
  importOdpsProduct,
  UnmappedField,
  validateEntity,
} from '@meshport/plugin-data-products-common';
import { readOptionalEnvironments } from '../lib/optionalEnvironments';
import {
  CommandOutput,
  EXIT_OK,
  EXIT_PROBLEMS,
  plural,
  UsageError,
} from '../lib/output';
import { parseYamlDocuments } from '../lib/yamlDocuments';
import type { CommandContext } from './types';

export interface ImportOptions {
  /** Folder to write `catalog-info.yaml` into; without it the entities go to stdout. */
  output?: string;
  config?: string[];
}

interface SourceDocument {
  file: string;
  document: Record<string, unknown>;
}

function isOdcs(document: Record<string, unknown>) {
  return document.kind === 'DataContract';
}

function isOdps(document: Record<string, unknown>) {
  return (
    document.kind === 'DataProduct' &&
    typeof document.apiVersion === 'string' &&
    /^v\d/.test(document.apiVersion)
  );
}

async function readSources(files: string[], output: CommandOutput) {
  const sources: SourceDocument[] = [];
  let problems = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      throw new UsageError(`cannot read ${file}`);
    }
    // YAML is a superset of JSON: one parser reads both.
    const { documents, errors } = parseYamlDocuments(text);
    for (const error of errors) {
      output.err(`${file}: ${error.position}: ${error.message}`);
      problems++;
    }
    for (const document of documents) {
      const record = document as Record<string, unknown>;
      if (
        typeof document === 'object' &&
        document !== null &&
        (isOdcs(record) || isOdps(record))
      ) {
        sources.push({ file, document: record });
      } else {
        output.err(
          `${file}: kind: must be DataContract (ODCS v3) or DataProduct (ODPS v1)`,
        );
        problems++;
      }
    }
  }
  return { sources, problems };
}

/**
 * Imports ODCS v3.x contracts and ODPS v1.0 products into Meshport entities, written as one
 * `catalog-info.yaml` (products first, each followed by its Datasets). Prints a line per field
 * that has no Meshport counterpart. Returns 0, or 1 when a document could not be imported or an
 * entity would not be valid.
 */
export async function importContracts(
  files: string[],
  options: ImportOptions,
  output: CommandOutput,
): Promise<number> {
  const { environments, problems: configProblems } =
    await readOptionalEnvironments(options.config);
  configProblems.forEach(line => output.err(line));
  const { sources, problems: readProblems } = await readSources(files, output);
  let problems = readProblems + configProblems.length;
  const reportUnmapped = (file: string, unmapped: UnmappedField[]) => {
    for (const field of unmapped) {
      output.err(`${file}: ${field.path}: ${field.message}`);
    }
  };
  const attempt = <T>(file: string, run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      if (error instanceof ContractFormatError) {
        output.err(`${file}: ${error.message}`);
        problems++;
        return undefined;
      }
      throw error;
    }
  };

  // A contract's domain is its product's: known when the product's ODPS document comes along.
  const domainByContractId = new Map<unknown, unknown>();
  for (const { document } of sources.filter(s => isOdps(s.document))) {
    const ports = Array.isArray(document.outputPorts)
      ? document.outputPorts
      : [];
    for (const port of ports) {
      domainByContractId.set(port?.contractId, document.domain);
    }
  }
  const datasets: DatasetEntity[] = [];
  for (const { file, document } of sources.filter(s => isOdcs(s.document))) {
    const domain = domainByContractId.get(document.id);
    const result = attempt(file, () =>
      importOdcsContract(document, {
        environments,
        domain: typeof domain === 'string' ? domain : undefined,
      }),
    );
    if (result) {
      reportUnmapped(file, result.unmapped);
      datasets.push(result.entity);
    }
  }
  const products: DataProductEntity[] = [];
  for (const { file, document } of sources.filter(s => isOdps(s.document))) {
    const result = attempt(file, () =>
      importOdpsProduct(document, { datasets, inputDatasets: datasets }),
    );
    if (result) {
      reportUnmapped(file, result.unmapped);
      products.push(result.entity);
    }
  }

  const ordered = [
    ...products.flatMap(product => [
      product,
      ...datasets.filter(d => d.spec.dataProduct === product.metadata.name),
    ]),
    ...datasets.filter(
      d => !products.some(p => p.metadata.name === d.spec.dataProduct),
    ),
  ];
  for (const entity of ordered) {
    for (const problem of validateEntity(entity, { environments })) {
      output.err(formatProblem(entity, problem));
      problems++;
    }
  }
  const text = ordered
    .map(entity => stringify(entity, { lineWidth: 0 }))
    .join('---\n');
  if (options.output) {
    await fs.mkdir(options.output, { recursive: true });
    await fs.writeFile(path.join(options.output, 'catalog-info.yaml'), text);
  } else if (text) {
    output.out(text.trimEnd());
  }
  output.err(
    `${plural(products.length, 'DataProduct', 'DataProducts')} and ${plural(
      datasets.length,
      'Dataset',
      'Datasets',
    )} imported${
      options.output
        ? ` to ${path.join(options.output, 'catalog-info.yaml')}`
        : ''
    }${problems > 0 ? `, ${plural(problems, 'problem', 'problems')}` : ''}`,
  );
  return problems > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

export function registerImportCommand(
  program: Command,
  context: CommandContext,
) {
  program
    .command('import')
    .description(
      'Import ODCS v3 data contracts and ODPS v1.0 data products as a Meshport catalog-info.yaml',
    )
    .argument('<files...>', 'ODCS / ODPS documents (YAML or JSON)')
    .option('--output <dir>', 'write catalog-info.yaml into this folder')
    .option(
      '--config <path>',
      'app-config file with meshport.environments (default ./app-config.yaml); repeat to merge',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(async (files: string[], options: ImportOptions) => {
      context.setExitCode(
        await importContracts(files, options, context.output),
      );
    });
}
