"""The worker's SQL: claim (with batched acknowledgements), lease renewal, failure, release and maintenance.

Kept apart from the worker loop so each statement and its invariants can be read on their own. No statement is
built from input: every value is a bind parameter.
"""

from __future__ import annotations

from typing import Final

#: Acknowledge finished jobs ($1) and claim up to $4 due jobs among the names $3 in one round trip.
#: SKIP LOCKED lets concurrent workers take disjoint rows; claiming counts an attempt and starts a lease.
#: While maintenance is on (the ``maintenance`` row) it only acknowledges: nothing is claimed.
CLAIM: Final = """
WITH done AS (
    UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
    WHERE id = ANY($1::bigint[]) AND lease_owner = $2 AND state = 'active'
    RETURNING id
), picked AS (
    SELECT id FROM jobs
    WHERE state IN ('queued', 'failed') AND run_at <= now() AND name = ANY($3::text[])
          AND NOT EXISTS (SELECT 1 FROM maintenance WHERE active)
    ORDER BY run_at, id
    LIMIT $4
    FOR UPDATE SKIP LOCKED
)
UPDATE jobs j
SET state = 'active', attempts = j.attempts + 1, lease_owner = $2,
    lease_expires_at = now() + make_interval(secs => $5), updated_at = now()
FROM picked
WHERE j.id = picked.id
RETURNING j.id, j.name, j.payload, j.payload_version, j.attempts, j.max_attempts, j.coalesce_key,
          j.trace_context, extract(epoch FROM j.run_at) AS run_at,
          extract(epoch FROM j.created_at) AS created_at,
          (SELECT count(*) FROM done) AS acked,
          ARRAY(SELECT l.traceparent FROM job_trace_links l WHERE l.job_id = j.id
                ORDER BY l.created_at LIMIT 8) AS trace_links
"""

#: Epoch seconds of the earliest waiting job among the names $1, or NULL (also while maintenance is on: the
#: worker then sleeps until a NOTIFY, such as the one that ends maintenance, or its safety poll).
NEXT_DUE: Final = """
SELECT extract(epoch FROM min(run_at)) FROM jobs
WHERE state IN ('queued', 'failed') AND name = ANY($1::text[])
      AND NOT EXISTS (SELECT 1 FROM maintenance WHERE active)
"""

#: Extend the leases of the jobs this worker is running.
RENEW: Final = """
UPDATE jobs SET lease_expires_at = now() + make_interval(secs => $3)
WHERE id = ANY($1::bigint[]) AND lease_owner = $2 AND state = 'active'
"""

#: A failed attempt: back to 'failed' until run_at, or 'dead' after the last attempt ($4 = give up).
FAIL: Final = """
WITH upd AS (
    UPDATE jobs
    SET state = CASE WHEN $4 THEN 'dead' ELSE 'failed' END, last_error = $3,
        run_at = CASE WHEN $4 THEN run_at ELSE now() + make_interval(secs => $5) END,
        lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
    WHERE id = $1 AND lease_owner = $2 AND state = 'active'
    RETURNING name, run_at, state
)
SELECT pg_notify('together_jobs', name || ' ' || extract(epoch FROM run_at)::text)
FROM upd WHERE state = 'failed'
"""

#: Dead-letter at once (unknown version, invalid payload).
DEAD: Final = """
UPDATE jobs
SET state = 'dead', last_error = $3, lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
WHERE id = $1 AND lease_owner = $2 AND state = 'active'
"""

#: Give leases back on a graceful stop without counting the attempt. A job with a coalescing key goes to
#: 'failed' (waiting, outside the unique "one queued per key" index) so it never collides with a newer send.
RELEASE: Final = """
WITH upd AS (
    UPDATE jobs
    SET state = CASE WHEN coalesce_key IS NULL THEN 'queued' ELSE 'failed' END,
        attempts = greatest(attempts - 1, 0), lease_owner = NULL, lease_expires_at = NULL,
        run_at = now(), updated_at = now()
    WHERE id = ANY($1::bigint[]) AND lease_owner = $2 AND state = 'active'
    RETURNING id
)
SELECT count(*), pg_notify('together_jobs', '* ' || extract(epoch FROM now())::text)
FROM upd HAVING count(*) > 0
"""

#: One maintenance round trip: requeue jobs whose lease expired (the attempt counts; dead when it was the
#: last), dead-letter waiting jobs whose name no version of this code registers ($1), and trim old done jobs.
MAINTAIN: Final = """
WITH reaped AS (
    UPDATE jobs
    SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'failed' END,
        last_error = 'lease expired: worker ' || coalesce(lease_owner, '?') || ' stopped or crashed mid-job',
        lease_owner = NULL, lease_expires_at = NULL, run_at = now(), updated_at = now()
    WHERE state = 'active' AND lease_expires_at < now()
    RETURNING id
), unknown AS (
    UPDATE jobs
    SET state = 'dead',
        last_error = 'no handler for job name ' || quote_literal(name)
                     || ': no running process registers it (a feature switched on whose code is not deployed?)',
        updated_at = now()
    WHERE state IN ('queued', 'failed') AND run_at <= now() - make_interval(secs => $3)
          AND NOT (name = ANY($1::text[]))
    RETURNING id
), trimmed AS (
    DELETE FROM jobs WHERE id IN (
        SELECT id FROM jobs WHERE state = 'done' AND updated_at < now() - make_interval(secs => $2) LIMIT 5000
    )
    RETURNING id
), note AS (
    SELECT pg_notify('together_jobs', '* ' || extract(epoch FROM now())::text) FROM reaped HAVING count(*) > 0
)
SELECT (SELECT count(*) FROM reaped) AS reaped, (SELECT count(*) FROM unknown) AS unknown,
       (SELECT count(*) FROM trimmed) AS trimmed, (SELECT count(*) FROM note) AS notified
"""
