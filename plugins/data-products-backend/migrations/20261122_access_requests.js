/*
 * Access requests, the grants they produce, and the append-only history of
 * every change. Rows are never deleted: a request ends in a final status, a
 * grant ends with `ended_at`. Entity refs are stored lowercase; timestamps are
 * set by the backend, never by database defaults.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('access_requests', table => {
    table.comment(
      'A request of a consuming DataProduct for a Dataset, and its decision',
    );
    table.string('id', 36).primary().comment('A UUID');
    table
      .string('consumer', 255)
      .notNullable()
      .comment('Full DataProduct entity ref, lowercase');
    table
      .string('consumer_owner', 255)
      .nullable()
      .comment("Owner ref of the consuming product, at the request's time");
    table
      .string('dataset', 255)
      .notNullable()
      .comment('Full Dataset entity ref, lowercase');
    table
      .string('dataset_owner', 255)
      .nullable()
      .comment(
        "Owner ref of the dataset, refreshed from the catalog on every request and decision (who may decide; 'awaiting my decision')",
      );
    table.text('environments').notNullable().comment('JSON array of names');
    table.text('purpose').notNullable();
    table
      .string('requested_duration', 32)
      .nullable()
      .comment('e.g. 90d; null for no end');
    table.string('requester', 255).notNullable().comment('User entity ref');
    table
      .string('status', 16)
      .notNullable()
      .comment(
        'pending, approved, granted, denied, cancelled, revoked or expired',
      );
    table
      .string('decided_by', 255)
      .nullable()
      .comment('User entity ref, or system');
    table.text('decision_note').nullable();
    table.dateTime('decided_at').nullable();
    table.dateTime('valid_from').nullable();
    table.dateTime('valid_until').nullable();
    table
      .string('grant_id', 36)
      .nullable()
      .comment('The access_grants row this request holds, once approved');
    table
      .string('provisioning', 16)
      .nullable()
      .comment('pending, planned or applied (approved and granted requests)');
    table
      .string('renewal_of', 36)
      .nullable()
      .comment('The request this one renews');
    table
      .string('renewed_by', 36)
      .nullable()
      .comment('The approved renewal that took over the grant');
    table
      .string('open_slot', 600)
      .nullable()
      .comment(
        'consumer|dataset while open (consumer|dataset|renewal for a pending renewal), null once closed: its unique index refuses a second open request for the pair, across replicas',
      );
    table.dateTime('expiry_notified_at').nullable();
    table.dateTime('created_at').notNullable();
    table.dateTime('updated_at').notNullable();

    table.unique(['open_slot'], { indexName: 'access_requests_open_slot_uq' });
    // "Awaiting my decision": covers the filter, the order and the id, so
    // the count and the page are read from the index alone.
    table.index(
      ['status', 'dataset_owner', 'created_at', 'id', 'requester'],
      'access_requests_awaiting_idx',
    );
    table.index(['created_at'], 'access_requests_created_at_idx');
    table.index(['requester', 'created_at'], 'access_requests_requester_idx');
    table.index(['consumer', 'created_at'], 'access_requests_consumer_idx');
    table.index(['dataset', 'created_at'], 'access_requests_dataset_idx');
    table.index(['status', 'valid_until'], 'access_requests_validity_idx');
  });

  await knex.schema.createTable('access_grants', table => {
    table.comment(
      'What the provisioner receives: a consumer may read a dataset in some environments until valid_until',
    );
    table.string('id', 36).primary().comment('A UUID, stable across renewals');
    table
      .string('request_id', 36)
      .notNullable()
      .comment('The request currently holding the grant');
    table.string('consumer', 255).notNullable();
    table.string('dataset', 255).notNullable();
    table.text('environments').notNullable().comment('JSON array of names');
    table.dateTime('valid_from').notNullable();
    table.dateTime('valid_until').nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('active, revoked or expired');
    table.dateTime('ended_at').nullable();
    table.dateTime('created_at').notNullable();
    table.dateTime('updated_at').notNullable();

    table.index(['status', 'valid_until'], 'access_grants_status_idx');
    table.index(['consumer'], 'access_grants_consumer_idx');
    table.index(['dataset'], 'access_grants_dataset_idx');
  });

  await knex.schema.createTable('access_request_events', table => {
    table.comment('Append-only history of every change of an access request');
    table.bigIncrements('id');
    table.string('request_id', 36).notNullable();
    table
      .string('type', 32)
      .notNullable()
      .comment('created, approved, auto-approved, granted, denied, ...');
    table
      .string('actor', 255)
      .notNullable()
      .comment('User entity ref, or system');
    table.dateTime('at').notNullable();
    table.string('from_status', 16).nullable();
    table.string('to_status', 16).nullable();
    table.text('note').nullable();

    table.index(['request_id', 'id'], 'access_request_events_request_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('access_request_events');
  await knex.schema.dropTable('access_grants');
  await knex.schema.dropTable('access_requests');
};
