import fs from 'node:fs/promises';
import path from 'node:path';
import {
  stringifyEntityRef,
  DEFAULT_NAMESPACE,
} from '@backstage/catalog-model';
import { Command } from 'commander';
import { stringify } from 'yaml';
import {
  DataProductEntity,
  DatasetEntity,
  exportDatasetToOdcs,
  exportDataProductToOdps,
  getDatasetProductRef,
  JsonObject,
} from '@meshport/plugin-data-products-common';
import { readCatalog } from '../lib/catalog';
import { readOptionalEnvironments } from '../lib/optionalEnvironments';
import {
  CommandOutput,
  EXIT_OK,
  EXIT_PROBLEMS,
  plural,
  UsageError,
} from '../lib/output';
import type { CommandContext } from './types';

export const EXPORT_FORMATS = ['odcs', 'odps'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  /** Folder to write one file per document into; without it documents go to stdout. */
  output?: string;
  /** app-config files with meshport.environments; default `./app-config.yaml` if present. */
  config?: string[];
}

/** `orders.odcs.yaml`; `finance.orders.odcs.yaml` outside the default namespace. */
function fileName(
  entity: DataProductEntity | DatasetEntity,
  format: ExportFormat,
) {
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const prefix = namespace === DEFAULT_NAMESPACE ? '' : `${namespace}.`;
  return `${prefix}${entity.metadata.name}.${format}.yaml`;
}

/** YAML as people write it: no folded lines, keys in the order the mapping wrote them. */
export function toYaml(document: JsonObject): string {
  return stringify(document, { lineWidth: 0 });
}

/**
 * Exports the Datasets (ODCS) or DataProducts (ODPS) found in the given files and folders. A
 * product's Datasets become its output ports; the Datasets it consumes, when found, give its
 * input ports their contract id and version. Returns 0, or 1 when an entity is invalid (then
 * nothing is written).
 */
export async function exportContracts(
  paths: string[],
  options: ExportOptions,
  output: CommandOutput,
): Promise<number> {
  if (!EXPORT_FORMATS.includes(options.format)) {
    throw new UsageError(
      `unknown format '${options.format}' (use ${EXPORT_FORMATS.join(' or ')})`,
    );
  }
  const { environments, problems: configProblems } =
    await readOptionalEnvironments(options.config);
  const catalog = await readCatalog(
    paths.length > 0 ? paths : ['.'],
    environments,
  );
  const problems = [...configProblems, ...catalog.problems];
  if (problems.length > 0) {
    problems.forEach(line => output.err(line));
    output.err(
      `${plural(problems.length, 'problem', 'problems')}: nothing exported`,
    );
    return EXIT_PROBLEMS;
  }
  const ofKind = <T>(kind: string) =>
    catalog.entities
      .filter(e => e.kind.toLowerCase() === kind)
      .map(e => e.entity as T);
  const products = ofKind<DataProductEntity>('dataproduct');
  const datasets = ofKind<DatasetEntity>('dataset');
  const productOf = (dataset: DatasetEntity) =>
    products.find(
      product => stringifyEntityRef(product) === getDatasetProductRef(dataset),
    );

  const documents: Array<{ file: string; document: JsonObject }> = [];
  if (options.format === 'odcs') {
    for (const dataset of datasets) {
      const product = productOf(dataset);
      documents.push({
        file: fileName(dataset, 'odcs'),
        document: exportDatasetToOdcs(dataset, {
          environments: environments?.filter(
            environment =>
              !product?.spec.environments ||
              product.spec.environments.includes(environment.name),
          ),
          domain: product?.spec.domain,
        }),
      });
    }
  } else {
    for (const product of products) {
      documents.push({
        file: fileName(product, 'odps'),
        document: exportDataProductToOdps(product, {
          datasets: datasets.filter(dataset => productOf(dataset) === product),
          inputDatasets: datasets,
        }),
      });
    }
  }

  if (options.output) {
    await fs.mkdir(options.output, { recursive: true });
    for (const { file, document } of documents) {
      await fs.writeFile(path.join(options.output, file), toYaml(document));
    }
  } else {
    for (const { document } of documents) {
      output.out(`---\n${toYaml(document).trimEnd()}`);
    }
  }
  output.err(
    `${plural(
      documents.length,
      `${options.format.toUpperCase()} document`,
      `${options.format.toUpperCase()} documents`,
    )} exported${options.output ? ` to ${options.output}` : ''}${
      environments ? '' : ' (no meshport.environments: servers use bucket ids)'
    }`,
  );
  return EXIT_OK;
}

export function registerExportCommand(
  program: Command,
  context: CommandContext,
) {
  program
    .command('export')
    .description(
      'Export Datasets as ODCS v3.1 data contracts or DataProducts as ODPS v1.0 documents',
    )
    .argument('<paths...>', 'files or folders with catalog-info.yaml files')
    .requiredOption('--format <format>', 'odcs or odps')
    .option('--output <dir>', 'write one file per document into this folder')
    .option(
      '--config <path>',
      'app-config file with meshport.environments (default ./app-config.yaml); repeat to merge',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(async (paths: string[], options: ExportOptions) => {
      context.setExitCode(
        await exportContracts(paths, options, context.output),
      );
    });
}
