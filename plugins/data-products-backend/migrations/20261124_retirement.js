/*
 * Retirements of data products: one row per retirement (kept forever: the
 * product's history once it has left the catalog), one row per step with its
 * status, result and attempts, and an append-only event log. JSON is stored as
 * text so SQLite and PostgreSQL behave alike; timestamps are set by the
 * backend.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('data_product_retirements', table => {
    table.comment('The retirement of one data product');
    table.string('id', 36).primary().comment('A UUID');
    table
      .string('data_product', 255)
      .notNullable()
      .comment('Full DataProduct entity ref, lowercase');
    table
      .string('active_key', 255)
      .nullable()
      .unique({ indexName: 'data_product_retirements_active_key_uniq' })
      .comment(
        'The product ref while the retirement is under way (retiring, running, failed), else null: at most one active retirement per product',
      );
    table
      .string('status', 16)
      .notNullable()
      .comment('retiring, running, failed, retired or cancelled');
    table.text('reason').notNullable();
    table.dateTime('sunset_at').notNullable();
    table
      .text('datasets')
      .notNullable()
      .comment('JSON array of the full Dataset refs of the product');
    table
      .text('snapshot', 'longtext')
      .nullable()
      .comment('JSON: the product and dataset entities when it started');
    table.string('previous_lifecycle', 32).nullable();
    table.string('requested_by', 255).notNullable();
    table.dateTime('created_at').notNullable();
    table.dateTime('updated_at').notNullable();
    table
      .text('notified_consumers')
      .nullable()
      .comment('JSON array of the consumer products told about the sunset');
    table.dateTime('notified_at').nullable();
    table.integer('notify_attempts').notNullable().defaultTo(0);
    table.string('confirmed_by', 255).nullable();
    table.dateTime('confirmed_at').nullable();
    table.dateTime('steps_started_at').nullable();
    table.dateTime('finished_at').nullable();
    table.string('cancelled_by', 255).nullable();
    table.dateTime('cancelled_at').nullable();
    table.text('cancel_note').nullable();
    table
      .text('catalog_outcome')
      .nullable()
      .comment('JSON { removal, note, location? } once the catalog step ran');

    table.index(['data_product'], 'data_product_retirements_product_idx');
    table.index(['status', 'sunset_at'], 'data_product_retirements_status_idx');
  });

  await knex.schema.createTable('data_product_retirement_steps', table => {
    table.comment('One ordered step of a retirement');
    table
      .string('retirement_id', 36)
      .notNullable()
      .references('id')
      .inTable('data_product_retirements')
      .onDelete('CASCADE');
    table.string('step', 32).notNullable().comment('e.g. revoke-grants');
    table.integer('seq').notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('pending, running, waiting, succeeded or failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('summary').nullable();
    table.text('result', 'longtext').nullable().comment('JSON');
    table.text('error').nullable();
    table.dateTime('started_at').nullable();
    table.dateTime('finished_at').nullable();
    table.dateTime('next_attempt_at').nullable();
    table.dateTime('updated_at').notNullable();
    table.primary(['retirement_id', 'step']);
  });

  await knex.schema.createTable('data_product_retirement_events', table => {
    table.comment('Append-only history of a retirement');
    table.string('id', 36).primary();
    table
      .string('retirement_id', 36)
      .notNullable()
      .references('id')
      .inTable('data_product_retirements')
      .onDelete('CASCADE');
    table
      .string('type', 32)
      .notNullable()
      .comment(
        'started, notified, confirmed, steps-started, step-succeeded, step-failed, failed, retired, cancelled',
      );
    table.string('actor', 255).notNullable().comment('A user ref, or system');
    table.dateTime('at').notNullable();
    table.string('step', 32).nullable();
    table.text('note').nullable();
    table.index(['retirement_id', 'at'], 'data_product_retirement_events_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('data_product_retirement_events');
  await knex.schema.dropTable('data_product_retirement_steps');
  await knex.schema.dropTable('data_product_retirements');
};
