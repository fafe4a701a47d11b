-- Neovim as the language client (tests/cli/lsp/neovim.rs): opens a note of the example
-- log, starts `mentorlog lsp` with vim.lsp.start, breaks a value, waits for the server's
-- diagnostics, asks for goal-id completions, and writes what it got as JSON.
local file, bin, out = vim.env.LSP_NOTE, vim.env.LSP_BIN, vim.env.LSP_OUT
local result = { attached = false, diagnostics = {}, completions = {}, errors = {} }

local function finish()
  local f = assert(io.open(out, "w"))
  f:write(vim.json.encode(result))
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local ready = false
  local config = {
    name = "mentorlog",
    cmd = { bin, "lsp" },
    on_init = function()
      ready = true
    end,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = buf })
  else
    -- Neovim 0.7 (Debian 12): no vim.lsp.start yet.
    local id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, id)
  end
  result.attached = vim.wait(20000, function()
    return ready
  end, 20)
  -- A goal's status the server does not know: `activ`.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    if line:match("^    status: active$") then
      vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { "    status: activ" })
      break
    end
  end
  vim.wait(20000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    -- The hint travels as the diagnostic's related information.
    local lsp = d.user_data and d.user_data.lsp or {}
    local related = lsp.relatedInformation or {}
    local hint = related[1] and related[1].message or vim.NIL
    table.insert(result.diagnostics, { code = d.code, message = d.message, hint = hint, lnum = d.lnum, col = d.col })
  end
  -- Completion after `- id: ` in a new goal entry.
  lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    if line == "goals:" then
      vim.api.nvim_buf_set_lines(buf, i, i, false, { "  - id: " })
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(buf) },
        position = { line = i, character = 8 },
      }
      local answers = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 20000) or {}
      for _, answer in pairs(answers) do
        if answer.err then
          table.insert(result.errors, vim.inspect(answer.err))
        end
        local items = answer.result and (answer.result.items or answer.result) or {}
        for _, item in ipairs(items) do
          table.insert(result.completions, { label = item.label, detail = item.detail })
        end
      end
      break
    end
  end
end)
if not ok then
  table.insert(result.errors, tostring(err))
end
finish()
