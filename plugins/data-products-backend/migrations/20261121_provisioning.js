/*
 * Provisioning runs, their operations, and the last recorded desired state of
 * each provisioner. JSON is stored as text so SQLite and PostgreSQL behave
 * alike; timestamps are set by the backend, never by database defaults.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('provisioning_runs', table => {
    table.comment('One reconcile run: plan or apply, over the mesh or a scope');
    table.string('id', 36).primary().comment('A UUID');
    table
      .string('trigger', 32)
      .notNullable()
      .comment('schedule, catalog-change, grant-change, manual or startup');
    table.string('mode', 16).notNullable().comment('plan or apply');
    table
      .string('status', 16)
      .notNullable()
      .comment('queued, running, succeeded, failed or partial');
    table
      .text('scope')
      .nullable()
      .comment(
        'JSON { dataProducts?, environments? }; null for the whole mesh',
      );
    table
      .string('requested_by', 255)
      .nullable()
      .comment('Entity ref of the user who asked for the run');
    table
      .string('input_fingerprint', 128)
      .nullable()
      .comment('Hash of the input the run planned with');
    table.dateTime('created_at').notNullable();
    table.dateTime('started_at').nullable();
    table.dateTime('finished_at').nullable();
    table
      .text('summary', 'longtext')
      .nullable()
      .comment('JSON: operation counts by action and status, problems');
    table.text('error').nullable();

    table.index(['created_at'], 'provisioning_runs_created_at_idx');
    table.index(['status', 'created_at'], 'provisioning_runs_status_idx');
  });

  await knex.schema.createTable('provisioning_run_products', table => {
    table.comment('The data products a run targeted or changed');
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('provisioning_runs')
      .onDelete('CASCADE');
    table
      .string('data_product', 255)
      .notNullable()
      .comment('Full DataProduct entity ref, lowercase');
    table.primary(['run_id', 'data_product']);
    table.index(['data_product'], 'provisioning_run_products_product_idx');
  });

  await knex.schema.createTable('provisioning_operations', table => {
    table.comment('The operations of a run, in order, with their results');
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('provisioning_runs')
      .onDelete('CASCADE');
    table.integer('seq').notNullable().comment('Order within the run, from 1');
    table.string('operation_id', 512).notNullable();
    table.string('provisioner', 64).notNullable();
    table.string('environment', 64).notNullable();
    table
      .string('data_product', 255)
      .nullable()
      .comment('Full DataProduct entity ref, lowercase');
    table.string('action', 16).notNullable();
    table.string('resource_type', 64).notNullable();
    table.text('resource').notNullable();
    table.text('description').notNullable();
    table.text('details').notNullable().comment('JSON');
    table
      .string('status', 16)
      .notNullable()
      .comment('planned, succeeded, failed, skipped or pending');
    table.text('error').nullable();
    table.dateTime('finished_at').nullable();

    table.primary(['run_id', 'seq']);
    table.index(['data_product'], 'provisioning_operations_product_idx');
    table.index(
      ['run_id', 'operation_id'],
      'provisioning_operations_operation_idx',
    );
  });

  await knex.schema.createTable('provisioning_snapshots', table => {
    table.comment(
      'Per provisioner, the desired state last recorded: the last plan in plan mode, the last applied in apply mode',
    );
    table.string('provisioner', 64).primary();
    // longtext: MySQL's text stops at 64 KB; other databases ignore it.
    table
      .text('plan', 'longtext')
      .notNullable()
      .comment('JSON ProvisioningPlan');
    table.string('input_fingerprint', 128).notNullable();
    table.dateTime('updated_at').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('provisioning_snapshots');
  await knex.schema.dropTable('provisioning_operations');
  await knex.schema.dropTable('provisioning_run_products');
  await knex.schema.dropTable('provisioning_runs');
};
