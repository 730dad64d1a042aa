/**
 * How network listeners learn who is calling. A listener hands every request's headers to its
 * authenticator before it reads the body; the principal it returns goes into every policy
 * input of the session. Credentials stop here: nothing a client presents is forwarded upstream.
 */
import type { Principal } from '../../engine/decision/input.js';

/** Request headers as Node gives them: lower-case names. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

export type AuthResult =
  | { readonly ok: true; readonly principal: Principal }
  | {
    readonly ok: false;
    /** Stable reason code: `missing_credentials`, `invalid_api_key`, `invalid_token`, `expired_token`, ... */
    readonly code: string;
    /** For the journal and logs; never contains the credential. */
    readonly message: string;
    /** The `WWW-Authenticate` header value of the 401 answer. */
    readonly challenge: string;
  };

export interface Authenticator {
  /** Label for logs and `principal.authenticated_by`, e.g. `api_key`, `jwt`, `none`. */
  readonly scheme: string;
  authenticate(headers: RequestHeaders): Promise<AuthResult>;
}
