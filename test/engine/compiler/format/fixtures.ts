/**
 * Paths that work from the sources and from the compiled copy: resolved from the repository root.
 */
import { fromRoot } from '../../policy/paths.js';

export const casesDir = fromRoot('test/engine/compiler/format/cases');
