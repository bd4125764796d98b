/*
 * A small stateful Athena for one account and region, served behind
 * `mockClient(AthenaClient)`: workgroups with configuration and tags (the
 * untagged `primary` workgroup always exists), and Athena's errors.
 */
import {
  InvalidRequestException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import type { AwsTags } from '../model';
import { FakeService } from './FakeService';

interface StoredWorkgroup {
  name: string;
  description?: string;
  state: 'ENABLED' | 'DISABLED';
  configuration: {
    ResultConfiguration?: { OutputLocation?: string };
    EnforceWorkGroupConfiguration?: boolean;
    PublishCloudWatchMetricsEnabled?: boolean;
    BytesScannedCutoffPerQuery?: number;
  };
  tags: AwsTags;
  creationTime: Date;
}

const metadata = { httpStatusCode: 400, requestId: 'fake' };

const invalidRequest = (message: string) =>
  new InvalidRequestException({
    message,
    Message: message,
    $metadata: metadata,
  });

export class FakeAthena extends FakeService {
  readonly accountId: string;
  readonly region: string;
  private readonly workgroups = new Map<string, StoredWorkgroup>();

  constructor(options: { accountId: string; region: string }) {
    super();
    this.accountId = options.accountId;
    this.region = options.region;
    this.workgroups.set('primary', {
      name: 'primary',
      state: 'ENABLED',
      configuration: {},
      tags: {},
      creationTime: this.now(),
    });
  }

  protected throttlingError(message: string): Error {
    return new TooManyRequestsException({
      message,
      Message: message,
      $metadata: metadata,
    });
  }

  arnOf(name: string): string {
    return `arn:aws:athena:${this.region}:${this.accountId}:workgroup/${name}`;
  }

  // ---- inspection for tests -------------------------------------------------------

  workgroupNames(): string[] {
    return [...this.workgroups.keys()].sort();
  }

  workgroup(name: string) {
    const wg = this.workgroups.get(name);
    return wg && structuredClone(wg);
  }

  // ---- Athena APIs ---------------------------------------------------------------

  createWorkGroup(input: any) {
    return this.run('CreateWorkGroup', input, () => {
      if (this.workgroups.has(input.Name)) {
        throw invalidRequest(`WorkGroup ${input.Name} already exists`);
      }
      this.workgroups.set(input.Name, {
        name: input.Name,
        description: input.Description,
        state: 'ENABLED',
        configuration: structuredClone(input.Configuration ?? {}),
        tags: Object.fromEntries(
          (input.Tags ?? []).map((t: any) => [t.Key, t.Value]),
        ),
        creationTime: this.now(),
      });
      return { $metadata: {} };
    });
  }

  getWorkGroup(input: any) {
    return this.run('GetWorkGroup', input, () => {
      const wg = this.find(input.WorkGroup);
      return {
        WorkGroup: {
          Name: wg.name,
          State: wg.state,
          Description: wg.description,
          Configuration: wg.configuration,
          CreationTime: wg.creationTime,
        },
        $metadata: {},
      };
    });
  }

  listWorkGroups(input: any) {
    return this.run('ListWorkGroups', input, () => {
      const all = [...this.workgroups.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(wg => ({
          Name: wg.name,
          State: wg.state,
          Description: wg.description,
          CreationTime: wg.creationTime,
        }));
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const size = input.MaxResults ?? 50;
      const next = start + size < all.length ? String(start + size) : undefined;
      return {
        WorkGroups: all.slice(start, start + size),
        ...(next ? { NextToken: next } : {}),
        $metadata: {},
      };
    });
  }

  updateWorkGroup(input: any) {
    return this.run('UpdateWorkGroup', input, () => {
      const wg = this.find(input.WorkGroup);
      if (input.Description !== undefined) wg.description = input.Description;
      if (input.State) wg.state = input.State;
      const updates = input.ConfigurationUpdates ?? {};
      const config = wg.configuration;
      if (updates.ResultConfigurationUpdates?.OutputLocation !== undefined) {
        config.ResultConfiguration = {
          ...config.ResultConfiguration,
          OutputLocation: updates.ResultConfigurationUpdates.OutputLocation,
        };
      }
      for (const key of [
        'EnforceWorkGroupConfiguration',
        'PublishCloudWatchMetricsEnabled',
        'BytesScannedCutoffPerQuery',
      ] as const) {
        if (updates[key] !== undefined) (config as any)[key] = updates[key];
      }
      return { $metadata: {} };
    });
  }

  deleteWorkGroup(input: any) {
    return this.run('DeleteWorkGroup', input, () => {
      this.find(input.WorkGroup);
      if (input.WorkGroup === 'primary')
        throw invalidRequest('The primary workgroup cannot be deleted');
      this.workgroups.delete(input.WorkGroup);
      return { $metadata: {} };
    });
  }

  listTagsForResource(input: any) {
    return this.run('ListTagsForResource', input, () => ({
      Tags: Object.entries(this.byArn(input.ResourceARN).tags).map(
        ([Key, Value]) => ({ Key, Value }),
      ),
      $metadata: {},
    }));
  }

  tagResource(input: any) {
    return this.run('TagResource', input, () => {
      const wg = this.byArn(input.ResourceARN);
      for (const { Key, Value } of input.Tags ?? []) wg.tags[Key] = Value;
      return { $metadata: {} };
    });
  }

  untagResource(input: any) {
    return this.run('UntagResource', input, () => {
      const wg = this.byArn(input.ResourceARN);
      for (const key of input.TagKeys ?? []) delete wg.tags[key];
      return { $metadata: {} };
    });
  }

  // ---- helpers ---------------------------------------------------------------

  private find(name: string): StoredWorkgroup {
    const wg = this.workgroups.get(name);
    if (!wg) throw invalidRequest(`WorkGroup ${name} is not found.`);
    return wg;
  }

  private byArn(arn: string): StoredWorkgroup {
    const prefix = `arn:aws:athena:${this.region}:${this.accountId}:workgroup/`;
    const wg = arn.startsWith(prefix)
      ? this.workgroups.get(arn.slice(prefix.length))
      : undefined;
    if (!wg) {
      throw new ResourceNotFoundException({
        message: `The resource ${arn} does not exist.`,
        Message: `The resource ${arn} does not exist.`,
        ResourceName: arn,
        $metadata: metadata,
      });
    }
    return wg;
  }

  /** Data catalogs (cross-account reads): name -> type and parameters. */
  readonly dataCatalogs = new Map<
    string,
    { type: string; parameters: Record<string, string> }
  >();

  getDataCatalog(input: any) {
    return this.run('GetDataCatalog', input, () => {
      const found = this.dataCatalogs.get(input.Name);
      if (!found) throw invalidRequest(`Catalog ${input.Name} not found.`);
      return {
        DataCatalog: {
          Name: input.Name,
          Type: found.type,
          Parameters: found.parameters,
        },
        $metadata: {},
      };
    });
  }

  createDataCatalog(input: any) {
    return this.run('CreateDataCatalog', input, () => {
      if (this.dataCatalogs.has(input.Name)) {
        throw invalidRequest(`Catalog ${input.Name} already exists.`);
      }
      this.dataCatalogs.set(input.Name, {
        type: input.Type,
        parameters: { ...input.Parameters },
      });
      return { $metadata: {} };
    });
  }

  updateDataCatalog(input: any) {
    return this.run('UpdateDataCatalog', input, () => {
      if (!this.dataCatalogs.has(input.Name)) {
        throw invalidRequest(`Catalog ${input.Name} not found.`);
      }
      this.dataCatalogs.set(input.Name, {
        type: input.Type,
        parameters: { ...input.Parameters },
      });
      return { $metadata: {} };
    });
  }
}
