export interface Config {
  meshport?: {
    /**
     * Users or groups (entity refs; the kind defaults to Group) with every
     * Meshport right in the portal's permission policy. Access requests read
     * it too: "awaiting my decision" shows admins every pending request (but
     * their own).
     */
    admins?: string[];
    /**
     * The data products each pipeline may deploy. Pipelines call the portal
     * with Backstage external access (`backend.auth.externalAccess`: a static
     * token's `subject`, or `external:<subjectPrefix>:<sub>` for a JWKS
     * token from a CI's OIDC); Backstage's permission policy never sees such
     * principals, so Meshport scopes them here. A trailing `*` in `subject`
     * matches any rest (e.g. every branch of one repository). An external
     * principal without an entry may read or reconcile no product;
     * `dataProducts: ['*']` allows every product and platform-wide runs.
     */
    pipelines?: Array<{
      subject: string;
      /** DataProduct refs (`sales-orders` or `dataproduct:default/sales-orders`), or `*`. */
      dataProducts: string[];
    }>;
    accessRequests?: {
      /**
       * Whether an owner of the consuming product may approve its access
       * request (when they own the dataset too). Default false: a team does
       * not approve its own access through a colleague who owns the dataset;
       * another of the dataset's owners (or an admin) decides.
       */
      consumerOwnersMayApprove?: boolean;
      expiry?: {
        /**
         * How often grants whose validity window ended are expired (and
         * removed from provisioning) and expiry notices are sent: task
         * `data-products-access-expiry`, one replica at a time. Default
         * `{ minutes: 5 }`. Also accepts strings such as `5m` or `PT5M`.
         */
        frequency?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
        /**
         * How many days before a grant ends its consumers (the consuming
         * product's owners and the requester) are told, once. Default 7; 0
         * turns the notice off.
         */
        noticeDays?: number;
      };
    };
    provisioning?: {
      /**
       * `plan` (the default) records what provisioning would change and never
       * calls the cloud, so no cloud credentials are needed; `apply` reads the
       * cloud's actual state and changes it. Visible to the frontend so the
       * portal can say which mode it runs in.
       * @visibility frontend
       */
      mode?: 'plan' | 'apply';
      schedule?: {
        /**
         * How often the whole mesh is reconciled (task
         * `data-products-reconcile`, one replica at a time). Default
         * `{ minutes: 30 }`. Also accepts strings such as `30m` or `PT30M`.
         */
        frequency?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
      };
      changeDetection?: {
        /**
         * How often the input (catalog entities, grants, environments) is
         * compared with the last whole-mesh run's; a difference queues a run
         * (task `data-products-reconcile-on-change`). Default
         * `{ minutes: 1 }`.
         */
        frequency?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
      };
    };
    contracts?: {
      /**
       * The least time between today and the sunset of a dataset version that a new major
       * replaces (`spec.deprecates.sunset`): shorter sunsets are flagged on the Dataset's
       * Contract tab. A whole number and a unit (`m`, `h`, `d`). Default `30d`.
       */
      noticePeriod?: string;
    };
    retirement?: {
      /**
       * The least time between starting a retirement and its sunset, so
       * consumers have time to move off. Default `{ days: 30 }`. Also
       * accepts strings such as `30d`. May be zero (e.g. in tests).
       */
      noticePeriod?:
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
          }
        | string;
      /**
       * The most time between starting a retirement and its sunset: a later
       * sunset is refused (400). Default `{ years: 2 }`; at least the notice
       * period. Also accepts strings such as `365d`.
       */
      maxNoticePeriod?:
        | {
            years?: number;
            months?: number;
            days?: number;
            hours?: number;
          }
        | string;
      schedule?: {
        /**
         * How often the retirement task (`data-products-retirement`, one
         * replica at a time) starts due retirements and runs their steps.
         * Default `{ minutes: 1 }`.
         */
        frequency?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
      };
    };
    /** Runtime lineage from OpenLineage events, and usage. */
    lineage?: {
      /**
       * How long lineage events, the graph derived from them and usage are
       * kept (task `data-products-lineage-maintenance`, every 10 minutes,
       * which also matches unmatched datasets again). Default `{ days: 90 }`,
       * at least one day. Accepts strings such as `90d`.
       */
      retention?:
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
          }
        | string;
      /**
       * Namespace prefixes of query engines over the Glue catalog (e.g.
       * `trino://trino.internal:443`, or `duckdb://` in development) whose
       * dataset names `[catalog.]<database>.<table>` are matched to Glue
       * outputs, like Athena's.
       */
      tableNamespaces?: string[];
    };
    /** SLOs of Datasets (availability, completeness, freshness). */
    slo?: {
      /**
       * Generate deterministic sample measurements (a few weeks of hourly
       * availability checks and updates, one dataset with a breach) for the
       * catalog's datasets that have no real measurements, labelled as sample
       * data in the portal. On in the embedded default; off by default.
       */
      sampleData?: boolean;
      retention?: {
        /**
         * How long raw measurements are kept before they are rolled up into
         * hourly (availability) and daily (updates) aggregates; always at
         * least the longest SLO window of the dataset plus two weeks. Also
         * the oldest a pushed measurement may be. Default `{ days: 35 }`, at
         * least one day. Accepts strings such as `35d`.
         */
        raw?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
        /**
         * How long the aggregates are kept. Default `{ days: 400 }` (a year
         * of history); at least as long as `raw`.
         */
        aggregates?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
      };
      evaluation?: {
        /**
         * How often every monitored dataset's SLOs are evaluated, opening
         * and closing breaches (task `data-products-slo-evaluate`, one
         * replica at a time). Default `{ minutes: 5 }`.
         */
        frequency?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
      };
      collection?: {
        /**
         * How often the installed SLI collectors (e.g. AWS Glue) are asked
         * for measurements (task `data-products-slo-collect`). Collectors
         * only run when `meshport.provisioning.mode` is `apply`. Default
         * `{ hours: 1 }`.
         */
        frequency?:
          | {
              days?: number;
              hours?: number;
              minutes?: number;
              seconds?: number;
            }
          | string;
      };
    };
  };
}
