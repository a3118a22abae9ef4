# lit configuration for rulecc's per-phase suites.
import os
import re
import shutil
import subprocess

import lit.formats

config.name = "rulecc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".rules", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)

if not hasattr(config, "rulecc_obj_root"):
    lit_config.fatal("run lit on the build tree (build/test/<Suite>), whose "
                     "lit.site.cfg.py says where the build is")

config.test_exec_root = os.path.join(config.rulecc_obj_root, "test")
path = os.pathsep.join([config.rulecc_tools_dir, config.llvm_tools_dir,
                        config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["PATH"] = path
for var in ["HOME", "TMPDIR", "TF_CLI_CONFIG_FILE", "PYTHONPATH"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Diagnostics are compared without colour whatever the terminal.
config.environment["NO_COLOR"] = "1"

src = config.rulecc_src_root
config.substitutions.append(("%rulecc", os.path.join(config.rulecc_tools_dir, "rulecc")))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%srcroot", src))
config.substitutions.append(("%examples", os.path.join(src, "examples")))
config.substitutions.append(("%shared_data", config.shared_data_dir))
config.substitutions.append(("%utils", os.path.join(src, "test", "utils")))

# Optional validators: a test that needs one says REQUIRES: and is reported
# UNSUPPORTED where it is missing, never passed.
if shutil.which("cfn-lint", path=path):
    config.available_features.add("cfn-lint")
# terraform needs the hashicorp/aws provider without a network: a local
# mirror (a directory holding registry.terraform.io/hashicorp/aws), named by
# RULECC_TERRAFORM_MIRROR or found in the usual places. Tests write a CLI
# config with `filesystem_mirror { path = "%tf_mirror" }`.
def find_terraform_mirror():
    home = os.path.expanduser("~")
    candidates = [os.environ.get("RULECC_TERRAFORM_MIRROR", ""),
                  "/opt/tf-plugins",
                  os.path.join(home, ".terraform.d", "plugins"),
                  os.path.join(home, ".local", "share", "terraform", "plugins"),
                  "/usr/local/share/terraform/plugins",
                  "/usr/share/terraform/plugins"]
    for c in candidates:
        if c and os.path.isdir(os.path.join(c, "registry.terraform.io",
                                            "hashicorp", "aws")):
            return c
    return None


terraform_mirror = find_terraform_mirror()
if shutil.which("terraform", path=path) and terraform_mirror:
    config.available_features.add("terraform")
    config.substitutions.append(("%tf_mirror", terraform_mirror))

# End-to-end deploys (test/Deploy) run moto_server, an AWS emulator, on
# 127.0.0.1, and drive it with boto3 from %python.
def python_has(*modules):
    probe = "import " + ", ".join(modules)
    return subprocess.run([config.python_executable, "-c", probe],
                          stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


if shutil.which("moto_server", path=path) and python_has("moto", "boto3",
                                                          "yaml"):
    config.available_features.add("moto")
if shutil.which("aws", path=path):
    config.available_features.add("awscli")
if python_has("yaml"):
    config.available_features.add("pyyaml")
# Running generated handlers: boto3 (botocore's Stubber) for Python, node
# (with `node --check`) for Node.js.
if python_has("boto3"):
    config.available_features.add("boto3")
if shutil.which("node", path=path):
    config.available_features.add("node")
# Tests about the runtime helpers bundles ship, once runtime/ provides them.
if os.path.isfile(os.path.join(src, "runtime", "python", "rulecc_runtime.py")):
    config.available_features.add("python-runtime-helpers")
if os.path.isdir(os.path.join(config.shared_data_dir, "cfn-schemas")):
    config.available_features.add("shared-data")
# The SARIF 2.1.0 schema: the copy kept with the tests, or the one
# RULECC_SARIF_SCHEMA names.
sarif_schema = os.environ.get("RULECC_SARIF_SCHEMA") or os.path.join(
    src, "test", "Driver", "Inputs", "sarif-schema", "sarif-2.1.0-rtm.5.json")
if os.path.isfile(sarif_schema):
    config.available_features.add("sarif-schema")
    config.substitutions.append(("%sarif_schema", sarif_schema))
# Neovim 0.7 or later (Debian bookworm's), for editors/neovim with
# Neovim's own language client.
nvim = shutil.which("nvim", path=path)
if nvim:
    try:
        first = subprocess.run([nvim, "--version"], capture_output=True,
                               text=True, timeout=30).stdout.split("\n")[0]
        m = re.match(r"NVIM v(\d+)\.(\d+)", first)
        if m and (int(m.group(1)), int(m.group(2))) >= (0, 7):
            config.available_features.add("neovim")
    except (OSError, subprocess.SubprocessError):
        pass
# Emacs with eglot (built into Emacs 29; Debian 12's Emacs 28 has it from
# the elpa-eglot package), for editors/emacs.
emacs = shutil.which("emacs", path=path)
if emacs:
    try:
        if subprocess.run([emacs, "--batch", "-q", "--eval",
                           "(kill-emacs (if (require 'eglot nil t) 0 1))"],
                          capture_output=True, timeout=60).returncode == 0:
            config.available_features.add("emacs-eglot")
    except (OSError, subprocess.SubprocessError):
        pass
# The VS Code extension's tests (test/Editors) run node on the npm modules
# `npm ci` installs in editors/vscode.
vscode_modules = os.path.join(src, "editors", "vscode", "node_modules")
if shutil.which("node", path=path) and all(
        os.path.isfile(os.path.join(vscode_modules, m, "package.json"))
        for m in ["vscode-textmate", "vscode-oniguruma", "vscode-languageclient",
                  os.path.join("@vscode", "vsce")]):
    config.available_features.add("vscode-extension-npm")
    # `npm run package` (@vscode/vsce) needs npm and Node.js 20.
    node_major = subprocess.run(["node", "-p", "process.versions.node.split('.')[0]"],
                                env=config.environment, stdout=subprocess.PIPE,
                                text=True).stdout.strip()
    if (node_major.isdigit() and int(node_major) >= 20 and
            shutil.which("npm", path=path)):
        config.available_features.add("vsce")
try:
    import jsonschema  # noqa: F401
    import yaml  # noqa: F401
    config.available_features.add("jsonschema")
except ImportError:
    pass
