/*
 * A stateful fake of Lake Formation at the SDK boundary (`LakeFormationApi`,
 * the SDK's command shapes), one account. It behaves as the service does for
 * the calls Meshport makes: registering a registered location and creating
 * an existing LF-tag throw `AlreadyExistsException`; tagging a resource with
 * an unknown key or value is a per-entry failure; grants add to what the
 * principal holds, revokes remove; listings page.
 */
import type {
  LakeFormationApi,
  LfSdkPermissionEntry,
  LfSdkResource,
} from '../apply/lakeFormationSdk';
import { fromSdkResource } from '../apply/lakeFormationSdk';
import { lfResourceKey } from '../plan/lakeFormation';

function lfError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

interface Held {
  principal: string;
  resource: LfSdkResource;
  permissions: Set<string>;
}

export class FakeLakeFormation implements LakeFormationApi {
  readonly calls: Array<{ command: string; input: unknown }> = [];
  readonly resources = new Map<string, string | undefined>();
  readonly permissions = new Map<string, Held>();
  readonly tags = new Map<string, Set<string>>();
  readonly resourceTags = new Map<string, Map<string, string>>();
  parameters: Record<string, string> = {};

  constructor(readonly accountId: string, private readonly pageSize = 25) {}

  private log(command: string, input: unknown) {
    this.calls.push({ command, input });
  }

  private key(principal: string, resource: LfSdkResource) {
    return `${principal}\n${lfResourceKey(
      fromSdkResource(resource, this.accountId)!,
    )}`;
  }

  private page<T>(items: T[], token?: string) {
    const start = token ? Number(token) : 0;
    const end = start + this.pageSize;
    return {
      items: items.slice(start, end),
      NextToken: end < items.length ? String(end) : undefined,
    };
  }

  /** Writes made so far (what a second, converged run must not repeat). */
  writes(): string[] {
    return this.calls.map(c => c.command).filter(c => !/^(List|Get)/.test(c));
  }

  async getDataLakeSettings(input: { CatalogId: string }) {
    this.log('GetDataLakeSettings', input);
    return { DataLakeSettings: { Parameters: { ...this.parameters } } };
  }

  async listResources(input: { NextToken?: string }) {
    this.log('ListResources', input);
    const { items, NextToken } = this.page(
      [...this.resources],
      input.NextToken,
    );
    return {
      ResourceInfoList: items.map(([ResourceArn, RoleArn]) => ({
        ResourceArn,
        RoleArn,
      })),
      NextToken,
    };
  }

  async registerResource(input: {
    ResourceArn: string;
    RoleArn?: string;
    UseServiceLinkedRole?: boolean;
  }) {
    this.log('RegisterResource', input);
    if (this.resources.has(input.ResourceArn)) {
      throw lfError('AlreadyExistsException', 'Resource is already registered');
    }
    this.resources.set(input.ResourceArn, input.RoleArn);
    return {};
  }

  async listPermissions(input: { CatalogId: string; NextToken?: string }) {
    this.log('ListPermissions', input);
    const { items, NextToken } = this.page(
      [...this.permissions.values()],
      input.NextToken,
    );
    return {
      PrincipalResourcePermissions: items.map(h => ({
        Principal: { DataLakePrincipalIdentifier: h.principal },
        Resource: h.resource,
        Permissions: [...h.permissions],
      })),
      NextToken,
    };
  }

  /** Grants directly (a platform team's or a console grant), not through Meshport. */
  grant(entry: LfSdkPermissionEntry) {
    const key = this.key(
      entry.Principal.DataLakePrincipalIdentifier,
      entry.Resource,
    );
    const held = this.permissions.get(key) ?? {
      principal: entry.Principal.DataLakePrincipalIdentifier,
      resource: entry.Resource,
      permissions: new Set<string>(),
    };
    entry.Permissions.forEach(p => held.permissions.add(p));
    this.permissions.set(key, held);
  }

  async batchGrantPermissions(input: {
    CatalogId: string;
    Entries: LfSdkPermissionEntry[];
  }) {
    this.log('BatchGrantPermissions', input);
    if (input.Entries.length > 20) {
      throw lfError('InvalidInputException', 'At most 20 entries');
    }
    input.Entries.forEach(e => this.grant(e));
    return { Failures: [] };
  }

