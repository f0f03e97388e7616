-- The ledger's schema and :rows entries (psql -v rows=N): enough data that a dump or a restore
-- takes a few seconds, so a test can kill it half-way.
CREATE SCHEMA audit;
CREATE TABLE accounts (id bigserial PRIMARY KEY, owner text NOT NULL, opened date NOT NULL DEFAULT current_date);
CREATE TABLE entries (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  amount_cents bigint NOT NULL,
  memo text NOT NULL
);
CREATE INDEX entries_account ON entries (account_id);
CREATE TABLE audit.events (at timestamptz NOT NULL DEFAULT now(), what text NOT NULL);
CREATE VIEW balances AS SELECT account_id, sum(amount_cents) AS cents FROM entries GROUP BY account_id;
INSERT INTO accounts (owner) SELECT 'owner ' || n FROM generate_series(1, 100) n;
INSERT INTO entries (account_id, amount_cents, memo)
  SELECT 1 + n % 100, (n::bigint * 7919) % 100000 - 50000, md5(n::text) || md5((n::bigint * 31)::text)
  FROM generate_series(1, :rows) n;
INSERT INTO audit.events (what) VALUES ('seeded');
