" rulecc: *.rules files are AWS Config rule files (Neovim's own detection
" takes them for udev rules). `set`, not `setfiletype`, overrides it.
autocmd BufRead,BufNewFile *.rules set filetype=rules
