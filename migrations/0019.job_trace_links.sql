-- depends: 0015.raids
-- The traces a coalesced job stands for. A job's own row keeps the trace context of the request that inserted
-- it (the job runs as that trace's child); a later request absorbed into the waiting job adds its context here
-- (an insert, no lock on the job's row), and the worker links up to eight of them to the job's span.
CREATE TABLE job_trace_links (
    job_id       bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    traceparent  text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_trace_links_job_idx ON job_trace_links (job_id, created_at);
