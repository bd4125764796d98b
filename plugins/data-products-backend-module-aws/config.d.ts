export interface Config {
  meshport?: {
    /** The environments (declared by the catalog module); here: their AWS settings. */
    environments?: Array<{
      /**
       * How Meshport reaches this environment's account, and the values of
       * roles that belong to that account. Before reading or writing anything,
       * Meshport checks with `sts:GetCallerIdentity` that the credentials act
       * in the environment's `accountId`. Nothing configured: the default
       * credentials (environment variables, SSO, web identity, instance role).
       */
      aws?: {
        /** A role in the environment's account to assume (from the default credentials or `profile`). */
        roleArn?: string;
        /**
         * The external id the role's trust policy requires.
         *
         * @visibility secret
         */
        externalId?: string;
        /** Session name shown in CloudTrail. Default `meshport`. */
        sessionName?: string;
        /** A named profile of the shared AWS config files. */
        profile?: string;
        /** Permissions boundary of this account's roles (overrides `meshport.aws.permissionsBoundaryArn`). */
        permissionsBoundaryArn?: string;
        /** Who may assume this account's roles (overrides `meshport.aws.trust` per role kind). */
        trust?: {
          consumer?: AwsRoleTrust;
          service?: AwsRoleTrust;
          owner?: AwsRoleTrust;
        };
        /**
         * Where read grants live. `iam` (default): each role's IAM policies list
         * its granted datasets. `lake-formation`: grants are Lake Formation
         * permissions, data locations are registered with Lake Formation and
         * the roles' IAM policies are fixed documents whatever the number of grants.
         */
        accessControl?: 'iam' | 'lake-formation';
        lakeFormation?: {
          /**
           * Role of this account Lake Formation assumes to read registered
           * locations. Default: Lake Formation's service-linked role.
           */
          registrationRoleArn?: string;
        };
        /**
         * Bucket identifier (a key of `buckets`) -> ARN of the KMS key of its
         * SSE-KMS encryption: other accounts' readers get decrypt grants in the key policy.
         */
        bucketKmsKeys?: { [bucketId: string]: string };
      };
    }>;
    /** The AWS provisioner of data products (roles, policies, S3 prefixes, Glue, Athena). */
    aws?: {
      /**
       * First part of every role, policy and workgroup name:
       * `<rolePrefix>-<product>-<environment>-<consumer|service|owner>`. Default `meshport`.
       */
      rolePrefix?: string;
      /** IAM path of the roles and managed policies. Default `/meshport/`. */
      rolePath?: string;
      /**
       * Managed policy ARN set as permissions boundary on every role of the
       * account it belongs to (other accounts: `meshport.environments[].aws`).
       */
      permissionsBoundaryArn?: string;
      /**
       * Managed policies the planner may attach to one role: your account's IAM quota
       * (10 by default, 20 at most).
       */
      maxManagedPoliciesPerRole?: number;
      /** Maximum session duration of the roles, in seconds (3600 to 43200). Default 3600. */
      maxSessionDuration?: number;
      /**
       * Bucket identifier (a key of `meshport.environments[].buckets`) holding the product
       * workspaces `products/<product>/` and Athena results. Default `datalake`.
       */
      workspaceBucket?: string;
      /**
       * Bucket identifier (a key of `meshport.environments[].buckets`) a retiring product's
       * data is copied to, under `retired/<product>/<retirement id>/`. Default `archive`.
       */
      archiveBucket?: string;
      /**
       * Who may assume the roles of each kind. Nothing configured: the
       * environment's own account. SSO role ARNs and OIDC providers apply only
       * in their own account (`meshport.environments[].aws.trust` for others).
       */
      trust?: {
        consumer?: AwsRoleTrust;
        service?: AwsRoleTrust;
        owner?: AwsRoleTrust;
      };
      athena?: {
        /** Per-query scan limit of the product workgroups, in bytes. Default 10 GiB. */
        bytesScannedCutoffPerQuery?: number;
      };
      /** CloudWatch namespace prefix; a product publishes to `<prefix><product>`. Default `Meshport/`. */
      metricsNamespacePrefix?: string;
      /**
       * Custom AWS endpoint for every AWS client (reads, writes, STS, S3 with
       * path-style buckets), e.g. moto `http://127.0.0.1:5000`.
       */
      endpoint?: string;
      /**
       * AWS requests per second and account, all services and environments
       * of the account together (IAM limits its request rate per account).
       * Default 20.
       */
      maxCallsPerSecondPerAccount?: number;
      /** The Glue SLI collector (runs only when `meshport.provisioning.mode` is `apply`). */
      sliCollector?: {
        /**
         * Environment whose Glue catalog is read for SLIs (table update time, row count,
         * readability). Default: the first environment that reads from no other (production).
         */
        environment?: string;
      };
    };
  };
}

interface AwsRoleTrust {
  /** 12-digit account ids (their root) or IAM principal ARNs allowed to assume the role. */
  accountPrincipals?: string[];
  /** IAM Identity Center (SSO) role ARNs, wildcards allowed, e.g. `.../AWSReservedSSO_DataEngineer_*`. */
  ssoRoleArns?: string[];
  /** Web identity federation for pipelines (e.g. GitHub Actions). */
  oidc?: {
    providerArn: string;
    audience: string;
    /** Allowed `sub` patterns; `{product}`, `{namespace}` and `{environment}` are replaced. */
    subjects: string[];
  };
}
