-- depends: 0001.core
-- The job queue (store/_jobs_*.py): jobs with leases, retries and coalescing keys, plus the cron fire keys that
-- make every recurring schedule fire exactly once per guild and due time across processes.

CREATE TABLE jobs (
    id                bigserial PRIMARY KEY,
    name              text NOT NULL CHECK (length(name) <= 100),
    payload           jsonb NOT NULL,
    payload_version   smallint NOT NULL DEFAULT 1,
    -- queued: waiting, never started; active: leased by a worker; failed: an attempt failed (or its lease
    -- expired, or it was released) and it waits for run_at to run again; done; dead: given up, see last_error.
    state             text NOT NULL DEFAULT 'queued'
                      CHECK (state IN ('queued', 'active', 'done', 'failed', 'dead')),
    run_at            timestamptz NOT NULL DEFAULT now(),
    attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts      integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
    last_error        text,
    lease_owner       text,
    lease_expires_at  timestamptz,
    coalesce_key      text CHECK (length(coalesce_key) <= 200),
    correlation_id    text,
    guild_id          text,
    -- W3C trace context of the enqueuer (traceparent, baggage), kept apart from the payload.
    trace_context     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- The claim path: due waiting jobs in run_at order; also answers "when is the next one due".
CREATE INDEX jobs_claim_idx ON jobs (run_at, id) WHERE state IN ('queued', 'failed');
-- At most one *waiting* (never started) job per coalescing key; a second enqueue is absorbed.
CREATE UNIQUE INDEX jobs_coalesce_key_idx ON jobs (coalesce_key) WHERE state = 'queued';
-- The reaper: active jobs whose lease ran out.
CREATE INDEX jobs_lease_idx ON jobs (lease_expires_at) WHERE state = 'active';
-- The runbook's "list dead jobs" and correlation lookups.
CREATE INDEX jobs_dead_idx ON jobs (updated_at) WHERE state = 'dead';
CREATE INDEX jobs_correlation_idx ON jobs (correlation_id) WHERE correlation_id IS NOT NULL;

-- One row per (guild, schedule, due time) that fired; inserted in the same transaction as the job it enqueues,
-- so a second scheduler process racing for the same occurrence inserts nothing and enqueues nothing.
CREATE TABLE cron_fires (
    guild_id       text NOT NULL,
    schedule_name  text NOT NULL,
    due_at         timestamptz NOT NULL,
    job_id         bigint,
    fired_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (guild_id, schedule_name, due_at)
);
