/**
 * Time zone abbreviations as Go prints them for the layout "MST": the ones the IANA tz database
 * gives (JST, BST, IST, and "-03" where it has no letters). Go reads them from the system's
 * zoneinfo, or from the copy OPA embeds where there is none. Node knows each zone's offsets
 * (ICU) but not these names: Intl's come from CLDR and depend on the locale ("GMT+9" for Tokyo
 * in en-US). So they come from a table generated from the tz database by
 * scripts/zone-abbreviations.mjs, the same on every machine, and are looked up by zone and by
 * the offset Intl reports at the instant.
 */
import generated from './zone-abbreviations.json' with { type: 'json' };

/** Offset east of UTC in seconds -> the abbreviation, or its changes: [first second (null: always), abbreviation]. */
type ZoneTable = Record<string, string | Array<[number | null, string]>>;

// Zones with the same table share it: zones name a table by its index.
const { tables: TABLES, zones: ZONES } = generated as unknown as { tables: ZoneTable[]; zones: Record<string, number> };

/** Undefined for a zone the table does not know, or an offset the zone never had in it. */
export function tzdataAbbreviation(zone: string, seconds: number, offset: number): string | undefined {
  const index = Object.hasOwn(ZONES, zone) ? ZONES[zone] : undefined;
  const entry = index === undefined ? undefined : TABLES[index]?.[String(offset)];
  if (typeof entry !== 'object') return entry;
  let abbreviation = entry[0]![1];
  for (const [start, name] of entry) if (start === null || start <= seconds) abbreviation = name;
  return abbreviation;
}

/** Whether the tz database the table was generated from names this zone (links included), spelt exactly so. */
export function isTzdataZone(zone: string): boolean {
  return Object.hasOwn(ZONES, zone);
}
