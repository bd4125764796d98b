/*
 * A route's change, recorded by the auditor: the event is created before
 * the work, and ends as a success with the work's meta or as a failure with
 * its error (which is then thrown on, for the error middleware).
 */
import type { AuditorService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import { toError } from '../errors';

export interface AuditedEvent {
  eventId: string;
  severityLevel?: 'low' | 'medium' | 'high' | 'critical';
  meta?: JsonObject;
}

/** Runs `fn` inside an auditor event; `fn` returns its value and the success meta. */
export async function audited<T>(
  auditor: AuditorService,
  req: Request,
  event: AuditedEvent,
  fn: () => Promise<{ value: T; meta?: JsonObject }>,
): Promise<T> {
  const auditorEvent = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: event.severityLevel ?? 'medium',
    request: req,
    meta: event.meta,
  });
  try {
    const { value, meta } = await fn();
    await auditorEvent.success({ meta });
    return value;
  } catch (error) {
    await auditorEvent.fail({ error: toError(error) });
    throw error;
  }
}
