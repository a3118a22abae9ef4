;;; emacs-session.el --- an editing session in real Emacs with eglot  -*- lexical-binding: t; -*-
;; Run by emacs.test: RULECC=... WORK=... emacs --batch -q -L editors/emacs
;; -l emacs-session.el.  Emacs's eglot talks to `rulecc lsp' as
;; editors/emacs/rulecc.el sets it up; every step checks what the user would
;; see, and a failure exits with status 1 and says why.

(require 'cl-lib)
(require 'rulecc)

(defun session-fail (fmt &rest args)
  (message "emacs: %s" (apply #'format fmt args))
  (kill-emacs 1))

(defmacro session-check (cond fmt &rest args)
  `(unless ,cond (session-fail ,fmt ,@args)))

(defun session-wait (what pred)
  "Process events until PRED holds, for at most 20 seconds."
  (let ((deadline (+ (float-time) 20)))
    (while (not (funcall pred))
      (when (> (float-time) deadline)
        (session-fail "timed out waiting for %s" what))
      (accept-process-output nil 0.05)
      ;; Batch Emacs runs no command loop: run what it would after a command
      ;; (eglot-ensure connects there, eglot sends changes there) and flymake's
      ;; timers.
      (run-hooks 'post-command-hook)
      (when (fboundp 'eglot--signal-textDocument/didChange)
        (eglot--signal-textDocument/didChange)))))

(setq rulecc-command (list (getenv "RULECC") "lsp"))
(setq eglot-sync-connect t)
(setq flymake-no-changes-timeout nil)

(defun session-diagnostics (&optional id)
  "Flymake's diagnostics in the buffer, those with ID in their text if given."
  (cl-remove-if-not
   (lambda (d) (or (null id) (string-match-p (regexp-quote id) (flymake-diagnostic-text d))))
   (flymake-diagnostics)))

(let* ((work (getenv "WORK"))
       (file (expand-file-name "app.rules" work)))
  (with-temp-file file
    (insert "project \"demo\"\n"
            "class CheckRule < ApplicationRule\n"
            "  desc \"😀 é\"; scope \"AWS::EC2::SecurityGrup\"\n"
            "  managed_rule :incoming_ssh_disabld\n"
            "end\n"))
  ;; 1. The file is in rules-mode and eglot connects.
  (find-file file)
  (session-check (eq major-mode 'rules-mode) "major mode %s" major-mode)
  (session-check (derived-mode-p 'ruby-mode) "not derived from ruby-mode")
  (session-wait "eglot" (lambda () (eglot-current-server)))
  (session-check (flymake-mode) "flymake is off")
  ;; 2. Diagnostics, at the buffer positions Emacs shows (characters: the
  ;; server's UTF-16 columns converted back, past the emoji on the line).
  (session-wait "the diagnostics"
                (lambda () (flymake-start) (= (length (session-diagnostics)) 2)))
  (let* ((typo (car (session-diagnostics "unknown-resource-type")))
         (start (save-excursion
                  (goto-char (point-min))
                  (search-forward "\"AWS::EC2::SecurityGrup\"")
                  (match-beginning 0))))
    (session-check typo "no unknown-resource-type in %S"
                   (mapcar #'flymake-diagnostic-text (session-diagnostics)))
    (session-check (and (= (flymake-diagnostic-beg typo) start)
                        (= (flymake-diagnostic-end typo) (+ start 24)))
                   "the type typo is at %d-%d, not %d-%d"
                   (flymake-diagnostic-beg typo) (flymake-diagnostic-end typo)
                   start (+ start 24))
    (session-check (eq (flymake-diagnostic-type typo) 'eglot-error)
                   "type %S" (flymake-diagnostic-type typo)))
  ;; 3. The quick fixes, applied by eglot-code-actions, fix the buffer; the
  ;; diagnostics clear.
  (dolist (id '("unknown-managed-rule" "unknown-resource-type"))
    (let ((d (car (session-diagnostics id))))
      (session-check d "no %s" id)
      (goto-char (flymake-diagnostic-beg d))
      (eglot-code-actions (point) (1+ (point)) "quickfix" t)))
  (session-check (save-excursion
                   (goto-char (point-min))
                   (and (search-forward "scope \"AWS::EC2::SecurityGroup\"" nil t)
                        (search-forward "managed_rule :incoming_ssh_disabled\n" nil t)))
                 "the fixes gave %S" (buffer-string))
  (session-wait "the diagnostics to clear"
                (lambda () (flymake-start) (null (session-diagnostics))))
  ;; The outline, as imenu reads it through eglot (documentSymbol).
  (let ((index (format "%S" (funcall imenu-create-index-function))))
    (session-check (string-match-p "(\"CheckRule\" (\"incoming_ssh_disabled\" \\. [0-9]+))" index)
                   "imenu: %s" index))
  ;; 4. Hover on the managed rule: AWS's description and its page.
  (goto-char (point-min))
  (search-forward "incoming_ssh")
  (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                 (eglot--TextDocumentPositionParams)))
         (value (plist-get (plist-get hover :contents) :value)))
    (session-check (and (stringp value)
                        (string-match-p "Checks if the incoming SSH traffic" value)
                        (string-match-p "developerguide/restricted-ssh\\.html" value))
                   "hover: %S" hover))
  ;; 5. Completion at point of a managed rule being typed.
  (goto-char (point-max))
  (insert "class BucketRule < ApplicationRule\n  managed_rule :s3_bucket_ver")
  (eglot--signal-textDocument/didChange)
  (let* ((capf (eglot-completion-at-point))
         (table (nth 2 capf))
         (all (all-completions (buffer-substring (nth 0 capf) (nth 1 capf)) table)))
    (session-check (equal all '("s3_bucket_versioning_enabled"))
                   "completion: %S" all))
  ;; M-x completion-at-point inserts the one candidate after the colon.
  (completion-at-point)
  (session-check (equal (buffer-substring (line-beginning-position) (point))
                        "  managed_rule :s3_bucket_versioning_enabled")
                 "completion-at-point gave %S"
                 (buffer-substring (line-beginning-position) (line-end-position)))
  ;; 6. Shutting eglot down stops the server.
  (let ((server (eglot-current-server)))
    (eglot-shutdown server)
    (session-check (not (process-live-p (jsonrpc--process server)))
                   "the server still runs"))
  (set-buffer-modified-p nil)
  (message "emacs: ok")
  (kill-emacs 0))
