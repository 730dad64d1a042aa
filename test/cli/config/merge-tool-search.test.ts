import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeToolSearch } from '../../../cli/config/merge-tool-search.js';
import { DEFAULT_MAX_RESULTS } from '../../../engine/search/tool-search.js';

test('off by default, with no favourites and the default bound', () => {
  assert.equal(mergeToolSearch(undefined, {}), { enabled: false, favourites: [], maxResults: DEFAULT_MAX_RESULTS });
});

test('the file sets all three', () => {
  assert.equal(mergeToolSearch({ enabled: true, favourites: ['a'], maxResults: 3 }, {}), { enabled: true, favourites: ['a'], maxResults: 3 });
});

test('--tool-search switches it on and keeps the file\'s favourites', () => {
  assert.equal(mergeToolSearch({ favourites: ['a'] }, { toolSearch: true }), { enabled: true, favourites: ['a'], maxResults: DEFAULT_MAX_RESULTS });
});

test.run();
