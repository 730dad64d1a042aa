/**
 * `tool_search:` of the config file with `--tool-search` over it. The flag only switches search
 * on; favourites and the result bound come from the file.
 */
import { DEFAULT_MAX_RESULTS } from '../../engine/search/tool-search.js';
import type { FlagSettings } from './flags.js';
import type { ToolSearchConfig } from './types.js';

export function mergeToolSearch(file: Partial<ToolSearchConfig> | undefined, flags: FlagSettings): ToolSearchConfig {
  return {
    enabled: flags.toolSearch ?? file?.enabled ?? false,
    favourites: file?.favourites ?? [],
    maxResults: file?.maxResults ?? DEFAULT_MAX_RESULTS,
  };
}
