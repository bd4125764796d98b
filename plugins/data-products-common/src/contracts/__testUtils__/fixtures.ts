/*
 * Contracts written for the tests by us, filling every section of ODCS v3.1 and ODPS v1.0 with
 * content of our own (a fictional parcel-tracking team), so that no third-party example is
 * copied. Kept as YAML files so that the CLI tests can import the same files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { JsonObject } from '../remainder';

export const FULL_ODCS_CONTRACT_FILE = path.join(
  __dirname,
  'parcel-scans.odcs.yaml',
);
export const FULL_ODPS_PRODUCT_FILE = path.join(
  __dirname,
  'parcel-tracking.odps.yaml',
);

export const FULL_ODCS_CONTRACT: JsonObject = parse(
  fs.readFileSync(FULL_ODCS_CONTRACT_FILE, 'utf8'),
);
export const FULL_ODPS_PRODUCT: JsonObject = parse(
  fs.readFileSync(FULL_ODPS_PRODUCT_FILE, 'utf8'),
);
