/**
 * `${env:NAME}` in upstream header and environment values, replaced from warden's own
 * environment when the file is loaded, so a credential can stay out of the file. An unset
 * variable is an error naming the variable; the value is never shown.
 */
const REFERENCE = /\$\{env:([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type Substituted = { ok: true; value: string } | { ok: false; message: string };

export function substituteEnv(template: string, env: NodeJS.ProcessEnv): Substituted {
  // A reference missing its brace would otherwise reach the server as the literal text: the
  // credential silently replaced by its own template.
  if (template.replace(REFERENCE, '').includes('${env:')) return { ok: false, message: 'has a ${env:NAME} reference without its closing }' };
  let problem: string | undefined;
  const value = template.replace(REFERENCE, (_all, name: string) => {
    if (!NAME.test(name)) problem ??= 'has a ${env:NAME} reference whose NAME is not a valid variable name';
    else if (env[name] === undefined) problem ??= `refers to environment variable ${name}, which is not set`;
    return env[name] ?? '';
  });
  return problem === undefined ? { ok: true, value } : { ok: false, message: problem };
}
