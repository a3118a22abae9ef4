# lit configuration for rulecc's per-phase suites.
import os
import shutil

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
if shutil.which("terraform", path=path):
    config.available_features.add("terraform")
if os.path.isdir(os.path.join(config.shared_data_dir, "cfn-schemas")):
    config.available_features.add("shared-data")
# The SARIF 2.1.0 schema: the copy kept with the tests, or the one
# RULECC_SARIF_SCHEMA names.
sarif_schema = os.environ.get("RULECC_SARIF_SCHEMA") or os.path.join(
    src, "test", "Driver", "Inputs", "sarif-schema", "sarif-2.1.0-rtm.5.json")
if os.path.isfile(sarif_schema):
    config.available_features.add("sarif-schema")
    config.substitutions.append(("%sarif_schema", sarif_schema))
try:
    import jsonschema  # noqa: F401
    import yaml  # noqa: F401
    config.available_features.add("jsonschema")
except ImportError:
    pass
