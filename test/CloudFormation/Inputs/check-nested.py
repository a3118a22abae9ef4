"""Checks a parent template and its nested stacks as CloudFormation would
deploy them after `aws cloudformation package`:

  * every template holds at most 500 resources and 1,000,000 bytes;
  * every !Ref, !GetAtt, !Sub variable and DependsOn resolves inside its own
    template (resources, parameters, pseudo parameters);
  * the parent passes each nested stack exactly the parameters it declares,
    and reads only outputs the nested stack defines;
  * a rule's function, permission and config rule sit in one template, and
    every function's role is in that template or arrives as a parameter;
  * every local path (TemplateURL, Lambda Code) exists relative to its
    template.

usage: check-nested.py OUTPUT_DIR
Prints a summary line: templates, resources, functions.
"""
import os
import re
import sys

import yaml


class Loader(yaml.SafeLoader):
    pass


def tagged(name):
    def construct(loader, node):
        return (name, loader.construct_scalar(node))
    return construct


for tag in ("Ref", "GetAtt", "Sub"):
    Loader.add_constructor("!" + tag, tagged(tag))

errors = []


def walk(value, refs):
    if isinstance(value, tuple):
        refs.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            walk(v, refs)
    elif isinstance(value, list):
        for v in value:
            walk(v, refs)


def load(path):
    with open(path) as f:
        text = f.read()
    if len(text.encode()) > 1000000:
        errors.append("%s: %d bytes" % (path, len(text.encode())))
    return yaml.load(text, Loader=Loader)


def check_template(path, tmpl):
    resources = tmpl.get("Resources", {})
    params = set(tmpl.get("Parameters", {}))
    if len(resources) > 500:
        errors.append("%s: %d resources" % (path, len(resources)))
    known = lambda name: (name.startswith("AWS::") or name in resources or
                          name in params)
    refs = []
    walk(resources, refs)
    walk(tmpl.get("Outputs", {}), refs)
    for kind, arg in refs:
        if kind == "Ref" and not known(arg):
            errors.append("%s: !Ref %s" % (path, arg))
        elif kind == "GetAtt" and arg.split(".")[0] not in resources:
            errors.append("%s: !GetAtt %s" % (path, arg))
        elif kind == "Sub":
            for var in re.findall(r"\$\{([^!}][^}]*)\}", arg):
                if not known(var):
                    errors.append("%s: !Sub ${%s}" % (path, var))
    for rid, res in resources.items():
        dep = res.get("DependsOn")
        if dep is not None and dep not in resources:
            errors.append("%s: %s DependsOn %s" % (path, rid, dep))
        if res["Type"] == "AWS::Lambda::Function":
            base = rid[:-len("LambdaFunction")]
            for suffix in ("Permission", "ConfigRule"):
                if base + suffix not in resources:
                    errors.append("%s: %s without %s" % (path, rid, suffix))
            role = res["Properties"]["Role"]
            if not (role[0] == "GetAtt" or role[1] in params):
                errors.append("%s: %s role %r" % (path, rid, role))
            code = res["Properties"]["Code"]
            if isinstance(code, str):
                local = os.path.join(os.path.dirname(path), code)
                if not os.path.isdir(local):
                    errors.append("%s: %s code %s missing" % (path, rid, code))
    return resources


def main():
    out = sys.argv[1]
    parent_path = os.path.join(out, "template.yaml")
    parent = load(parent_path)
    total = len(check_template(parent_path, parent))
    functions = 0
    templates = 1
    for sid, stack in parent["Resources"].items():
        if stack["Type"] != "AWS::CloudFormation::Stack":
            continue
        props = stack["Properties"]
        path = os.path.join(out, props["TemplateURL"])
        if not os.path.isfile(path):
            errors.append("%s: TemplateURL %s missing" % (sid, path))
            continue
        child = load(path)
        templates += 1
        resources = check_template(path, child)
        total += len(resources)
        functions += sum(r["Type"] == "AWS::Lambda::Function"
                         for r in resources.values())
        passed = set(props.get("Parameters", {}))
        declared = set(child.get("Parameters", {}))
        if passed != declared:
            errors.append("%s: passes %s, %s declares %s" %
                          (sid, sorted(passed), path, sorted(declared)))
        for value in props.get("Parameters", {}).values():
            if value[0] == "GetAtt":
                source, _, output = value[1].split(".", 2)
                source_path = os.path.join(
                    out, parent["Resources"][source]["Properties"]["TemplateURL"])
                if output not in load(source_path).get("Outputs", {}):
                    errors.append("%s: reads missing output %s" % (sid,
                                                                   value[1]))
    for e in errors:
        print("error: " + e)
    print("templates=%d resources=%d functions=%d" % (templates, total,
                                                      functions))
    return 1 if errors else 0


sys.exit(main())
