/*
 * Pure: the roles and operations of a provisioning plan response, in a
 * provisioner-neutral shape for task logs and outputs.
 */
import type { DataProductProvisioningPlanResponse } from '@meshport/plugin-data-products-common';

export interface PlannedRole {
  provisioner: string;
  environment: string;
  name: string;
  arn?: string;
}

export interface PlanSummary {
  roles: PlannedRole[];
  /** e.g. `dev: create iam-role meshport-churn-dev-owner` */
  operations: string[];
  problems: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Roles come from `resources.roles` when the provisioner lists them there
 * (the AWS provisioner does: name, arn, environment), else from the pending
 * operations on resources whose type names a role.
 */
export function summarizePlan(
  plan: DataProductProvisioningPlanResponse,
): PlanSummary {
  const roles: PlannedRole[] = [];
  const operations: string[] = [];
  const problems: string[] = plan.problems.map(p => p.message);
  for (const provisioner of plan.provisioners) {
    const listed = provisioner.filtered
      ? provisioner.resources.roles
      : undefined;
    if (Array.isArray(listed)) {
      for (const role of listed) {
        if (
          isObject(role) &&
          typeof role.name === 'string' &&
          typeof role.environment === 'string'
        ) {
          roles.push({
            provisioner: provisioner.id,
            environment: role.environment,
            name: role.name,
            ...(typeof role.arn === 'string' ? { arn: role.arn } : {}),
          });
        }
      }
    } else {
      for (const operation of provisioner.pendingOperations ?? []) {
        if (
          /role/i.test(operation.resourceType) &&
          operation.action !== 'delete'
        ) {
          roles.push({
            provisioner: provisioner.id,
            environment: operation.environment,
            name: operation.resource,
          });
        }
      }
    }
    for (const operation of provisioner.pendingOperations ?? []) {
      operations.push(
        `${operation.environment}: ${operation.action} ${operation.resourceType} ${operation.resource}`,
      );
    }
    problems.push(
      ...provisioner.problems.map(
        p =>
          `${p.severity}: ${p.environment ? `${p.environment}: ` : ''}${
            p.message
          }`,
      ),
    );
  }
  roles.sort(
    (a, b) =>
      a.environment.localeCompare(b.environment) ||
      a.name.localeCompare(b.name),
  );
  return { roles, operations, problems };
}
