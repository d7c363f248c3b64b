-- Up Migration
-- The communications record: one append-only row per fact, chained per partition (a journey, or the lookup
-- log, or the retention log). Rows are never updated; they are deleted only by the retention expiry function.

CREATE TABLE audit_fact (
  partition_key   text        NOT NULL,
  seq             integer     NOT NULL CHECK (seq > 0),
  fact_key        text        NOT NULL,
  kind            text        NOT NULL,
  journey_id      text,
  journey_type    text,
  -- HMAC-SHA256 of the NHS number under the key named by patient_key_id; never the NHS number itself.
  patient_key     text,
  patient_key_id  text,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  detail          jsonb       NOT NULL,
  prev_hash       text        NOT NULL,
  hash            text        NOT NULL,
  PRIMARY KEY (partition_key, seq),
  UNIQUE (partition_key, fact_key)
);
CREATE INDEX audit_fact_by_patient ON audit_fact (patient_key, occurred_at DESC) WHERE patient_key IS NOT NULL;
CREATE INDEX audit_fact_by_time ON audit_fact (occurred_at);

-- Belt and braces beside the grants: no one, not even the owner, edits a fact in place.
CREATE FUNCTION audit_fact_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('notify_audit.expiring', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit facts are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_fact_append_only BEFORE UPDATE OR DELETE ON audit_fact
  FOR EACH ROW EXECUTE FUNCTION audit_fact_refuse_change();
CREATE TRIGGER audit_fact_no_truncate BEFORE TRUNCATE ON audit_fact
  FOR EACH STATEMENT EXECUTE FUNCTION audit_fact_refuse_change();

-- Retention: the one way rows leave. Removes whole journey partitions whose last fact is older than the
-- cutoff (so each remaining chain is whole) and returns what it removed, for the caller's audited record.
CREATE FUNCTION audit_expire_journeys(cutoff timestamptz, max_journeys integer)
  RETURNS TABLE (journey_id text, facts integer)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM set_config('notify_audit.expiring', 'on', true);
  RETURN QUERY
  WITH expired AS (
    SELECT f.partition_key FROM audit_fact f
    WHERE f.journey_id IS NOT NULL
    GROUP BY f.partition_key
    HAVING max(f.occurred_at) < cutoff AND bool_or(f.kind = 'journey-finished')
    ORDER BY f.partition_key
    LIMIT max_journeys
  ), removed AS (
    DELETE FROM audit_fact f USING expired e WHERE f.partition_key = e.partition_key RETURNING f.partition_key
  )
  SELECT r.partition_key, count(*)::integer FROM removed r GROUP BY r.partition_key;
  PERFORM set_config('notify_audit.expiring', 'off', true);
END $$;

-- The service's role: insert and read, nothing else. Roles are cluster-wide: another database may have made it.
DO $$
BEGIN
  CREATE ROLE notify_audit_writer NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
REVOKE ALL ON audit_fact FROM PUBLIC;
GRANT SELECT, INSERT ON audit_fact TO notify_audit_writer;
REVOKE ALL ON FUNCTION audit_expire_journeys(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_expire_journeys(timestamptz, integer) TO notify_audit_writer;
GRANT notify_audit_writer TO CURRENT_USER;

-- Down Migration
DROP FUNCTION audit_expire_journeys(timestamptz, integer);
DROP TABLE audit_fact;
DROP FUNCTION audit_fact_refuse_change();
