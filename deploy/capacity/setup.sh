#!/usr/bin/env bash
# Creates a PostgreSQL database with PeerCart's real schema (the store's Flyway migrations, with
# their PostgreSQL placeholders filled in as Migrations.placeholders does) and the rows order.sql
# writes against: 64 shops, each with one seckill activity, one sku and one lease big enough for any
# run. Usage: deploy/capacity/setup.sh [database] (default peercart_capacity; PG* variables apply).
set -euo pipefail
db=${1:-peercart_capacity}
here=$(cd "$(dirname "$0")" && pwd)
migrations=$here/../../peercart-store/src/main/resources/db/migration
dropdb --if-exists --force "$db"
createdb "$db"
for f in $(ls "$migrations"/V*.sql | sort -t V -k2 -n); do
  sed -e 's/\${without_rowid}//g' -e 's/\${serial_key}/BIGSERIAL/g' -e 's/\${json_cast}/::json/g' \
      -e 's/\${now_millis}/(EXTRACT(EPOCH FROM now()) * 1000)::BIGINT/g' "$f" | psql -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null
done
psql -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
INSERT INTO shops (id, name, token_secret, created_at) SELECT 'shop_' || s, 'capacity', 'x', 0 FROM generate_series(1, 64) s;
INSERT INTO activities (shop_id, id, type, name, starts_at, ends_at, pay_window_seconds, time_zone, time_slots, rules, created_at)
  SELECT 'shop_' || s, 'act_cap_' || s, 'seckill', 'capacity', 0, 4102444800000, 900, 'UTC', '[]', '{}', 0 FROM generate_series(1, 64) s;
INSERT INTO activity_items (shop_id, activity_id, sku, position, price, limit_per_buyer, limit_per_order, stock_total, available, leased, reserved, sold)
  SELECT 'shop_' || s, 'act_cap_' || s, 'S1', 0, 100, 1, 1, 1000000000000, 0, 1000000000000, 0, 0 FROM generate_series(1, 64) s;
INSERT INTO leases (shop_id, id, activity_id, sku, node_id, units, expires_at)
  SELECT 'shop_' || s, 'lease_cap', 'act_cap_' || s, 'S1', 'node_cap', 1000000000000, 4102444800000 FROM generate_series(1, 64) s;
SQL
echo "schema ready in $db"
