import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planGrants } from '../../../../transports/stdio/sandbox/mount-plan.js';

const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'warden-mount-plan-')));
const project = path.join(root, 'project');
const script = path.join(project, 'node_modules', 'pkg', 'dist', 'index.js');
const data = path.join(root, 'data');
const wardenHome = path.join(root, 'warden-home');
const journal = path.join(wardenHome, 'journal');
const key = path.join(root, 'key.pem');
mkdirSync(path.dirname(script), { recursive: true });
mkdirSync(journal, { recursive: true });
mkdirSync(data);
writeFileSync(path.join(project, 'package.json'), '{}');
writeFileSync(path.join(project, 'node_modules', 'pkg', 'package.json'), '{}');
writeFileSync(script, '');
writeFileSync(key, '');
const protect = [wardenHome, journal, key];
const none = { read: [], write: [] };

test.after(() => rmSync(root, { recursive: true, force: true }));

test('a script is granted read-only as its project, seen from outside node_modules', () => {
  const plan = planGrants({ policy: none, args: [script], cwd: root, protect });
  assert.equal(plan.mounts, [{ path: project, access: 'read' }]);
});

test('a directory argument is granted read-write; words and missing paths are not', () => {
  const plan = planGrants({ policy: none, args: ['stdio', data, path.join(root, 'missing'), '--port'], cwd: root, protect });
  assert.equal(plan.mounts, [{ path: data, access: 'write' }]);
});

test('an explicit read grant of a directory argument makes it read-only', () => {
  const plan = planGrants({ policy: { read: [data], write: [] }, args: [data], cwd: root, protect });
  assert.equal(plan.mounts, [{ path: data, access: 'read' }]);
});

test('relative grants resolve against the working directory; write wins over read', () => {
  const plan = planGrants({ policy: { read: ['data'], write: ['./data'] }, args: [], cwd: root, protect });
  assert.equal(plan.mounts, [{ path: data, access: 'write' }]);
});

test('a grant that does not exist is refused', () => {
  assert.throws(() => planGrants({ policy: { read: ['nope'], write: [] }, args: [], cwd: root, protect }), /does not exist/);
});

test('an explicit grant inside warden\'s home is refused; an implicit one is left out with a note', () => {
  assert.throws(() => planGrants({ policy: { read: [journal], write: [] }, args: [], cwd: root, protect }), /keeps from servers/);
  const plan = planGrants({ policy: none, args: [journal], cwd: root, protect });
  assert.equal(plan.mounts, []);
  assert.match(plan.notes.join('\n'), 'keeps from servers');
});

test('warden\'s paths inside a grant are covered, the outermost only', () => {
  const plan = planGrants({ policy: { read: [], write: [root] }, args: [], cwd: root, protect });
  assert.equal(plan.hiddenDirs, [wardenHome]);
  assert.equal(plan.hiddenFiles, [key]);
});

test('warden\'s paths outside every grant need no covering', () => {
  const plan = planGrants({ policy: { read: [data], write: [] }, args: [], cwd: root, protect });
  assert.equal([...plan.hiddenDirs, ...plan.hiddenFiles], []);
});

test('warden\'s policy and data inside a writable grant are mounted read-only on top of it', () => {
  const policies = path.join(data, 'policies');
  const dataFile = path.join(data, 'data.yaml');
  mkdirSync(policies, { recursive: true });
  writeFileSync(dataFile, '');
  const plan = planGrants({ policy: none, args: [data], cwd: root, protect, keepReadOnly: [policies, dataFile, path.join(root, 'missing.yaml')] });
  assert.equal(plan.mounts, [{ path: data, access: 'write' }, { path: dataFile, access: 'read' }, { path: policies, access: 'read' }]);
  rmSync(policies, { recursive: true });
  rmSync(dataFile);
});

test('each directory between a writable grant and what warden trusts or hides in it is a mount point of its own, so none can be renamed', () => {
  const policies = path.join(data, 'project', 'policy', 'current');
  const home = path.join(data, 'state', 'warden');
  mkdirSync(policies, { recursive: true });
  mkdirSync(home, { recursive: true });
  const plan = planGrants({ policy: none, args: [data], cwd: root, protect: [home], keepReadOnly: [policies] });
  assert.equal(plan.mounts, [
    { path: data, access: 'write' },
    { path: path.join(data, 'project'), access: 'write' },
    { path: path.join(data, 'state'), access: 'write' },
    { path: path.join(data, 'project', 'policy'), access: 'write' },
    { path: policies, access: 'read' },
  ]);
  assert.equal(plan.hiddenDirs, [home]);
  rmSync(path.join(data, 'project'), { recursive: true });
  rmSync(path.join(data, 'state'), { recursive: true });
});

test('a writable grant inside, or of, warden\'s policy directory is made read-only, with a note', () => {
  const plan = planGrants({ policy: { read: [], write: [script] }, args: [project], cwd: root, protect, keepReadOnly: [project] });
  assert.equal(plan.mounts, [{ path: project, access: 'read' }, { path: script, access: 'read' }]);
  assert.match(plan.notes.join('\n'), `granting ${project} read-only: warden reads ${project}`);
});

test('warden\'s policy outside every grant is not exposed by keeping it read-only', () => {
  const plan = planGrants({ policy: { read: [data], write: [] }, args: [], cwd: root, protect, keepReadOnly: [project] });
  assert.equal(plan.mounts, [{ path: data, access: 'read' }]);
});

test('never an implicit grant of the user\'s home or /', () => {
  const plan = planGrants({ policy: none, args: ['/', homedir()], cwd: root, protect: [] });
  assert.equal(plan.mounts, []);
  assert.is(plan.notes.length, 2);
});

test.run();
