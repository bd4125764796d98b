/*
 * Notices sent to the consumers of a dataset that a newer major version replaces: one row per
 * (replaced dataset, successor, consumer product), so each consumer hears of each new version
 * once, whichever replica runs the task.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('contract_version_notices', table => {
    table.comment(
      'A consumer told that a newer major version replaces a dataset',
    );
    table
      .string('dataset', 255)
      .notNullable()
      .comment('Full ref of the replaced Dataset, lowercase');
    table
      .string('successor', 255)
      .notNullable()
      .comment('Full ref of the Dataset that replaces it, lowercase');
    table
      .string('consumer', 255)
      .notNullable()
      .comment('Full ref of the consuming DataProduct, lowercase');
    table.string('sunset', 10).notNullable().comment('YYYY-MM-DD');
    table.dateTime('notified_at').notNullable();
    table.primary(['dataset', 'successor', 'consumer']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('contract_version_notices');
};
