import type { ProvisioningTrigger } from '../provisioning/Reconciler';

/**
 * Asks for reconciles one at a time, merging the products of the requests
 * that arrive meanwhile into the next one: a burst of approvals queues a few
 * runs over their consumers, not one run per approval. Each caller's promise
 * settles with the call that carried its products.
 */
export class CoalescingTrigger {
  private next:
    | {
        products: Set<string>;
        requestedBy?: string;
        mixed: boolean;
        waiters: Array<{ resolve(): void; reject(error: unknown): void }>;
      }
    | undefined;
  private inFlight = false;

  constructor(private readonly provisioning: ProvisioningTrigger) {}

  trigger(dataProducts: string[], requestedBy?: string): Promise<void> {
    if (!this.next) {
      this.next = {
        products: new Set(),
        requestedBy,
        mixed: false,
        waiters: [],
      };
    }
    const batch = this.next;
    dataProducts.forEach(product => batch.products.add(product));
    if (batch.requestedBy !== requestedBy) {
      // Several people's changes: the run is recorded for none of them.
      batch.mixed = true;
    }
    const done = new Promise<void>((resolve, reject) =>
      batch.waiters.push({ resolve, reject }),
    );
    if (!this.inFlight) {
      void this.flush();
    }
    return done;
  }

  private async flush(): Promise<void> {
    const batch = this.next;
    if (!batch) {
      return;
    }
    this.next = undefined;
    this.inFlight = true;
    try {
      await this.provisioning.trigger({
        reason: 'grant-change',
        dataProducts: [...batch.products].sort(),
        ...(batch.requestedBy && !batch.mixed
          ? { requestedBy: batch.requestedBy }
          : {}),
      });
      batch.waiters.forEach(waiter => waiter.resolve());
    } catch (error) {
      batch.waiters.forEach(waiter => waiter.reject(error));
    } finally {
      this.inFlight = false;
      if (this.next) {
        void this.flush();
      }
    }
  }
}
