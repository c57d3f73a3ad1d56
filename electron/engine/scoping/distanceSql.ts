/**
 * DISTANCE(location, GEOLOCATION(lat, lon), 'mi'|'km') over the snapshot's latitude/longitude columns
 * (`Location__c` -> `Location__Latitude__s`/`Location__Longitude__s`; `BillingAddress` -> `BillingLatitude`/
 * `BillingLongitude`), as the great-circle (haversine) distance. Salesforce does not document its exact
 * formula or Earth radius, so a replay using DISTANCE marks its records `possible`.
 */
import type { Expr } from '../../../shared/soql/ast.js';
import { sql, type SqlFragment } from '../store/sql.js';
import type { JoinScope } from './relationships.js';
import { cannot } from './replayTypes.js';

/** Said once per replay that uses DISTANCE. */
export const DISTANCE_NOTE = "DISTANCE() is replayed as the haversine great-circle distance (Earth radius 6,371 km); Salesforce's exact formula is not documented";

/** The distance a DISTANCE() call computes, in its unit, as a DuckDB DOUBLE (NULL without coordinates). */
export function distanceSql(call: Expr & { kind: 'call' }, scope: JoinScope): SqlFragment {
  const [location, geo, unit] = call.args;
  if (location?.kind !== 'path') return cannot('DISTANCE() needs a location field');
  if (geo?.kind !== 'call' || geo.fn !== 'GEOLOCATION') return cannot('DISTANCE() with a bind variable for the point cannot be replayed: its value is not in the log');
  const [lat, lon] = geo.args.map((a) => (a.kind === 'literal' && a.value.kind === 'number' ? a.value.value : null));
  if (lat == null || lon == null) return cannot('GEOLOCATION() with a bind variable cannot be replayed: its value is not in the log');
  const rels = location.path.slice(0, -1);
  const name = location.path[location.path.length - 1] as string;
  const [latName, lonName] = /__c$/i.test(name)
    ? [name.replace(/__c$/i, '__Latitude__s'), name.replace(/__c$/i, '__Longitude__s')]
    : /Address$/i.test(name)
      ? [name.replace(/Address$/i, 'Latitude'), name.replace(/Address$/i, 'Longitude')]
      : [`${name}__Latitude__s`, `${name}__Longitude__s`];
  const lat1 = sql`radians(TRY_CAST(${scope.field([...rels, latName]).value} AS DOUBLE))`;
  const lon1 = sql`radians(TRY_CAST(${scope.field([...rels, lonName]).value} AS DOUBLE))`;
  const lat2 = sql`radians(CAST(${lat} AS DOUBLE))`;
  const lon2 = sql`radians(CAST(${lon} AS DOUBLE))`;
  const radius = unit?.kind === 'literal' && unit.value.kind === 'string' && unit.value.value === 'km' ? 6371.0 : 3958.7613;
  return sql`(2 * CAST(${radius} AS DOUBLE) * asin(sqrt(pow(sin((${lat2} - ${lat1}) / 2), 2) + cos(${lat1}) * cos(${lat2}) * pow(sin((${lon2} - ${lon1}) / 2), 2))))`;
}
