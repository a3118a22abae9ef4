;;; rulecc.el --- AWS Config rule files with the rulecc language server  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools

;;; Commentary:

;; `rules-mode' for rulecc's `*.rules' files: Ruby's highlighting,
;; indentation and `#' comments (the language is Ruby-like), and eglot
;; (built into Emacs 29; the elpa-eglot package or GNU ELPA on Emacs 27
;; and 28) connected to `rulecc lsp': the compiler's diagnostics as you
;; type (flymake), its did-you-mean fixes as code actions
;; (`eglot-code-actions'), hover through eldoc and completion through
;; `completion-at-point'.
;;
;;   (add-to-list 'load-path "/path/to/rulecc/editors/emacs")
;;   (require 'rulecc)
;;
;; `rulecc-command' is the server's command line; `rulecc-start-eglot'
;; says whether opening a rule file starts eglot.  docs/editors.md has
;; more, and the lsp-mode equivalent.

;;; Code:

(require 'ruby-mode)

(defgroup rulecc nil
  "AWS Config rule files compiled by rulecc."
  :group 'languages
  :prefix "rulecc-")

(defcustom rulecc-command '("rulecc" "lsp")
  "The command line of the rulecc language server.
Use the full path of rulecc when it is not on `exec-path'; add
\"-Werror\" or \"-W<id>\" as on the command line."
  :type '(repeat string))

(defcustom rulecc-start-eglot t
  "Whether visiting a rule file starts eglot (when eglot is installed)."
  :type 'boolean)

;;;###autoload
(define-derived-mode rules-mode ruby-mode "Rules"
  "Major mode for rulecc's AWS Config rule files (`*.rules').")

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.rules\\'" . rules-mode))

(defun rulecc--server-program (&rest _)
  "The server command for eglot: `rulecc-command', read when it starts."
  rulecc-command)

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               (cons 'rules-mode #'rulecc--server-program)))

(defun rulecc--start-eglot ()
  "Start eglot in this buffer, per `rulecc-start-eglot'."
  (when (and rulecc-start-eglot (require 'eglot nil t))
    (eglot-ensure)))

(add-hook 'rules-mode-hook #'rulecc--start-eglot)

(provide 'rulecc)
;;; rulecc.el ends here
