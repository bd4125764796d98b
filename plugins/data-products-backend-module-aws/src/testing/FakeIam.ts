/*
 * A stateful in-memory IAM for one account, served behind
 * `mockClient(IAMClient)` (see ./installFakeAws.ts). It behaves like IAM where
 * Meshport depends on it: roles with tags, trust policies and boundaries;
 * managed policies with at most five versions; attachments (at most 10 per
 * role by default); inline policies; documents returned URL-encoded; and the
 * errors IAM throws (NoSuchEntity, EntityAlreadyExists, LimitExceeded,
 * DeleteConflict, MalformedPolicyDocument), built like the SDK builds them.
 */
import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  IAMServiceException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import type { AwsTags, PolicyDocument } from '../model';
import { FakeService } from './FakeService';

export const IAM_MANAGED_POLICY_MAX_CHARS = 6144;
export const IAM_INLINE_POLICIES_MAX_CHARS = 10240;
export const IAM_MAX_POLICY_VERSIONS = 5;

interface StoredRole {
  name: string;
  path: string;
  arn: string;
  id: string;
  trust: string;
  description?: string;
  maxSessionDuration: number;
  boundary?: string;
  tags: AwsTags;
  attached: string[];
  inline: Map<string, string>;
  createDate: Date;
}

interface StoredVersion {
  id: string;
  document: string;
  createDate: Date;
}

interface StoredPolicy {
  name: string;
  path: string;
  arn: string;
  id: string;
  description?: string;
  tags: AwsTags;
  versions: StoredVersion[];
  defaultVersion: string;
  nextVersion: number;
  createDate: Date;
}

export interface FakeIamOptions {
  accountId: string;
  /** Items per page of List* calls (IAM's default MaxItems is 100). */
  pageSize?: number;
  /** Managed policies per role (IAM's default quota is 10). */
  maxAttachedPolicies?: number;
}

const metadata = { httpStatusCode: 400, requestId: 'fake' };

const noSuchEntity = (message: string) =>
  new NoSuchEntityException({
    message,
    $metadata: { ...metadata, httpStatusCode: 404 },
  });
const alreadyExists = (message: string) =>
  new EntityAlreadyExistsException({
    message,
    $metadata: { ...metadata, httpStatusCode: 409 },
  });
const limitExceeded = (message: string) =>
  new LimitExceededException({
    message,
    $metadata: { ...metadata, httpStatusCode: 409 },
  });
const deleteConflict = (message: string) =>
  new DeleteConflictException({
    message,
    $metadata: { ...metadata, httpStatusCode: 409 },
  });
const malformed = (message: string) =>
  new MalformedPolicyDocumentException({ message, $metadata: metadata });

/** IAM measures policies without whitespace. */
const sizeOf = (document: string) => document.replace(/\s+/g, '').length;

