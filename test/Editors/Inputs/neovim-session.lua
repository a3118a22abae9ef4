-- An editing session in real Neovim with editors/neovim loaded, run by
-- neovim.test: RULECC=... WORK=... nvim --headless ... -S neovim-session.lua.
-- Neovim's own LSP client talks to `rulecc lsp`; every step checks what the
-- user would see, and any failure exits with status 1 and says why.
local rulecc, work = os.getenv('RULECC'), os.getenv('WORK')
vim.g.rulecc_cmd = { rulecc, 'lsp' }

local function fail(fmt, ...)
  io.stderr:write('neovim: ' .. string.format(fmt, ...) .. '\n')
  vim.cmd('cquit 1')
end

local function check(cond, fmt, ...)
  if not cond then
    fail(fmt, ...)
  end
end

local function wait(what, pred)
  if not vim.wait(20000, pred, 20) then
    fail('timed out waiting for %s', what)
  end
end

-- The diagnostics of the current buffer with a code.
local function diagnostics(code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if code == nil or d.code == code then
      table.insert(out, d)
    end
  end
  return out
end

-- The clients attached to the current buffer (0.7 to 0.10 call it
-- buf_get_clients, later versions get_clients).
local function attached()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = 0 })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(0))
end

local function request(method, params)
  local replies, err = vim.lsp.buf_request_sync(0, method, params, 10000)
  check(replies, '%s: no reply (%s)', method, tostring(err))
  for _, r in pairs(replies) do
    local err = r.err or r.error -- 0.7 says `error`, later versions `err`
    check(not err, '%s: %s', method, vim.inspect(err))
    return r.result
  end
  fail('%s: no client answered', method)
end

-- 0-based position of the `delta`th byte of `needle` in the buffer, in the
-- UTF-16 units the protocol counts.
local function position(needle, delta)
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, true)
  for i, line in ipairs(lines) do
    local col = line:find(needle, 1, true)
    if col then
      local byte = col - 1 + (delta or 0)
      return { line = i - 1, character = vim.str_utfindex(line, byte) }
    end
  end
  fail('%q is not in the buffer', needle)
end

local path = work .. '/app.rules'
local f = assert(io.open(path, 'w'))
f:write(table.concat({
  'project "demo"',
  'class CheckRule < ApplicationRule',
  '  desc "😀 é"; scope "AWS::EC2::SecurityGrup"',
  '  managed_rule :incoming_ssh_disabld',
  'end',
  '',
}, '\n'))
f:close()

-- 1. The file is a `rules` buffer with Ruby's highlighting and a client.
vim.cmd('edit ' .. vim.fn.fnameescape(path))
check(vim.bo.filetype == 'rules', 'filetype is %q', vim.bo.filetype)
check(vim.bo.syntax == 'ruby', 'syntax is %q', vim.bo.syntax)
check(vim.bo.commentstring == '# %s', 'commentstring is %q', vim.bo.commentstring)
wait('the client', function() return #attached() == 1 end)
check(vim.bo.omnifunc == 'v:lua.vim.lsp.omnifunc', 'omnifunc is %q', vim.bo.omnifunc)

-- 2. Diagnostics, at the columns Neovim shows (bytes: the server's UTF-16
-- positions converted back, past the 4-byte emoji on the line).
wait('the diagnostics', function() return #diagnostics() == 2 end)
local typo = diagnostics('unknown-resource-type')[1]
check(typo, 'no unknown-resource-type in %s', vim.inspect(vim.diagnostic.get(0)))
local line = vim.api.nvim_buf_get_lines(0, 2, 3, true)[1]
local col = line:find('"AWS::EC2::SecurityGrup"', 1, true) - 1
check(typo.lnum == 2 and typo.col == col and typo.end_col == col + 24,
  'the type typo is at %d:%d-%d, not 2:%d-%d', typo.lnum, typo.col,
  typo.end_col, col, col + 24)
check(typo.severity == vim.diagnostic.severity.ERROR, 'severity %s', typo.severity)
local rule = diagnostics('unknown-managed-rule')[1]
check(rule and rule.message:find('incoming_ssh_disabled', 1, true),
  'the managed-rule typo: %s', vim.inspect(rule))

-- 3. The code actions of both fix the buffer; Neovim sends the edits as
-- incremental changes and the diagnostics clear.
for _, code in ipairs({ 'unknown-managed-rule', 'unknown-resource-type' }) do
  -- What vim.lsp.buf.code_action() sends with the cursor on the error: the
  -- cursor's position as the range, the line's diagnostics as the context.
  local d = diagnostics(code)[1]
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local params = vim.lsp.util.make_range_params()
  local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics
  params.context = { diagnostics = line_diagnostics and line_diagnostics() or {} }
  local actions = request('textDocument/codeAction', params)
  local fix
  for _, a in ipairs(actions or {}) do
    if a.isPreferred and a.diagnostics and a.diagnostics[1].code == code then
      fix = a
    end
  end
  check(fix, 'no preferred fix for %s in %s', code, vim.inspect(actions))
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
end
check(vim.api.nvim_buf_get_lines(0, 2, 4, true)[1]:find('"AWS::EC2::SecurityGroup"', 1, true)
  and vim.api.nvim_buf_get_lines(0, 3, 4, true)[1] == '  managed_rule :incoming_ssh_disabled',
  'the fixes gave %s', vim.inspect(vim.api.nvim_buf_get_lines(0, 0, -1, true)))
wait('the diagnostics to clear', function() return #diagnostics() == 0 end)

-- 4. Hover on the managed rule: AWS's description and its page.
local hover = request('textDocument/hover', {
  textDocument = vim.lsp.util.make_text_document_params(),
  position = position('incoming_ssh', 2),
})
check(hover and hover.contents.value:find('Checks if the incoming SSH traffic', 1, true)
  and hover.contents.value:find('developerguide/restricted-ssh.html', 1, true),
  'hover: %s', vim.inspect(hover))

-- The outline Neovim's document_symbol lists: the class and its rule.
local symbols = request('textDocument/documentSymbol', {
  textDocument = vim.lsp.util.make_text_document_params(),
})
local items = vim.lsp.util.symbols_to_items(symbols, 0)
check(#items == 2 and items[1].text == '[Class] CheckRule'
  and items[2].text == '[Method] incoming_ssh_disabled'
  and items[2].lnum == 4, 'symbols: %s', vim.inspect(items))

-- 5. Completion of a managed rule being typed, and its documentation.
vim.api.nvim_buf_set_lines(0, -1, -1, true, {
  'class BucketRule < ApplicationRule', '  managed_rule :s3_bucket_ver', 'end',
})
local list = request('textDocument/completion', {
  textDocument = vim.lsp.util.make_text_document_params(),
  position = position(':s3_bucket_ver', 14),
})
local item
for _, i in ipairs(list.items or list) do
  if i.label == 's3_bucket_versioning_enabled' then
    item = i
  end
end
check(item, 'completion: %s', vim.inspect(list))
local resolved = request('completionItem/resolve', item)
check(resolved.documentation and resolved.documentation.value:find(
  'Checks if versioning is enabled', 1, true), 'resolve: %s', vim.inspect(resolved))

-- 6. Quitting stops the server (Neovim sends shutdown and exit).
for _, c in ipairs(attached()) do
  vim.lsp.stop_client(c.id)
end
wait('the server to stop', function() return #attached() == 0 end)
io.stdout:write('neovim: ok\n')
vim.cmd('qall!')
