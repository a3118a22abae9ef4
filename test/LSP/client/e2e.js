// The end-to-end session of e2e.test: node e2e.js RULECC WORKDIR.
'use strict';
const { assert, fs, path, lsp, uriOf, applyEdits, positionOf, start, withTimeout } = require('./harness');

const [rulecc, work] = process.argv.slice(2);

// On disk: an application whose main file the editor changes before saving.
const appPath = path.join(work, 'app.rules');
const commonPath = path.join(work, 'common.rules');
fs.writeFileSync(appPath, 'this file on disk does not parse (\n');
fs.writeFileSync(commonPath, [
  'class BucketRule < ApplicationRule',
  '  scope "AWS::S3::Bucket"',
  '  rule :versioning_enabled do |bucket|',
  '    status = bucket.supplementary_configuration.bucket_versioning_configuration.status',
  '    non_compliant "off" unless status == "Enabled"',
  '  end',
  'end',
  'class KeyRule < ApplicationRule',
  '  input_parameters max_access_key_age: 90',
  '  managed_rule :access_keys_rotated',
  'end',
  'class AuditRule < ApplicationRule',
  '  scope "AWS::S3::Bucket"',
  '  python :audit',
  'end',
  '',
].join('\n'));

// The handler file of AuditRule's `python :audit`.
const handlerPath = path.join(work, 'rules', 'audit_rule', 'python', 'audit.py');
fs.mkdirSync(path.dirname(handlerPath), { recursive: true });
fs.writeFileSync(handlerPath, 'def lambda_handler(event, context):\n    return None\n');

// The unsaved buffer: two did-you-mean errors, one after non-ASCII text on
// its line (columns count UTF-16 units), and a rule name the required file
// uses too.
let appText = [
  'require "common"',
  'project "demo"',
  'class CheckRule < ApplicationRule',
  '  desc "😀 é"; scope "AWS::EC2::SecurityGrup"',
  '  managed_rule :incoming_ssh_disabld',
  '',
  '  config_rule_name "demo-bucket-versioning-enabled"',
  '  managed_rule :s3_bucket_versioning_enabled',
  'end',
  '',
].join('\n');
const appURI = uriOf(appPath);
const commonURI = uriOf(commonPath);

