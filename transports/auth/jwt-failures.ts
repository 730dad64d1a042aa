/**
 * jose's verification errors as the stable codes listeners and the journal see. Messages are
 * fixed wording: jose's own messages are safe today, but a token must never reach a log
 * because some library message quoted a header.
 */
import { errors } from 'jose';
import { authFailure, type AuthFailure } from './challenge.js';
import { KeySourceUnavailable } from './jwt-keys.js';

export function jwtFailure(error: unknown): AuthFailure {
  if (error instanceof KeySourceUnavailable) {
    return authFailure('jwks_unavailable', 'the signing keys are unavailable; try again later', 'invalid_token');
  }
  if (error instanceof errors.JWTExpired) return authFailure('expired_token', 'the token has expired', 'invalid_token');
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error);
  return authFailure('invalid_token', tokenProblem(error), 'invalid_token');
}

function claimFailure(error: InstanceType<typeof errors.JWTClaimValidationFailed>): AuthFailure {
  switch (error.claim) {
    case 'nbf':
      return authFailure('token_not_yet_valid', 'the token is not valid yet', 'invalid_token');
    case 'iss':
      return authFailure('wrong_issuer', 'the token is not from the expected issuer', 'invalid_token');
    case 'aud':
      return authFailure('wrong_audience', 'the token is not meant for this audience', 'invalid_token');
    default:
      return authFailure('invalid_token', `the token ${error.reason === 'missing' ? 'lacks the' : 'has an invalid'} ${error.claim} claim`, 'invalid_token');
  }
}

function tokenProblem(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no known key matches the token (kid or algorithm)';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'several keys match the token; it needs a kid';
  return 'the token is malformed or cannot be verified';
}
