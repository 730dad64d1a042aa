import { children, oidArcs, stringValue, type Tlv } from './der.js';

/**
 * An X.509 Name in the JSON shape of Go's pkix.Name, which is what OPA
 * returns: the well-known attributes gathered into lists (null when absent,
 * as Go's nil slices marshal), CommonName and SerialNumber as strings, and
 * every attribute in Names.
 */
const LISTS: Record<string, string> = {
  '2.5.4.6': 'Country', '2.5.4.10': 'Organization', '2.5.4.11': 'OrganizationalUnit',
  '2.5.4.7': 'Locality', '2.5.4.8': 'Province', '2.5.4.9': 'StreetAddress', '2.5.4.17': 'PostalCode',
};
const COMMON_NAME = '2.5.4.3';
const SERIAL_NUMBER = '2.5.4.5';

export function goName(buf: Buffer, name: Tlv): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Country: null, Organization: null, OrganizationalUnit: null, Locality: null, Province: null,
    StreetAddress: null, PostalCode: null, SerialNumber: '', CommonName: '', Names: [], ExtraNames: null,
  };
  const names: unknown[] = [];
  for (const rdn of children(buf, name)) {
    for (const atv of children(buf, rdn)) {
      const [type, value] = children(buf, atv);
      const arcs = oidArcs(buf, type);
      const text = stringValue(buf, value);
      names.push({ Type: arcs, Value: text });
      assign(out, arcs.join('.'), text);
    }
  }
  out.Names = names;
  return out;
}

function assign(out: Record<string, unknown>, oid: string, text: string): void {
  if (oid === COMMON_NAME) out.CommonName = text;
  else if (oid === SERIAL_NUMBER) out.SerialNumber = text;
  else if (LISTS[oid] !== undefined) out[LISTS[oid]] = [...((out[LISTS[oid]] as string[] | null) ?? []), text];
}
