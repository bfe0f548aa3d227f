namespace RuBackup.Catalog;

/// <summary>
/// The catalog's schema as an ordered list of migrations; schema_version records the applied ones. Append
/// new steps, never edit an applied one. Conventions: times are bigint Unix milliseconds UTC (*_at),
/// enums lower-case text, string lists JSON text, one column per setting so the tables read plainly.
/// </summary>
internal static class CatalogSchema
{
    public const string VersionTableSql = """
        CREATE TABLE IF NOT EXISTS schema_version (
          version integer PRIMARY KEY,
          description text NOT NULL,
          applied_at bigint NOT NULL
        )
        """;

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "users, tokens, audit log, clients, resources, pools, rules, tasks, task log, archives", """
            CREATE TABLE users (
              name text PRIMARY KEY,
              role text NOT NULL,
              password_hash text NOT NULL,
              disabled boolean NOT NULL,
              created_at bigint NOT NULL
            );

            CREATE TABLE tokens (
              token_hash text PRIMARY KEY,
              subject text NOT NULL,
              created_at bigint NOT NULL,
              expires_at bigint NOT NULL
            );
            CREATE INDEX tokens_subject ON tokens (subject);
            CREATE INDEX tokens_expires_at ON tokens (expires_at);

            CREATE TABLE audit_log (
              id {identity},
              logged_at bigint NOT NULL,
              actor text NOT NULL,
              action text NOT NULL,
              target text NOT NULL,
              details text
            );

            CREATE TABLE clients (
              id {identity},
              name text NOT NULL UNIQUE,
              hostname text NOT NULL,
              public_key text NOT NULL UNIQUE,
              key_fingerprint text NOT NULL,
              status text NOT NULL,
              modules text NOT NULL,
              centralized_restore boolean NOT NULL,
              client_group text,
              version text NOT NULL,
              registered_at bigint NOT NULL,
              last_seen_at bigint
            );

            CREATE TABLE client_resources (
              client_id bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
              type text NOT NULL,
              ordinal integer NOT NULL,
              resource_id text NOT NULL,
              name text NOT NULL,
              status text NOT NULL,
              PRIMARY KEY (client_id, type, ordinal)
            );

            CREATE TABLE pools (
              name text PRIMARY KEY,
              kind text NOT NULL,
              path text NOT NULL,
              chunk_size integer NOT NULL,
              description text,
              created_at bigint NOT NULL
            );

            CREATE TABLE rules (
              id {identity},
              name text NOT NULL UNIQUE,
              client text,
              client_group text,
              resource_type text NOT NULL,
              resource text NOT NULL,
              resource_name text,
              pool text NOT NULL,
              max_volume_gb double precision,
              backup_type text NOT NULL,
              schedule text NOT NULL,
              retention_days integer NOT NULL,
              verify_every_days integer,
              lifetime_until bigint,
              encryption text NOT NULL,
              script_before_snapshot text,
              script_after_snapshot text,
              on_expiry text NOT NULL,
              move_to_pool text,
              move_after_days integer,
              client_may_delete boolean NOT NULL,
              notify text NOT NULL,
              enable_after_creation boolean NOT NULL,
              status text NOT NULL,
              created_at bigint NOT NULL,
              last_run_at bigint
            );

            CREATE TABLE tasks (
              id {identity},
              kind text NOT NULL,
              state text NOT NULL,
              rule_id bigint,
              client_id bigint,
              client_name text,
              client_group text,
              pool text,
              resource_type text,
              resource text,
              resource_name text,
              backup_type text,
              archive_id text,
              restore_mode text,
              restore_target text,
              bytes_done bigint NOT NULL,
              bytes_total bigint NOT NULL,
              attempt integer NOT NULL,
              created_by text,
              created_at bigint NOT NULL,
              started_at bigint,
              finished_at bigint,
              error text
            );
            CREATE INDEX tasks_state ON tasks (state, id);
            CREATE INDEX tasks_client ON tasks (client_id);
            CREATE INDEX tasks_rule ON tasks (rule_id);
            CREATE INDEX tasks_archive ON tasks (archive_id);

            CREATE TABLE task_log (
              task_id bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
              seq integer NOT NULL,
              logged_at bigint NOT NULL,
              level text NOT NULL,
              message text NOT NULL,
              PRIMARY KEY (task_id, seq)
            );

            CREATE TABLE archives (
              id text PRIMARY KEY,
              client_id bigint NOT NULL,
              client_name text NOT NULL,
              pool text NOT NULL,
              resource_type text NOT NULL,
              resource text NOT NULL,
              resource_name text,
              type text NOT NULL,
              base_id text,
              created_at bigint NOT NULL,
              source_bytes bigint NOT NULL,
              stored_bytes bigint NOT NULL,
              status text NOT NULL,
              encryption text NOT NULL,
              key_id text,
              rule_id bigint,
              keep_until bigint
            );
            CREATE INDEX archives_client ON archives (client_id, created_at);
            CREATE INDEX archives_base ON archives (base_id);
            CREATE INDEX archives_created ON archives (created_at);
            """),
        new(2, "rule lifecycle: notified events, generating strategy, note, schedule cursor; archive verification and expiry marks; task leases; pool gc time", """
            ALTER TABLE rules ADD COLUMN notify_on text NOT NULL DEFAULT '["failure","expiry","verifyfailure"]';
            ALTER TABLE rules ADD COLUMN strategy_id bigint;
            ALTER TABLE rules ADD COLUMN note text;
            ALTER TABLE rules ADD COLUMN schedule_cursor_at bigint;
            ALTER TABLE archives ADD COLUMN verified_at bigint;
            ALTER TABLE archives ADD COLUMN expiry_notified_at bigint;
            ALTER TABLE tasks ADD COLUMN lease_until bigint;
            ALTER TABLE tasks ADD COLUMN cleans_task_id bigint;
            ALTER TABLE pools ADD COLUMN last_gc_at bigint;
            CREATE INDEX rules_strategy ON rules (strategy_id);
            """),

        // Issue 5's features append their own tables below, each in its own migration:
        // 3 notifications (outbox), 4 strategies.
        // tasks.noticed_at marks a finished task the outcome watcher has turned into notices (set in the same
        // transaction as its outbox rows: exactly once). Tasks already finished at the upgrade count as
        // noticed, so an upgrade does not mail the whole history.
        new(3, "notifications: the outbox of e-mails and webhooks, and which finished tasks were turned into notices", """
            CREATE TABLE notifications (
              id {identity},
              created_at bigint NOT NULL,
              event text NOT NULL,
              rule_id bigint,
              task_id bigint,
              archive_id text,
              address text NOT NULL,
              channel text NOT NULL,
              subject text NOT NULL,
              body text NOT NULL,
              state text NOT NULL,
              attempts integer NOT NULL,
              last_error text,
              sent_at bigint,
              next_attempt_at bigint
            );
            CREATE INDEX notifications_due ON notifications (state, next_attempt_at);
            CREATE INDEX notifications_created ON notifications (created_at);
            ALTER TABLE tasks ADD COLUMN noticed_at bigint;
            UPDATE tasks SET noticed_at = 0 WHERE state IN ('done', 'error', 'cancelled');
            CREATE INDEX tasks_unnoticed ON tasks (id) WHERE noticed_at IS NULL AND state IN ('done', 'error') AND kind IN ('backup', 'verify');
            """),

        new(4, "strategies: rule settings applied to every VM whose name matches a pattern", """
            CREATE TABLE strategies (
              id {identity},
              name text NOT NULL UNIQUE,
              client text,
              client_group text,
              resource_type text NOT NULL,
              name_pattern text NOT NULL,
              pool text NOT NULL,
              max_volume_gb double precision,
              backup_type text NOT NULL,
              schedule text NOT NULL,
              retention_days integer NOT NULL,
              verify_every_days integer,
              lifetime_until bigint,
              encryption text NOT NULL,
              script_before_snapshot text,
              script_after_snapshot text,
              on_expiry text NOT NULL,
              move_to_pool text,
              move_after_days integer,
              client_may_delete boolean NOT NULL,
              notify text NOT NULL,
              enable_after_creation boolean NOT NULL,
              notify_on text NOT NULL,
              status text NOT NULL,
              created_at bigint NOT NULL
            );
            """),

        // Issue 7: a rule's post-backup script (runs on the client with the exported archive), and who
        // signed each archive's manifest (SHA-256 of the signing client's SubjectPublicKeyInfo, hex;
        // null for an unsigned archive). The fingerprint is kept, not the client id: a client deleted
        // later must not turn its archives into "signed by nobody".
        new(5, "post-backup scripts on rules and strategies; the signer of each archive", """
            ALTER TABLE rules ADD COLUMN script_after_backup text;
            ALTER TABLE strategies ADD COLUMN script_after_backup text;
            ALTER TABLE archives ADD COLUMN signer_key text;
            """),
    ];
}
