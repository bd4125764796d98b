export interface Config {
  meshport?: {
    /**
     * Users or groups (entity refs; the kind defaults to Group) with every Meshport right:
     * platform-wide provisioning runs, the export, deciding on any request, managing any product.
     */
    admins?: string[];
  };
}
