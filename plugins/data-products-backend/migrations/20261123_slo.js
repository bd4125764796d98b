/*
 * SLOs of Datasets: raw measurements for the SLO windows, hourly and daily
 * aggregates beyond them, breaches (opened/closed, notified once each way),
 * which datasets are monitored, and where each collector left off.
 * Timestamps are set by the backend, never by database defaults.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_measurements', table => {
    table.comment(
      'Raw SLI measurements, kept for the SLO windows (meshport.slo.retention.raw), then rolled up into slo_aggregates',
    );
    table.bigIncrements('id').primary();
    table
      .string('dataset', 255)
      .notNullable()
      .comment('Full Dataset entity ref, lowercase');
    table.string('kind', 16).notNullable().comment('update or availability');
    table.dateTime('at').notNullable().comment('When it was observed');
    table
      .boolean('available')
      .nullable()
      .comment('availability: the probe could read the data');
    table
      .bigInteger('row_count')
      .nullable()
      .comment('update: rows after the update');
    table.string('environment', 64).nullable();
    table
      .string('source', 128)
      .notNullable()
      .comment('api, collector:<id> or sample');
    table.dateTime('received_at').notNullable();

    // One measurement per dataset, kind and instant (re-sent ones are
    // duplicates); also the index of every window's range query.
    table.unique(['dataset', 'kind', 'at'], {
      indexName: 'slo_measurements_dataset_kind_at_uq',
    });
  });

  await knex.schema.createTable('slo_aggregates', table => {
    table.comment(
      'Roll-ups of measurements older than the raw retention: availability per UTC hour, updates per UTC day',
    );
    table.string('dataset', 255).notNullable();
    table.string('kind', 16).notNullable();
    table.string('granularity', 8).notNullable().comment('hour or day');
    table.dateTime('bucket_start').notNullable();
    table
      .integer('measurements')
      .notNullable()
      .comment('Checks or updates in the bucket');
    table
      .integer('unavailable')
      .nullable()
      .comment('availability: checks that failed');
    table.dateTime('first_at').notNullable();
    table.dateTime('last_at').notNullable();
    table.bigInteger('row_count_min').nullable();
    table.bigInteger('row_count_max').nullable();
    table.bigInteger('row_count_last').nullable();
    table
      .bigInteger('max_gap_ms')
      .nullable()
      .comment(
        'update: longest time between consecutive updates ending in the bucket',
      );
    table.boolean('sample').notNullable().defaultTo(false);
    table.primary(['dataset', 'kind', 'granularity', 'bucket_start']);
  });

  await knex.schema.createTable('slo_breaches', table => {
    table.comment('Periods in which an SLO was below its target');
    table.string('id', 36).primary().comment('A UUID');
    table.string('dataset', 255).notNullable();
    table.string('kind', 16).notNullable();
    table.float('target').notNullable();
    table.dateTime('opened_at').notNullable();
    table.float('sli_at_open').notNullable();
    table.dateTime('closed_at').nullable();
    table.float('sli_at_close').nullable();
    table
      .string('open_key', 300)
      .nullable()
      .comment(
        '<dataset>|<kind> while open, null once closed: at most one open breach per SLO',
      );
    table.dateTime('notified_open_at').nullable();
    table.dateTime('notified_close_at').nullable();
    table
      .boolean('sample')
      .notNullable()
      .defaultTo(false)
      .comment('Found on generated sample data');
    table.unique(['open_key'], { indexName: 'slo_breaches_open_key_uq' });
    table.index(['dataset', 'opened_at'], 'slo_breaches_dataset_idx');
  });

  await knex.schema.createTable('slo_monitoring', table => {
    table.comment(
      'Datasets whose monitoring was stopped (retirement) or resumed; absent means monitored',
    );
    table.string('dataset', 255).primary();
    table.boolean('active').notNullable();
    table.dateTime('updated_at').notNullable();
  });

  await knex.schema.createTable('slo_collector_state', table => {
    table.comment('Where each SLI collector left off');
    table.string('collector', 64).primary();
    table
      .dateTime('collected_until')
      .notNullable()
      .comment('The next collection asks for measurements after this');
    table.text('last_error').nullable();
    table.dateTime('updated_at').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_collector_state');
  await knex.schema.dropTable('slo_monitoring');
  await knex.schema.dropTable('slo_breaches');
  await knex.schema.dropTable('slo_aggregates');
  await knex.schema.dropTable('slo_measurements');
};
