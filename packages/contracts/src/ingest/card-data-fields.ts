/**
 * Sensitive authentication data (PCI DSS): card security codes, magnetic-stripe
 * track data and PINs must never be accepted, even to be dropped. Field names
 * are compared lowercased without separators or a leading "card", so `CVV`,
 * `card_cvv`, `security-code` and `Track2` are all caught.
 */
const SENSITIVE_FIELDS: ReadonlyMap<string, string> = new Map([
  ...['cvv', 'cvv2', 'cvc', 'cvc2', 'cid', 'csc', 'cvn', 'securitycode', 'verificationcode', 'verificationvalue'].map(
    (name): [string, string] => [name, 'card security codes (CVV, CVC, CID) must never be sent'],
  ),
  ...['track1', 'track2', 'track3', 'trackdata', 'track1data', 'track2data', 'magstripe', 'magneticstripe'].map(
    (name): [string, string] => [name, 'magnetic-stripe track data must never be sent'],
  ),
  ...['pin', 'pinblock'].map((name): [string, string] => [name, 'PINs must never be sent']),
]);

/** Why a field of this name is refused, or undefined when the name is not sensitive. */
export function sensitiveFieldProblem(fieldName: string): string | undefined {
  const normalized = fieldName.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SENSITIVE_FIELDS.get(normalized) ?? SENSITIVE_FIELDS.get(normalized.replace(/^card/, ''));
}

export interface SensitiveField {
  path: (string | number)[];
  problem: string;
}

/** Every sensitive field anywhere inside `value`, with its path relative to `value`. */
export function findSensitiveFields(
  value: unknown,
  skip: (path: (string | number)[]) => boolean = () => false,
): SensitiveField[] {
  const found: SensitiveField[] = [];
  const seen = new Set<object>();
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (typeof node !== 'object' || node === null || seen.has(node) || skip(path)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, [...path, index]);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      const problem = sensitiveFieldProblem(key);
      if (problem !== undefined) found.push({ path: [...path, key], problem });
      else visit(child, [...path, key]);
    }
  };
  visit(value, []);
  return found;
}
