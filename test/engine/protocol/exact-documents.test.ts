import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { exactDocumentJson, type DocumentFormat } from '../../../engine/protocol/exact-documents.js';
import { loadCases } from '../policy/paths.js';

interface Case { note: string; format: DocumentFormat; text: string; exact?: string; error?: string }

loadCases<Case>('test/engine/protocol/exact-documents.cases.yaml').forEach((c) => {
  test(c.note, () => {
    const value: unknown = c.format === 'json' ? JSON.parse(c.text) : parseYaml(c.text);
    if (c.error === undefined) assert.is(exactDocumentJson(value, c.text, c.format), c.exact);
    else assert.throws(() => exactDocumentJson(value, c.text, c.format), (error: Error) => error.message.includes(c.error!));
  });
});

test.run();