const tagList = (tags: AwsTags) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export class FakeIam extends FakeService {
  readonly accountId: string;
  private readonly pageSize: number;
  private readonly maxAttached: number;
  /** By lower-cased name: IAM role names are unique case-insensitively. */
  private readonly roles = new Map<string, StoredRole>();
  private readonly policies = new Map<string, StoredPolicy>();
  private ids = 0;
  /** Role name -> attach/put calls still to fail as "not visible yet". */
  private readonly invisible = new Map<string, number>();
  private invisibleAfterCreate = 0;

  constructor(options: FakeIamOptions) {
    super();
    this.accountId = options.accountId;
    this.pageSize = options.pageSize ?? 100;
    this.maxAttached = options.maxAttachedPolicies ?? 10;
  }

  protected throttlingError(message: string): Error {
    return new IAMServiceException({
      name: 'Throttling',
      $fault: 'client',
      message,
      $metadata: metadata,
    });
  }

  /**
   * Simulates IAM's eventual consistency: after each CreateRole, the next
   * `times` AttachRolePolicy / PutRolePolicy calls on that role fail with
   * NoSuchEntity.
   */
  simulateEventualConsistency(times = 1): this {
    this.invisibleAfterCreate = times;
    return this;
  }

  // ---- inspection for tests (not IAM APIs) ---------------------------------

  roleNames(): string[] {
    return [...this.roles.values()].map(r => r.name).sort();
  }

  policyNames(): string[] {
    return [...this.policies.values()].map(p => p.name).sort();
  }

  /** A role as plain data with parsed documents, or undefined. */
  role(name: string) {
    const role = this.roles.get(name.toLowerCase());
    if (!role) return undefined;
    return {
      name: role.name,
      path: role.path,
      arn: role.arn,
      description: role.description,
      maxSessionDuration: role.maxSessionDuration,
      permissionsBoundaryArn: role.boundary,
      trustPolicy: JSON.parse(role.trust) as PolicyDocument,
      tags: { ...role.tags },
      attached: [...role.attached],
      inline: Object.fromEntries(
        [...role.inline].map(([k, v]) => [k, JSON.parse(v) as PolicyDocument]),
      ),
    };
  }

  /** A managed policy (by ARN or name) with its default document, or undefined. */
  policy(arnOrName: string) {
    const policy =
      this.policies.get(arnOrName) ??
      [...this.policies.values()].find(p => p.name === arnOrName);
    if (!policy) return undefined;
    const version = policy.versions.find(v => v.id === policy.defaultVersion)!;
    return {
      name: policy.name,
      arn: policy.arn,
      path: policy.path,
      tags: { ...policy.tags },
      document: JSON.parse(version.document) as PolicyDocument,
      versions: policy.versions.map(v => v.id),
      defaultVersion: policy.defaultVersion,
      attachmentCount: this.attachmentCount(policy.arn),
    };
  }

  // ---- roles -----------------------------------------------------------------

  createRole(input: any) {
    return this.run('CreateRole', input, () => {
      const name: string = input.RoleName;
      if (this.roles.has(name.toLowerCase())) {
        throw alreadyExists(`Role with name ${name} already exists.`);
      }
      const trust = this.checkDocument(input.AssumeRolePolicyDocument);
      if (input.PermissionsBoundary)
        this.checkPolicyExists(input.PermissionsBoundary);
      const path = input.Path ?? '/';
      const role: StoredRole = {
        name,
        path,
        arn: `arn:aws:iam::${this.accountId}:role${path}${name}`,
        id: this.nextId('AROA'),
        trust,
        description: input.Description,
        maxSessionDuration: input.MaxSessionDuration ?? 3600,
        boundary: input.PermissionsBoundary,
        tags: this.tagsFrom(input.Tags),
        attached: [],
        inline: new Map(),
        createDate: this.now(),
      };
      this.roles.set(name.toLowerCase(), role);
      if (this.invisibleAfterCreate > 0) {
        this.invisible.set(name.toLowerCase(), this.invisibleAfterCreate);
      }
      return { Role: this.roleOut(role, true), $metadata: {} };
    });
  }

  getRole(input: any) {
    return this.run('GetRole', input, () => ({
      Role: this.roleOut(this.findRole(input.RoleName), true),
      $metadata: {},
    }));
  }

  listRoles(input: any) {
    return this.run('ListRoles', input, () => {
      const prefix: string = input.PathPrefix ?? '/';
      const all = [...this.roles.values()]
        .filter(r => r.path.startsWith(prefix))
        .sort((a, b) => a.name.localeCompare(b.name))
        // ListRoles leaves out tags and boundaries, like IAM.
        .map(r => this.roleOut(r, false));
      return { ...this.page(all, input, 'Roles'), $metadata: {} };
    });
  }

  /**
   * Roles (with inline documents, attachments, tags, boundary; no description
   * or session length, like IAM) and local managed policies (every version,
   * no tags, like IAM), paged together; documents URL-encoded.
   */
  getAccountAuthorizationDetails(input: any) {
    return this.run('GetAccountAuthorizationDetails', input, () => {
      const filter: string[] = input.Filter ?? ['Role', 'LocalManagedPolicy'];
      const items: Array<{ role?: StoredRole; policy?: StoredPolicy }> = [];
      if (filter.includes('Role')) {
        for (const role of [...this.roles.values()].sort((a, b) =>
          a.name.localeCompare(b.name),
        )) {
          items.push({ role });
        }
      }
      if (filter.includes('LocalManagedPolicy')) {
        for (const policy of [...this.policies.values()].sort((a, b) =>
          a.name.localeCompare(b.name),
        )) {
          items.push({ policy });
        }
      }
      const { Items, ...paging } = this.page(items, input, 'Items') as {
        Items: typeof items;
        IsTruncated: boolean;
        Marker?: string;
      };
      const page = Items;
      return {
        RoleDetailList: page
          .filter(i => i.role)
          .map(({ role }) => {
            const { Description: _d, MaxSessionDuration: _m, ...out } =
              this.roleOut(role!, true);
            return {
              ...out,
              RolePolicyList: [...role!.inline].map(([name, doc]) => ({
                PolicyName: name,
                PolicyDocument: encodeURIComponent(doc),
              })),
              AttachedManagedPolicies: role!.attached.map(arn => ({
                PolicyArn: arn,
                PolicyName: arn.slice(arn.lastIndexOf('/') + 1),
              })),
              InstanceProfileList: [],
            };
          }),
        Policies: page
          .filter(i => i.policy)
          .map(({ policy }) => ({
            ...this.policyOut(policy!, false),
            PolicyVersionList: policy!.versions.map(v => ({
              Document: encodeURIComponent(v.document),
              VersionId: v.id,
              IsDefaultVersion: v.id === policy!.defaultVersion,
              CreateDate: v.createDate,
            })),
          })),
        UserDetailList: [],
        GroupDetailList: [],
        ...paging,
        $metadata: {},
      };
    });
  }

  listPolicyTags(input: any) {
    return this.run('ListPolicyTags', input, () => ({
      Tags: tagList(this.findPolicy(input.PolicyArn).tags),
      IsTruncated: false,
      $metadata: {},
    }));
  }

  /** Quotas can be lowered for tests (`quotas`). */
  readonly quotas = {
    RolesQuota: 1000,
    PoliciesQuota: 1500,
    AssumeRolePolicySizeQuota: 2048,
  };

  getAccountSummary(input: any) {
    return this.run('GetAccountSummary', input, () => ({
      SummaryMap: {
        Roles: this.roles.size,
        Policies: this.policies.size,
        ...this.quotas,
        AttachedPoliciesPerRoleQuota: this.maxAttached,
      },
      $metadata: {},
    }));
  }

  listRoleTags(input: any) {
    return this.run('ListRoleTags', input, () => ({
      Tags: tagList(this.findRole(input.RoleName).tags),
      IsTruncated: false,
      $metadata: {},
    }));
  }

  updateRole(input: any) {
    return this.run('UpdateRole', input, () => {
      const role = this.findRole(input.RoleName);
      if (input.Description !== undefined) role.description = input.Description;
      if (input.MaxSessionDuration !== undefined) {
        role.maxSessionDuration = input.MaxSessionDuration;
      }
      return { $metadata: {} };
    });
  }

  updateAssumeRolePolicy(input: any) {
    return this.run('UpdateAssumeRolePolicy', input, () => {
      const role = this.findRole(input.RoleName);
      role.trust = this.checkDocument(input.PolicyDocument);
      return { $metadata: {} };
    });
  }

  putRolePermissionsBoundary(input: any) {
    return this.run('PutRolePermissionsBoundary', input, () => {
      const role = this.findRole(input.RoleName);
      this.checkPolicyExists(input.PermissionsBoundary);
      role.boundary = input.PermissionsBoundary;
      return { $metadata: {} };
    });
  }

  tagRole(input: any) {
    return this.run('TagRole', input, () => {
      const role = this.findRole(input.RoleName);
      Object.assign(role.tags, this.tagsFrom(input.Tags));
      return { $metadata: {} };
    });
  }

  untagRole(input: any) {
    return this.run('UntagRole', input, () => {
      const role = this.findRole(input.RoleName);
      for (const key of input.TagKeys ?? []) delete role.tags[key];
      return { $metadata: {} };
    });
  }

  deleteRole(input: any) {
    return this.run('DeleteRole', input, () => {
      const role = this.findRole(input.RoleName);
      if (role.attached.length) {
        throw deleteConflict(
          'Cannot delete entity, must detach all policies first.',
        );
      }
      if (role.inline.size) {
        throw deleteConflict(
          'Cannot delete entity, must delete policies first.',
        );
      }
      if ([...this.instanceProfiles.values()].some(p => p.has(role.name))) {
        throw deleteConflict(
          'Cannot delete entity, must remove roles from instance profile first.',
        );
      }
      this.roles.delete(role.name.toLowerCase());
      return { $metadata: {} };
    });
  }

  // ---- instance profiles (only what deleting a role needs) -------------------

  /** Instance profile name -> role names. */
  private readonly instanceProfiles = new Map<string, Set<string>>();

  createInstanceProfile(input: any) {
    return this.run('CreateInstanceProfile', input, () => {
      this.instanceProfiles.set(input.InstanceProfileName, new Set());
      return { $metadata: {} };
    });
  }

  addRoleToInstanceProfile(input: any) {
    return this.run('AddRoleToInstanceProfile', input, () => {
      const role = this.findRole(input.RoleName);
      this.instanceProfiles.get(input.InstanceProfileName)?.add(role.name);
      return { $metadata: {} };
    });
  }

  listInstanceProfilesForRole(input: any) {
    return this.run('ListInstanceProfilesForRole', input, () => {
      const role = this.findRole(input.RoleName);
      return {
        InstanceProfiles: [...this.instanceProfiles]
          .filter(([, roles]) => roles.has(role.name))
          .map(([name]) => ({
            InstanceProfileName: name,
            Arn: `arn:aws:iam::${this.accountId}:instance-profile/${name}`,
          })),
        IsTruncated: false,
        $metadata: {},
      };
    });
  }

  removeRoleFromInstanceProfile(input: any) {
    return this.run('RemoveRoleFromInstanceProfile', input, () => {
      const roles = this.instanceProfiles.get(input.InstanceProfileName);
      if (!roles?.delete(this.findRole(input.RoleName).name)) {
        throw noSuchEntity(
          `Instance profile ${input.InstanceProfileName} has no role ${input.RoleName}.`,
        );
      }
      return { $metadata: {} };
    });
  }

  // ---- managed policies ------------------------------------------------------

  createPolicy(input: any) {
    return this.run('CreatePolicy', input, () => {
      const name: string = input.PolicyName;
      if ([...this.policies.values()].some(p => p.name === name)) {
        throw alreadyExists(
          `A policy called ${name} already exists. Duplicate names are not allowed.`,
        );
      }
      const document = this.checkManagedDocument(input.PolicyDocument);
      const path = input.Path ?? '/';
      const createDate = this.now();
      const policy: StoredPolicy = {
        name,
        path,
        arn: `arn:aws:iam::${this.accountId}:policy${path}${name}`,
        id: this.nextId('ANPA'),
        description: input.Description,
        tags: this.tagsFrom(input.Tags),
        versions: [{ id: 'v1', document, createDate }],
        defaultVersion: 'v1',
        nextVersion: 2,
        createDate,
      };
      this.policies.set(policy.arn, policy);
      return { Policy: this.policyOut(policy, true), $metadata: {} };
    });
  }

  getPolicy(input: any) {
    return this.run('GetPolicy', input, () => ({
      Policy: this.policyOut(this.findPolicy(input.PolicyArn), true),
      $metadata: {},
    }));
  }

  listPolicies(input: any) {
    return this.run('ListPolicies', input, () => {
      if (input.Scope && input.Scope !== 'Local') {
        return { Policies: [], IsTruncated: false, $metadata: {} };
      }
      const prefix: string = input.PathPrefix ?? '/';
      const all = [...this.policies.values()]
        .filter(p => p.path.startsWith(prefix))
        .filter(p => !input.OnlyAttached || this.attachmentCount(p.arn) > 0)
        .sort((a, b) => a.name.localeCompare(b.name))
        // ListPolicies leaves out tags, like IAM.
        .map(p => this.policyOut(p, false));
      return { ...this.page(all, input, 'Policies'), $metadata: {} };
    });
  }

  getPolicyVersion(input: any) {
    return this.run('GetPolicyVersion', input, () => {
      const policy = this.findPolicy(input.PolicyArn);
      const version = policy.versions.find(v => v.id === input.VersionId);
      if (!version) {
        throw noSuchEntity(
          `Policy ${input.PolicyArn} version ${input.VersionId} does not exist or is not attachable.`,
        );
      }
      return {
        PolicyVersion: {
          // IAM returns documents URL-encoded.
          Document: encodeURIComponent(version.document),
          VersionId: version.id,
          IsDefaultVersion: version.id === policy.defaultVersion,
          CreateDate: version.createDate,
        },
        $metadata: {},
      };
    });
  }

  listPolicyVersions(input: any) {
    return this.run('ListPolicyVersions', input, () => {
      const policy = this.findPolicy(input.PolicyArn);
      return {
        Versions: [...policy.versions].reverse().map(v => ({
          VersionId: v.id,
          IsDefaultVersion: v.id === policy.defaultVersion,
          CreateDate: v.createDate,
        })),
        IsTruncated: false,
        $metadata: {},
      };
    });
  }

  createPolicyVersion(input: any) {
    return this.run('CreatePolicyVersion', input, () => {
      const policy = this.findPolicy(input.PolicyArn);
      if (policy.versions.length >= IAM_MAX_POLICY_VERSIONS) {
        throw limitExceeded(
          `A managed policy can have up to ${IAM_MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`,
        );
      }
      const document = this.checkManagedDocument(input.PolicyDocument);
      const version = {
        id: `v${policy.nextVersion++}`,
        document,
        createDate: this.now(),
      };
      policy.versions.push(version);
      if (input.SetAsDefault) policy.defaultVersion = version.id;
      return {
        PolicyVersion: {
          VersionId: version.id,
          IsDefaultVersion: policy.defaultVersion === version.id,
          CreateDate: version.createDate,
        },
        $metadata: {},
      };
    });
  }

  setDefaultPolicyVersion(input: any) {
    return this.run('SetDefaultPolicyVersion', input, () => {
      const policy = this.findPolicy(input.PolicyArn);
      if (!policy.versions.some(v => v.id === input.VersionId)) {
        throw noSuchEntity(
          `Policy ${input.PolicyArn} version ${input.VersionId} does not exist.`,
        );
      }
      policy.defaultVersion = input.VersionId;
      return { $metadata: {} };
    });
  }

  deletePolicyVersion(input: any) {
    return this.run('DeletePolicyVersion', input, () => {
      const policy = this.findPolicy(input.PolicyArn);
      const index = policy.versions.findIndex(v => v.id === input.VersionId);
      if (index < 0) {
        throw noSuchEntity(
          `Policy ${input.PolicyArn} version ${input.VersionId} does not exist.`,
        );
      }
      if (policy.defaultVersion === input.VersionId) {
        throw deleteConflict('Cannot delete the default version of a policy.');
      }
      policy.versions.splice(index, 1);
      return { $metadata: {} };
    });
  }

  deletePolicy(input: any) {
    return this.run('DeletePolicy', input, () => {
      const policy = this.findPolicy(input.PolicyArn);
      if (this.attachmentCount(policy.arn) > 0) {
        throw deleteConflict('Cannot delete a policy attached to entities.');
      }
      if (policy.versions.length > 1) {
        throw deleteConflict(
          "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
        );
      }
      this.policies.delete(policy.arn);
      return { $metadata: {} };
    });
  }

  tagPolicy(input: any) {
    return this.run('TagPolicy', input, () => {
      Object.assign(
        this.findPolicy(input.PolicyArn).tags,
        this.tagsFrom(input.Tags),
      );
      return { $metadata: {} };
    });
  }

  untagPolicy(input: any) {
    return this.run('UntagPolicy', input, () => {
      const policy = this.findPolicy(input.PolicyArn);
      for (const key of input.TagKeys ?? []) delete policy.tags[key];
      return { $metadata: {} };
    });
  }

  // ---- attachments and inline policies ------------------------------------------

  attachRolePolicy(input: any) {
    return this.run('AttachRolePolicy', input, () => {
      const role = this.findRole(input.RoleName);
      this.failIfInvisible(role);
      this.checkPolicyExists(input.PolicyArn);
      if (role.attached.includes(input.PolicyArn)) return { $metadata: {} };
      if (role.attached.length >= this.maxAttached) {
        throw limitExceeded(
          `Cannot exceed quota for PoliciesPerRole: ${this.maxAttached}`,
        );
      }
      role.attached.push(input.PolicyArn);
      return { $metadata: {} };
    });
  }

  detachRolePolicy(input: any) {
    return this.run('DetachRolePolicy', input, () => {
      const role = this.findRole(input.RoleName);
      const index = role.attached.indexOf(input.PolicyArn);
      if (index < 0)
        throw noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
      role.attached.splice(index, 1);
      return { $metadata: {} };
    });
  }

  listAttachedRolePolicies(input: any) {
    return this.run('ListAttachedRolePolicies', input, () => {
      const role = this.findRole(input.RoleName);
      const all = role.attached.map(arn => ({
        PolicyArn: arn,
        PolicyName: arn.slice(arn.lastIndexOf('/') + 1),
      }));
      return { ...this.page(all, input, 'AttachedPolicies'), $metadata: {} };
    });
  }

  putRolePolicy(input: any) {
    return this.run('PutRolePolicy', input, () => {
      const role = this.findRole(input.RoleName);
      this.failIfInvisible(role);
      const document = this.checkDocument(input.PolicyDocument);
      const sizes = [...role.inline]
        .filter(([name]) => name !== input.PolicyName)
        .reduce((sum, [, doc]) => sum + sizeOf(doc), sizeOf(document));
      if (sizes > IAM_INLINE_POLICIES_MAX_CHARS) {
        throw limitExceeded(
          `Maximum policy size of ${IAM_INLINE_POLICIES_MAX_CHARS} bytes exceeded for role ${role.name}`,
        );
      }
      role.inline.set(input.PolicyName, document);
      return { $metadata: {} };
    });
  }

  getRolePolicy(input: any) {
    return this.run('GetRolePolicy', input, () => {
      const role = this.findRole(input.RoleName);
      const document = role.inline.get(input.PolicyName);
      if (document === undefined) {
        throw noSuchEntity(
          `The role policy with name ${input.PolicyName} cannot be found.`,
        );
      }
      return {
        RoleName: role.name,
        PolicyName: input.PolicyName,
        PolicyDocument: encodeURIComponent(document),
        $metadata: {},
      };
    });
  }

  listRolePolicies(input: any) {
    return this.run('ListRolePolicies', input, () => {
      const role = this.findRole(input.RoleName);
      return {
        ...this.page([...role.inline.keys()].sort(), input, 'PolicyNames'),
        $metadata: {},
      };
    });
  }

  deleteRolePolicy(input: any) {
    return this.run('DeleteRolePolicy', input, () => {
      const role = this.findRole(input.RoleName);
      if (!role.inline.delete(input.PolicyName)) {
        throw noSuchEntity(
          `The role policy with name ${input.PolicyName} cannot be found.`,
        );
      }
      return { $metadata: {} };
    });
  }

  // ---- helpers -------------------------------------------------------------

  private nextId(prefix: string): string {
    this.ids++;
    return `${prefix}${String(this.ids).padStart(17, '0')}`;
  }

  private findRole(name: string): StoredRole {
    const role = this.roles.get(String(name).toLowerCase());
    if (!role)
      throw noSuchEntity(`The role with name ${name} cannot be found.`);
    return role;
  }

  private findPolicy(arn: string): StoredPolicy {
    const policy = this.policies.get(arn);
    if (!policy)
      throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    return policy;
  }

  private checkPolicyExists(arn: string) {
    // AWS managed policies always exist.
    if (arn.includes(':iam::aws:policy/')) return;
    this.findPolicy(arn);
  }

  private attachmentCount(arn: string): number {
    return [...this.roles.values()].filter(r => r.attached.includes(arn))
      .length;
  }

  private failIfInvisible(role: StoredRole) {
    const left = this.invisible.get(role.name.toLowerCase()) ?? 0;
    if (left > 0) {
      this.invisible.set(role.name.toLowerCase(), left - 1);
      throw noSuchEntity(`The role with name ${role.name} cannot be found.`);
    }
  }

  /** The document as stored: valid JSON with a Version and statements. */
  private checkDocument(document: unknown): string {
    if (typeof document !== 'string')
      throw malformed('The policy document is missing.');
    let parsed: any;
    try {
      parsed = JSON.parse(document);
    } catch {
      throw malformed('Syntax errors in policy.');
    }
    if (!parsed || typeof parsed !== 'object' || !parsed.Statement) {
      throw malformed('Policy document must contain a Statement.');
    }
    return document;
  }

  private checkManagedDocument(document: unknown): string {
    const checked = this.checkDocument(document);
    if (sizeOf(checked) > IAM_MANAGED_POLICY_MAX_CHARS) {
      throw limitExceeded(
        `Cannot exceed quota for PolicySize: ${IAM_MANAGED_POLICY_MAX_CHARS}`,
      );
    }
    return checked;
  }

  private tagsFrom(
    tags: Array<{ Key: string; Value: string }> | undefined,
  ): AwsTags {
    return Object.fromEntries((tags ?? []).map(t => [t.Key, t.Value]));
  }

  private roleOut(role: StoredRole, full: boolean) {
    return {
      Path: role.path,
      RoleName: role.name,
      RoleId: role.id,
      Arn: role.arn,
      CreateDate: role.createDate,
      AssumeRolePolicyDocument: encodeURIComponent(role.trust),
      Description: role.description,
      MaxSessionDuration: role.maxSessionDuration,
      ...(full
        ? {
            Tags: tagList(role.tags),
            ...(role.boundary
              ? {
                  PermissionsBoundary: {
                    PermissionsBoundaryType: 'Policy',
                    PermissionsBoundaryArn: role.boundary,
                  },
                }
              : {}),
          }
        : {}),
    };
  }

  private policyOut(policy: StoredPolicy, full: boolean) {
    return {
      PolicyName: policy.name,
      PolicyId: policy.id,
      Arn: policy.arn,
      Path: policy.path,
      DefaultVersionId: policy.defaultVersion,
      AttachmentCount: this.attachmentCount(policy.arn),
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: policy.description,
      CreateDate: policy.createDate,
      UpdateDate: policy.versions[policy.versions.length - 1].createDate,
      ...(full ? { Tags: tagList(policy.tags) } : {}),
    };
  }

  /** IAM-style pagination: `Marker` / `IsTruncated`, `MaxItems` or the page size. */
  private page<T>(all: T[], input: any, key: string) {
    const start = input.Marker ? Number(input.Marker) : 0;
    // IAM may return fewer items than MaxItems (IsTruncated says so).
    const size = Math.min(input.MaxItems ?? this.pageSize, this.pageSize);
    const items = all.slice(start, start + size);
    const truncated = start + size < all.length;
    return {
      [key]: items,
      IsTruncated: truncated,
      ...(truncated ? { Marker: String(start + size) } : {}),
    };
  }
}
