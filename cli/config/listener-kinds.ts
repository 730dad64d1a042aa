/** Listener URL kinds the config rules depend on. */

export function isNetworkListener(url: string): boolean {
  return url !== 'stdio';
}

/** https:// and wss:// listeners serve TLS and need certificate files. */
export function needsTls(url: string): boolean {
  return /^(https|wss):\/\//.test(url);
}
