/*
 * Test helper: one request judged by @cloud-copilot/iam-simulate with the
 * principal's identity policies and the resource's policy, and the context
 * AWS sets on every request (the principal's account and ARN).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';

export interface SimulatedRequest {
  principal: string;
  identityPolicies: Array<{ name: string; policy: unknown }>;
  resourcePolicy?: unknown;
  action: string;
  resource: string;
  /** The account owning the resource. */
  resourceAccount: string;
  contextVariables?: Record<string, string>;
}

/** `Allowed`, `ImplicitlyDenied` or `ExplicitlyDenied`; throws on a malformed request. */
export async function simulate(request: SimulatedRequest): Promise<string> {
  const { principal } = request;
  const result = await runSimulation(
    {
      identityPolicies: request.identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy,
      request: {
        action: request.action,
        principal,
        resource: {
          accountId: request.resourceAccount,
          resource: request.resource,
        },
        contextVariables: {
          'aws:PrincipalAccount': principal.split(':')[4],
          'aws:PrincipalArn': principal,
          ...request.contextVariables,
        },
      },
    } as any,
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result));
  return result.overallResult;
}