  async batchRevokePermissions(input: {
    CatalogId: string;
    Entries: LfSdkPermissionEntry[];
  }) {
    this.log('BatchRevokePermissions', input);
    if (input.Entries.length > 20) {
      throw lfError('InvalidInputException', 'At most 20 entries');
    }
    for (const entry of input.Entries) {
      const key = this.key(
        entry.Principal.DataLakePrincipalIdentifier,
        entry.Resource,
      );
      const held = this.permissions.get(key);
      if (!held) continue;
      entry.Permissions.forEach(p => held.permissions.delete(p));
      if (held.permissions.size === 0) this.permissions.delete(key);
    }
    return { Failures: [] };
  }

  async listLFTags(input: { CatalogId: string; NextToken?: string }) {
    this.log('ListLFTags', input);
    const { items, NextToken } = this.page([...this.tags], input.NextToken);
    return {
      LFTags: items.map(([TagKey, values]) => ({
        TagKey,
        TagValues: [...values],
      })),
      NextToken,
    };
  }

  async createLFTag(input: {
    CatalogId: string;
    TagKey: string;
    TagValues: string[];
  }) {
    this.log('CreateLFTag', input);
    if (this.tags.has(input.TagKey)) {
      throw lfError('AlreadyExistsException', `Tag key ${input.TagKey} exists`);
    }
    if (input.TagValues.length > 1000) {
      throw lfError('InvalidInputException', 'At most 1000 values');
    }
    this.tags.set(input.TagKey, new Set(input.TagValues));
    return {};
  }

  async updateLFTag(input: {
    CatalogId: string;
    TagKey: string;
    TagValuesToAdd?: string[];
    TagValuesToDelete?: string[];
  }) {
    this.log('UpdateLFTag', input);
    const values = this.tags.get(input.TagKey);
    if (!values) throw lfError('EntityNotFoundException', 'No such tag');
    (input.TagValuesToAdd ?? []).forEach(v => values.add(v));
    (input.TagValuesToDelete ?? []).forEach(v => values.delete(v));
    return {};
  }

  async deleteLFTag(input: { CatalogId: string; TagKey: string }) {
    this.log('DeleteLFTag', input);
    if (!this.tags.delete(input.TagKey)) {
      throw lfError('EntityNotFoundException', 'No such tag');
    }
    for (const tags of this.resourceTags.values()) tags.delete(input.TagKey);
    return {};
  }

  async deregisterResource(input: { ResourceArn: string }) {
    this.log('DeregisterResource', input);
    if (!this.resources.delete(input.ResourceArn)) {
      throw lfError('EntityNotFoundException', 'Resource is not registered');
    }
    return {};
  }

  async removeLFTagsFromResource(input: {
    CatalogId: string;
    Resource: LfSdkResource;
    LFTags: Array<{ TagKey: string; TagValues: string[] }>;
  }) {
    this.log('RemoveLFTagsFromResource', input);
    const tags = this.resourceTags.get(this.key('', input.Resource));
    for (const tag of input.LFTags) tags?.delete(tag.TagKey);
    return { Failures: [] };
  }

  async getResourceLFTags(input: {
    CatalogId: string;
    Resource: LfSdkResource;
  }) {
    this.log('GetResourceLFTags', input);
    const tags = [
      ...(this.resourceTags.get(this.key('', input.Resource)) ?? []),
    ].map(([TagKey, value]) => ({ TagKey, TagValues: [value] }));
    return input.Resource.Table
      ? { LFTagsOnTable: tags }
      : { LFTagOnDatabase: tags };
  }

  async addLFTagsToResource(input: {
    CatalogId: string;
    Resource: LfSdkResource;
    LFTags: Array<{ TagKey: string; TagValues: string[] }>;
  }) {
    this.log('AddLFTagsToResource', input);
    const key = this.key('', input.Resource);
    const failures: Array<{ Error: { ErrorMessage: string } }> = [];
    const tags = this.resourceTags.get(key) ?? new Map<string, string>();
    for (const tag of input.LFTags) {
      const allowed = this.tags.get(tag.TagKey);
      if (!allowed || !tag.TagValues.every(v => allowed.has(v))) {
        failures.push({
          Error: {
            ErrorMessage: `Tag ${tag.TagKey}=${tag.TagValues} does not exist`,
          },
        });
        continue;
      }
      tags.set(tag.TagKey, tag.TagValues[0]);
    }
    this.resourceTags.set(key, tags);
    return { Failures: failures };
  }
}