async function main() {
  const s = start(rulecc);
  const { conn } = s;
  const init = await conn.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid, rootUri: uriOf(work), capabilities: {},
  });
  assert.equal(init.serverInfo.name, 'rulecc');
  assert.equal(init.capabilities.textDocumentSync.change, lsp.TextDocumentSyncKind.Incremental);
  assert.equal(init.capabilities.positionEncoding, 'utf-16');
  assert.ok(init.capabilities.hoverProvider);
  assert.equal(init.capabilities.completionProvider.resolveProvider, true);
  assert.deepEqual(init.capabilities.codeActionProvider.codeActionKinds, ['quickfix']);
  await conn.sendNotification(lsp.InitializedNotification.type, {});

  // 1. Open the file: its diagnostics, with exact ranges.
  let version = 1;
  let published = s.nextDiagnostics(appURI, version);
  let commonPublished = s.nextDiagnostics(commonURI);
  await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: appURI, languageId: 'rules', version, text: appText },
  });
  let diags = (await published).diagnostics;
  const byCode = (code) => diags.filter((d) => d.code === code);
  assert.equal(diags.length, 2, JSON.stringify(diags));
  const [type] = byCode('unknown-resource-type');
  assert.equal(type.severity, lsp.DiagnosticSeverity.Error);
  assert.equal(type.source, 'rulecc');
  assert.equal(type.message,
    "AWS Config has no resource type 'AWS::EC2::SecurityGrup'; did you mean 'AWS::EC2::SecurityGroup'?");
  // Byte column 24 on the line; 21 in UTF-16 units (😀 is 2 units, é 1).
  assert.deepEqual(type.range, { start: { line: 3, character: 21 }, end: { line: 3, character: 45 } });
  const [rule] = byCode('unknown-managed-rule');
  assert.deepEqual(rule.range, { start: { line: 4, character: 15 }, end: { line: 4, character: 36 } });
  // The required file (not open) is checked with the buffer as one
  // application: the name clash is reported there, and its note points
  // into the unsaved buffer.
  const commonDiags = (await commonPublished).diagnostics;
  assert.equal(commonDiags.length, 1, JSON.stringify(commonDiags));
  const [dup] = commonDiags;
  assert.equal(dup.code, 'duplicate-rule-name');
  assert.equal(dup.message, "config rule name 'demo-bucket-versioning-enabled' is already used");
  assert.deepEqual(dup.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 26 } });
  assert.deepEqual(dup.relatedInformation, [{
    location: { uri: appURI, range: { start: { line: 6, character: 19 }, end: { line: 6, character: 51 } } },
    message: 'first defined here',
  }]);

  // 2. Code actions: apply each did-you-mean fix as an incremental edit;
  // the diagnostics clear.
  for (const target of [rule, type]) {
    const actions = await conn.sendRequest(lsp.CodeActionRequest.type, {
      textDocument: { uri: appURI }, range: target.range, context: { diagnostics: [target] },
    });
    const fix = actions.find((a) => a.kind === 'quickfix' && a.diagnostics[0].code === target.code);
    assert.ok(fix, JSON.stringify(actions));
    assert.ok(fix.isPreferred);
    const edits = fix.edit.changes[appURI];
    assert.equal(edits.length, 1);
    appText = applyEdits(appText, edits);
    version += 1;
    published = s.nextDiagnostics(appURI, version);
    await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
      textDocument: { uri: appURI, version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    diags = (await published).diagnostics;
    assert.ok(!diags.some((d) => d.code === target.code), JSON.stringify(diags));
  }
  assert.match(appText, /managed_rule :incoming_ssh_disabled\n/);
  assert.match(appText, /scope "AWS::EC2::SecurityGroup"/);
  // The last error: remove the clashing config_rule_name (a range edit over
  // a whole line); nothing is left in either file.
  version += 1;
  published = s.nextDiagnostics(appURI, version);
  const clash = positionOf(appText, '  config_rule_name');
  await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: appURI, version },
    contentChanges: [{ range: { start: clash, end: { line: clash.line + 1, character: 0 } }, text: '' }],
  });
  appText = appText.replace('  config_rule_name "demo-bucket-versioning-enabled"\n', '');
  commonPublished = s.nextDiagnostics(commonURI);
  diags = (await published).diagnostics;
  assert.deepEqual(diags, []);
  assert.deepEqual((await commonPublished).diagnostics, []);

  // 3. Hover: a managed rule symbol, a resource type, a property path of a
  // body (in the required file, opened now), a block parameter.
  let hover = await conn.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: appURI }, position: positionOf(appText, 'incoming_ssh', 3),
  });
  assert.match(hover.contents.value, /\*\*INCOMING_SSH_DISABLED\*\* \(AWS Config managed rule\)/);
  assert.match(hover.contents.value, /😀 é/); // the rule's desc
  assert.match(hover.contents.value, /Resource types: `AWS::EC2::SecurityGroup`/);
  // AWS's description of the rule and its page in the developer guide.
  assert.match(hover.contents.value, /Checks if the incoming SSH traffic for the security groups is accessible\. .*\(CIDR other than 0\.0\.0\.0\/0\)/);
  assert.match(hover.contents.value, /\[AWS documentation\]\(https:\/\/docs\.aws\.amazon\.com\/config\/latest\/developerguide\/restricted-ssh\.html\)/);
  assert.deepEqual(hover.range, { start: { line: 4, character: 15 }, end: { line: 4, character: 37 } });
  hover = await conn.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: appURI }, position: positionOf(appText, 'SecurityGroup'),
  });
  assert.match(hover.contents.value, /\*\*AWS::EC2::SecurityGroup\*\* \(resource type\)/);
  assert.match(hover.contents.value, /Configuration-item schema: \d+ properties/);
  const params = await conn.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: appURI }, position: positionOf(appText, 's3_bucket_versioning_enabled', 2),
  });
  assert.match(params.contents.value, /Parameters:/);

  // The outline: the class and the rules it declares.
  assert.equal(init.capabilities.documentSymbolProvider, true);
  const symbols = await conn.sendRequest(lsp.DocumentSymbolRequest.type, { textDocument: { uri: appURI } });
  const at = (needle, length) => ({ start: positionOf(appText, needle), end: positionOf(appText, needle, length) });
  assert.deepEqual(symbols, [{
    name: 'CheckRule', kind: lsp.SymbolKind.Class,
    range: { start: positionOf(appText, 'class CheckRule'), end: positionOf(appText, 'end\n', 3, 0) },
    selectionRange: at('CheckRule', 9),
    children: [
      { name: 'incoming_ssh_disabled', detail: 'managed_rule INCOMING_SSH_DISABLED', kind: lsp.SymbolKind.Method,
        range: at('managed_rule :incoming', 35), selectionRange: at(':incoming_ssh_disabled', 22) },
      { name: 's3_bucket_versioning_enabled', detail: 'managed_rule S3_BUCKET_VERSIONING_ENABLED', kind: lsp.SymbolKind.Method,
        range: at('managed_rule :s3', 42), selectionRange: at(':s3_bucket_versioning_enabled', 29) },
    ],
  }], JSON.stringify(symbols));

  // Go to definition: a require's string opens the required file.
  assert.equal(init.capabilities.definitionProvider, true);
  const fileStart = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  let def = await conn.sendRequest(lsp.DefinitionRequest.type, {
    textDocument: { uri: appURI }, position: positionOf(appText, '"common"', 2),
  });
  assert.deepEqual(def, { uri: commonURI, range: fileStart });
  def = await conn.sendRequest(lsp.DefinitionRequest.type, {
    textDocument: { uri: appURI }, position: positionOf(appText, 'project', 2),
  });
  assert.equal(def, null);

  const commonText = fs.readFileSync(commonPath, 'utf8');
  published = s.nextDiagnostics(commonURI, 1);
  await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: commonURI, languageId: 'rules', version: 1, text: commonText },
  });
  assert.deepEqual((await published).diagnostics, []);
  hover = await conn.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: commonURI }, position: positionOf(commonText, 'bucket_versioning_configuration', 4),
  });
  assert.match(hover.contents.value, /`bucket_versioning_configuration`: `Object<supplementaryConfiguration\.BucketVersioningConfiguration>\*`/);
  hover = await conn.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: commonURI }, position: positionOf(commonText, '.status', 2),
  });
  assert.match(hover.contents.value, /`status`: `String\*`/);
  assert.match(hover.contents.value, /AWS path: `supplementaryConfiguration\.BucketVersioningConfiguration\.status`/);
  // A handler rule's name opens its handler file.
  def = await conn.sendRequest(lsp.DefinitionRequest.type, {
    textDocument: { uri: commonURI }, position: positionOf(commonText, ':audit', 3),
  });
  assert.deepEqual(def, { uri: uriOf(fs.realpathSync(handlerPath)), range: fileStart });

  // While the file does not parse (an edit below the rule), hover on the
  // rule's body paths answers from the last check that parsed it; past the
  // edit it does not.
  const brokenCommon = commonText + 'class Half < ApplicationRule\n  rule :x do |i|\n    i.(\n';
  published = s.nextDiagnostics(commonURI, 2);
  await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: commonURI, version: 2 }, contentChanges: [{ text: brokenCommon }],
  });
  assert.ok((await published).diagnostics.some((d) => d.code === 'syntax-error'));
  hover = await conn.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: commonURI }, position: positionOf(brokenCommon, '.status', 2),
  });
  assert.match(hover.contents.value, /AWS path: `supplementaryConfiguration\.BucketVersioningConfiguration\.status`/);
  assert.deepEqual(hover.range, { start: positionOf(brokenCommon, '.status', 1), end: positionOf(brokenCommon, '.status', 7) });
  hover = await conn.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: commonURI }, position: positionOf(brokenCommon, '|i|', 1),
  });
  assert.equal(hover, null);
  published = s.nextDiagnostics(commonURI, 3);
  await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: commonURI, version: 3 }, contentChanges: [{ text: commonText }],
  });
  assert.deepEqual((await published).diagnostics, []);
  // A managed rule's input parameter, written in snake_case: AWS's name,
  // type, default and description.
  hover = await conn.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: commonURI }, position: positionOf(commonText, 'max_access_key_age', 3),
  });
  assert.equal(hover.contents.value,
    'parameter of ACCESS_KEYS_ROTATED\n\n`maxAccessKeyAge`: int, required, default `90` — Maximum number of days without rotation. Default 90.');
  assert.deepEqual(hover.range, { start: { line: 8, character: 19 }, end: { line: 8, character: 37 } });
  hover = await conn.sendRequest(lsp.HoverRequest.type, {
    textDocument: { uri: commonURI }, position: positionOf(commonText, 'access_keys_rotated', 1),
  });
  assert.match(hover.contents.value, /`maxAccessKeyAge`: int, required, default `90` — Maximum number of days without rotation/);
  assert.match(hover.contents.value, /Checks if the active access keys are rotated within the number of days specified in `maxAccessKeyAge`/);

  // 4. Completion, while the text does not parse.
  const complete = async (text, needle, delta) => {
    version += 1;
    published = s.nextDiagnostics(appURI, version);
    await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
      textDocument: { uri: appURI, version }, contentChanges: [{ text }],
    });
    await published;
    const list = await conn.sendRequest(lsp.CompletionRequest.type, {
      textDocument: { uri: appURI }, position: positionOf(text, needle, delta),
    });
    return list.items;
  };
  // A symbol's items are bare names replacing the word after the colon (as
  // clients that filter by the word before the cursor need); without the
  // colon, they insert it.
  const symbolText = appText + 'class ARule < ApplicationRule\n  managed_rule :s3_bucket_ver\nend\n';
  let items = await complete(symbolText, ':s3_bucket_ver', 14);
  assert.ok(items.some((i) => i.label === 's3_bucket_versioning_enabled'), JSON.stringify(items.slice(0, 5)));
  assert.ok(items.every((i) => i.label.startsWith('s3_bucket_ver')));
  assert.ok(items.every((i) => i.textEdit.newText === i.label && i.filterText === undefined));
  assert.deepEqual(items[0].textEdit.range, {
    start: positionOf(symbolText, 's3_bucket_ver'), end: positionOf(symbolText, 's3_bucket_ver', 13) });
  const bare = await complete(appText + 'class ARule < ApplicationRule\n  managed_rule s3_bucket_ver\nend\n',
    'managed_rule s3_bucket_ver', 26);
  assert.ok(bare.some((i) => i.label === 's3_bucket_versioning_enabled' &&
    i.textEdit.newText === ':s3_bucket_versioning_enabled'), JSON.stringify(bare.slice(0, 3)));
  // The list carries no descriptions; completionItem/resolve adds one.
  const versioning = items.find((i) => i.label === 's3_bucket_versioning_enabled');
  assert.equal(versioning.documentation, undefined);
  const resolved = await conn.sendRequest(lsp.CompletionResolveRequest.type, versioning);
  assert.equal(resolved.label, versioning.label);
  assert.deepEqual(resolved.textEdit, versioning.textEdit);
  assert.equal(resolved.documentation.kind, 'markdown');
  assert.match(resolved.documentation.value, /^\*\*S3_BUCKET_VERSIONING_ENABLED\*\* \(AWS Config managed rule\)\n\nChecks if versioning is enabled for your S3 buckets\./);
  assert.match(resolved.documentation.value, /developerguide\/s3-bucket-versioning-enabled\.html/);
  items = await complete(appText + 'class ARule < ApplicationRule\n  scope "AWS::S3::Bu\n', 'AWS::S3::Bu', 11);
  assert.ok(items.some((i) => i.label === 'AWS::S3::Bucket'));
  assert.ok(items.every((i) => i.label.startsWith('AWS::S3::Bu')));
  const bucketItem = items.find((i) => i.label === 'AWS::S3::Bucket');
  assert.deepEqual(bucketItem.textEdit.range.start, positionOf(appText + 'class ARule < ApplicationRule\n  scope "AWS::S3::Bu\n', 'AWS::S3::Bu'));
  items = await complete(appText + 'class ARule < ApplicationRule\n  input_parameters \n  managed_rule :access_keys_rotated\nend\n',
    'input_parameters ', 17);
  assert.deepEqual(items.map((i) => i.label), ['maxAccessKeyAge']);
  assert.equal(items[0].documentation, 'Maximum number of days without rotation. Default 90.');
  assert.equal(items[0].textEdit.newText, 'maxAccessKeyAge: ');
  const body = appText + [
    'class VolumeRule < ApplicationRule',
    '  scope "AWS::EC2::Volume"',
    '  rule :encrypted do |vol|',
    '    vol.',
    '    vol.configuration.encr',
    '    vol.configuration.attachments.any? { |a| a. }',
    '  end',
    'end', ''].join('\n');
  items = await complete(body, 'vol.\n', 4);
  assert.ok(items.some((i) => i.label === 'configuration' && i.detail === 'Object'));
  assert.ok(items.some((i) => i.label === 'resource_id'));
  items = await complete(body, 'configuration.encr', 18);
  assert.deepEqual(items.map((i) => [i.label, i.detail]), [['encrypted', 'boolean']]);
  items = await complete(body, '|a| a.', 6);
  assert.ok(items.some((i) => i.label === 'instance_id'), JSON.stringify(items));

  // 5. Close the documents (the buffer still has the syntax errors of the
  // completion edits): its diagnostics are cleared; shutdown and exit.
  assert.notDeepEqual(s.published.get(appURI).at(-1).diagnostics, []);
  published = s.nextDiagnostics(appURI);
  await conn.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri: appURI } });
  await conn.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri: commonURI } });
  assert.deepEqual((await published).diagnostics, []);
  await conn.sendRequest(lsp.ShutdownRequest.type);
  await conn.sendNotification(lsp.ExitNotification.type);
  const { code } = await s.exited;
  assert.equal(code, 0, s.stderr());
  assert.deepEqual(s.logs, []);
  conn.dispose();
}

withTimeout(main(), 60000, 'the session').then(
  () => { console.log('e2e: ok'); process.exit(0); },
  (err) => { console.error(err); process.exit(1); });
