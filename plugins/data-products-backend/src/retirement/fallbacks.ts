/*
 * What retirement uses while the access-requests or SLO features are not
 * wired in: nothing to revoke, nothing to stop. The steps say so in their
 * results instead of pretending they did something.
 */
import type { AccessGrantsService, SloMonitoringService } from '../features';

export const noAccessGrants: AccessGrantsService = {
  async listActiveForDatasets() {
    return [];
  },
  async listActiveForConsumer() {
    return [];
  },
  async revokeAllForDatasets() {
    return [];
  },
  async revokeAllForConsumer() {
    return [];
  },
};

export const noSloMonitoring: SloMonitoringService = {
  async stopMonitoring() {},
  async resumeMonitoring() {},
};
