/*
 * Runtime lineage from OpenLineage RunEvents, and usage (reads per consumer
 * per day). The raw events are kept (JSON text) for the retention period;
 * jobs, datasets and their edges are the graph the portal queries; run-level
 * inputs and outputs give reads per day. Dataset and job keys are SHA-1 hex
 * digests of namespace + name (identifiers may be long). Timestamps are set by
 * the backend.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lineage_events', table => {
    table.comment(
      'One OpenLineage RunEvent as received; unique per run, type and time',
    );
    table.string('run_id', 64).notNullable();
    table
      .string('event_type', 16)
      .notNullable()
      .comment('START, RUNNING, COMPLETE, ABORT, FAIL or OTHER');
    table
      .bigInteger('event_time')
      .notNullable()
      .comment('Milliseconds since the epoch');
    table.string('job_key', 40).notNullable();
    table.text('body', 'longtext').notNullable().comment('The event, JSON');
    table.dateTime('received_at').notNullable();
    table.primary(['run_id', 'event_type', 'event_time']);
    table.index(['received_at'], 'lineage_events_received_idx');
  });

  await knex.schema.createTable('lineage_jobs', table => {
    table.comment('A job seen in lineage events, with its last run');
    table.string('key', 40).primary();
    table.text('namespace').notNullable();
    table.text('name').notNullable();
    table
      .string('data_product', 255)
      .nullable()
      .comment('The producing DataProduct ref when matched');
    table.string('last_run_id', 64).nullable();
    table.string('last_state', 16).nullable();
    table.bigInteger('last_event_time').nullable();
    table.dateTime('updated_at').notNullable();
    table.index(['data_product'], 'lineage_jobs_product_idx');
  });

  await knex.schema.createTable('lineage_datasets', table => {
    table.comment(
      'A dataset identifier seen in lineage events; matched to a Dataset or kept unmatched',
    );
    table.string('key', 40).primary();
    table.text('namespace').notNullable();
    table.text('name').notNullable();
    table
      .string('dataset_ref', 255)
      .nullable()
      .comment('The Meshport Dataset ref when matched');
    table
      .text('fields')
      .nullable()
      .comment('JSON [{ name, type }] from the latest schema facet');
    table.dateTime('last_seen').notNullable();
    table.index(['dataset_ref'], 'lineage_datasets_ref_idx');
  });

  await knex.schema.createTable('lineage_edges', table => {
    table.comment('A job reads (input) or writes (output) a dataset');
    table.string('job_key', 40).notNullable();
    table.string('dataset_key', 40).notNullable();
    table.string('direction', 8).notNullable().comment('input or output');
    table.dateTime('last_seen').notNullable();
    table.primary(['job_key', 'dataset_key', 'direction']);
    table.index(['dataset_key', 'direction'], 'lineage_edges_dataset_idx');
  });

  await knex.schema.createTable('lineage_column_edges', table => {
    table.comment(
      'Column lineage: an output field derived from an input field',
    );
    table.string('dataset_key', 40).notNullable().comment('The output dataset');
    table.string('field', 255).notNullable();
    table.string('input_dataset_key', 40).notNullable();
    table.string('input_field', 255).notNullable();
    table.string('job_key', 40).notNullable();
    table
      .string('transformation', 255)
      .nullable()
      .comment('e.g. DIRECT/IDENTITY');
    table.dateTime('last_seen').notNullable();
    table.primary([
      'dataset_key',
      'field',
      'input_dataset_key',
      'input_field',
      'job_key',
    ]);
  });

  await knex.schema.createTable('lineage_run_datasets', table => {
    table.comment(
      'The datasets each run read or wrote: reads per consumer per day',
    );
    table.string('run_id', 64).notNullable();
    table.string('dataset_key', 40).notNullable();
    table.string('direction', 8).notNullable();
    table.string('job_key', 40).notNullable();
    table
      .bigInteger('event_time')
      .notNullable()
      .comment('The first event of the run that named it');
    table.primary(['run_id', 'dataset_key', 'direction']);
    table.index(
      ['dataset_key', 'event_time'],
      'lineage_run_datasets_dataset_idx',
    );
    table.index(['event_time'], 'lineage_run_datasets_time_idx');
  });

  await knex.schema.createTable('lineage_usage', table => {
    table.comment(
      'Reads per day that usage collectors report (e.g. Athena query history)',
    );
    table.string('dataset_ref', 255).notNullable();
    table
      .string('consumer', 255)
      .notNullable()
      .comment('A DataProduct ref, or who else read');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table
      .string('source', 64)
      .notNullable()
      .comment('The collector id, e.g. aws-athena');
    table.integer('reads').notNullable();
    table.dateTime('updated_at').notNullable();
    table.primary(['dataset_ref', 'consumer', 'day', 'source']);
    table.index(['day'], 'lineage_usage_day_idx');
  });

  await knex.schema.createTable('lineage_undeclared', table => {
    table.comment(
      'A product reads a dataset it declares no input port for and holds no grant on',
    );
    table.string('dataset_ref', 255).notNullable();
    table
      .string('consumer', 255)
      .notNullable()
      .comment('The reading DataProduct ref');
    table.string('job_key', 40).notNullable();
    table.dateTime('first_seen').notNullable();
    table.dateTime('last_seen').notNullable();
    table
      .dateTime('notified_at')
      .nullable()
      .comment('When the dataset owner was told (once)');
    table.primary(['dataset_ref', 'consumer']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'lineage_undeclared',
    'lineage_usage',
    'lineage_run_datasets',
    'lineage_column_edges',
    'lineage_edges',
    'lineage_datasets',
    'lineage_jobs',
    'lineage_events',
  ]) {
    await knex.schema.dropTable(table);
  }
};
