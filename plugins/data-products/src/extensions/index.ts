/*
 * The plugin's extensions for the legacy frontend system, one file per area.
 */
export * from './overview';
export * from './slo';
export * from './provisioning';
export * from './access';
export * from './retirement';
export * from './lineage';
export * from './contracts';
export * from './home';
