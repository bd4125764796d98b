/*
 * Pure: the consumption model. Each (consumer product, dataset) pair is
 * computed once from the catalog's input ports, the open access requests and
 * the undeclared reads lineage saw; every screen and retirement read it.
 */
import type {
  AccessRequest,
  Consumption,
  ConsumptionState,
} from '@meshport/plugin-data-products-common';
import { ACTIVE_ACCESS_REQUEST_STATUSES } from '@meshport/plugin-data-products-common';
import { normalizeEntityRef as lower } from '../lib/entityRefs';

/** A product as the model needs it: refs lower-cased, inputs with purposes. */
export interface ProductFacts {
  ref: string;
  title: string;
  inputs: Array<{ dataset: string; purpose: string }>;
}

export interface DatasetFacts {
  ref: string;
  title: string;
  /** Full ref of the producing product. */
  product: string;
}

export interface ConsumptionFacts {
  products: ProductFacts[];
  datasets: DatasetFacts[];
  /** Open requests (pending, approved, granted) on any of the datasets. */
  requests: AccessRequest[];
  /** Reads lineage flagged as undeclared. */
  undeclaredReads: Array<{ dataset: string; consumer: string }>;
}

function nameOf(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}

/**
 * Every pair touching `datasets` (refs), the producer's own reads left out.
 * Sorted by dataset title, then by consumer title.
 */
export function computeConsumption(
  facts: ConsumptionFacts,
  datasets: string[],
): Consumption[] {
  const wanted = new Set(datasets.map(lower));
  const datasetByRef = new Map(facts.datasets.map(d => [lower(d.ref), d]));
  const productByRef = new Map(facts.products.map(p => [lower(p.ref), p]));
  const pairs = new Map<string, Consumption>();

  const pair = (consumerRef: string, datasetRef: string) => {
    const consumer = lower(consumerRef);
    const dataset = lower(datasetRef);
    if (!wanted.has(dataset)) return undefined;
    if (lower(datasetByRef.get(dataset)?.product ?? '') === consumer) {
      return undefined;
    }
    const key = `${consumer}|${dataset}`;
    let entry = pairs.get(key);
    if (!entry) {
      const product = productByRef.get(consumer);
      const port = product?.inputs.find(i => lower(i.dataset) === dataset);
      entry = {
        consumer,
        consumerTitle: product?.title ?? nameOf(consumer),
        dataset,
        datasetTitle: datasetByRef.get(dataset)?.title ?? nameOf(dataset),
        state: 'declared',
        declared: Boolean(port),
        ...(port ? { purpose: port.purpose } : {}),
        grantedEnvironments: [],
        undeclaredGrant: false,
        undeclaredRead: false,
      };
      pairs.set(key, entry);
    }
    return entry;
  };

  for (const product of facts.products) {
    for (const input of product.inputs) pair(product.ref, input.dataset);
  }
  // Oldest first, so the newest open request is the one kept.
  const requests = [...facts.requests].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
  for (const request of requests) {
    const entry = pair(request.consumer, request.dataset);
    if (!entry) continue;
    entry.request = {
      id: request.id,
      status: request.status,
      requester: request.requester,
      environments: request.environments,
    };
    // The input port's purpose is the declaration; without one, the purpose
    // the consumer gave when asking (the newest request's) is what they said.
    if (!entry.declared && request.purpose) entry.purpose = request.purpose;
    if (ACTIVE_ACCESS_REQUEST_STATUSES.includes(request.status)) {
      entry.grantedEnvironments = [
        ...new Set([...entry.grantedEnvironments, ...request.environments]),
      ].sort();
    }
  }
  for (const read of facts.undeclaredReads) {
    const entry = pairs.get(`${lower(read.consumer)}|${lower(read.dataset)}`);
    if (entry) continue; // declared or holding access since: not undeclared
    const created = pair(read.consumer, read.dataset);
    if (created) created.undeclaredRead = true;
  }

  for (const entry of pairs.values()) {
    entry.undeclaredGrant =
      !entry.declared && entry.grantedEnvironments.length > 0;
    entry.state = stateOf(entry);
  }
  return [...pairs.values()].sort(
    (a, b) =>
      a.datasetTitle.localeCompare(b.datasetTitle) ||
      a.consumerTitle.localeCompare(b.consumerTitle) ||
      a.consumer.localeCompare(b.consumer),
  );
}

function stateOf(entry: Consumption): ConsumptionState {
  if (entry.grantedEnvironments.length > 0) return 'granted';
  if (entry.request?.status === 'pending') return 'requested';
  if (entry.declared) return 'declared';
  return 'read';
}

/** The pairs in which `productRef` is the consumer (its inputs). */
export function inputsOf(
  facts: ConsumptionFacts,
  productRef: string,
): Consumption[] {
  const consumer = lower(productRef);
  const product = facts.products.find(p => lower(p.ref) === consumer);
  const datasets = new Set<string>([
    ...(product?.inputs.map(i => lower(i.dataset)) ?? []),
    ...facts.requests
      .filter(r => lower(r.consumer) === consumer)
      .map(r => lower(r.dataset)),
  ]);
  return computeConsumption(facts, [...datasets]).filter(
    c => c.consumer === consumer,
  );
}
