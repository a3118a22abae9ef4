-- rulecc for Neovim 0.7 and later: *.rules buffers get Ruby's highlighting,
-- `#` comments and the rulecc language server (`rulecc lsp`): diagnostics as
-- you type, code actions for the fix-its, hover (K) and completion
-- (<C-x><C-o>). Add this directory to 'runtimepath' (docs/editors.md).
--
-- Settings, before the first *.rules buffer opens:
--   vim.g.rulecc_cmd    the server command; default { 'rulecc', 'lsp' }
--                       (add '-Werror' or '-W<id>' as on the command line)
--   vim.g.rulecc_syntax the Vim syntax to borrow; default 'ruby', false (or 0)
--                       for none
if vim.g.loaded_rulecc then
  return
end
vim.g.loaded_rulecc = true

-- The application's root: the nearest directory above the file with a
-- .git, else the file's own directory.
local function root_dir(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h')
  local git = vim.fn.finddir('.git', dir .. ';')
  if git ~= '' then
    return vim.fn.fnamemodify(git, ':p:h:h') -- '/app/.git/' -> '/app'
  end
  git = vim.fn.findfile('.git', dir .. ';') -- a worktree's .git file
  if git ~= '' then
    return vim.fn.fnamemodify(git, ':p:h')
  end
  return dir
end

local function on_attach(_, bufnr)
  if vim.bo[bufnr].omnifunc == '' then
    vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
end

-- Neovim 0.7 has no vim.lsp.start: one client per root, started by hand.
local clients = {}

local function start(bufnr)
  local config = {
    name = 'rulecc',
    cmd = vim.g.rulecc_cmd or { 'rulecc', 'lsp' },
    root_dir = root_dir(bufnr),
    on_attach = on_attach,
  }
  if vim.fn.executable(config.cmd[1]) == 0 then
    vim.notify_once('rulecc: ' .. config.cmd[1] .. ' is not executable; '
      .. 'set vim.g.rulecc_cmd', vim.log.levels.WARN)
    return
  end
  if vim.lsp.start then
    vim.lsp.start(config) -- attaches the current buffer, reusing a client
    return
  end
  local id = clients[config.root_dir]
  if not id or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(config)
    clients[config.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

vim.api.nvim_create_autocmd('FileType', {
  group = vim.api.nvim_create_augroup('rulecc', { clear = true }),
  pattern = 'rules',
  callback = function(args)
    local bufnr = args.buf
    vim.bo[bufnr].commentstring = '# %s'
    vim.bo[bufnr].comments = ':#'
    local syntax = vim.g.rulecc_syntax
    if syntax == nil then
      syntax = 'ruby'
    end
    if syntax and syntax ~= 0 and syntax ~= '' then
      vim.bo[bufnr].syntax = syntax
    end
    start(bufnr)
  end,
})
