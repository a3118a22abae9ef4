"""Reads CloudFormation YAML templates as the tests compare them.

PyYAML's safe loader plus CloudFormation's short-form intrinsic tags: each
`!Ref X`, `!GetAtt A.B`, `!Sub '...'`, ... is read as its long form
(`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`, `{"Fn::Sub": "..."}`), so a
template reads the same whichever form rulecc (or a person) wrote. The one
loader of the deploy model, the parity check and the schema validation.

    sys.path.insert(0, <this directory>)
    import cfn_yaml
    template = cfn_yaml.load_file(path)
    application = cfn_yaml.load_application(path)  # nested stacks in place
"""
import os
import re

import yaml

# Every short form CloudFormation accepts, and the long form it stands for.
INTRINSICS = {
    "Ref": "Ref", "GetAtt": "Fn::GetAtt", "Sub": "Fn::Sub",
    "Join": "Fn::Join", "Select": "Fn::Select", "Split": "Fn::Split",
    "If": "Fn::If", "Equals": "Fn::Equals", "Not": "Fn::Not",
    "And": "Fn::And", "Or": "Fn::Or", "FindInMap": "Fn::FindInMap",
    "Base64": "Fn::Base64", "GetAZs": "Fn::GetAZs",
    "ImportValue": "Fn::ImportValue", "Cidr": "Fn::Cidr",
}
LONG_FORMS = frozenset(INTRINSICS.values())


class CfnLoader(yaml.SafeLoader):
    """PyYAML's safe loader that reads the short-form intrinsics as their
    long forms."""


def _intrinsic(name):
    def construct(loader, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            if name == "Fn::GetAtt":
                # `!GetAtt Resource.Attribute`; an attribute may itself hold
                # dots (`Stack.Outputs.Name`), the resource never does.
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {name: value}
    return construct


for _short, _long in INTRINSICS.items():
    CfnLoader.add_constructor("!" + _short, _intrinsic(_long))


def load(text_or_stream):
    """A template from YAML text or an open file."""
    return yaml.load(text_or_stream, Loader=CfnLoader)


def load_file(path):
    """A template from a file (UTF-8)."""
    with open(path, encoding="utf-8") as f:
        return load(f)


def is_intrinsic(value):
    """Whether `value` is an intrinsic function call in its long form."""
    return (isinstance(value, dict) and len(value) == 1 and
            next(iter(value)) in LONG_FORMS)


def _substitute(value, params, where):
    """`value` with every `Ref` of a name in `params` (and `${name}` in a
    `Fn::Sub`) replaced by that parameter's value."""
    if isinstance(value, list):
        return [_substitute(v, params, where) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (fn, arg), = value.items()
        if fn == "Ref" and isinstance(arg, str) and arg in params:
            return params[arg]
        if fn == "Fn::Sub":
            text = arg if isinstance(arg, str) else arg[0]

            def one(m):
                if m.group(1) not in params:
                    return m.group(0)
                v = params[m.group(1)]
                if not isinstance(v, str):
                    raise ValueError(f"{where}: ${{{m.group(1)}}} in a Fn::Sub "
                                     f"is passed {v!r}, not a string")
                return v
            text = re.sub(r"\$\{([^}!]+)\}", one, text)
            return {fn: text if isinstance(arg, str)
                    else [text, _substitute(arg[1], params, where)]}
    return {k: _substitute(v, params, where) for k, v in value.items()}


def load_application(path):
    """The template at `path` with each nested stack whose `TemplateURL` is
    a local path (rulecc's `stacks/<class>.yaml`, relative to the template)
    read in its place: the nested template's resources join the parent's,
    its parameters replaced by what the parent passes (or their defaults),
    and a `!GetAtt Stack.Outputs.Name` by that output's value. So the
    application reads as one template whose references all resolve; a
    logical ID defined twice is an error. `NestedTemplates` in the result
    lists the files read, parent first."""
    template = load_file(path)
    base = os.path.dirname(path)
    parent = template.get("Resources") or {}
    stacks = {k: r for k, r in parent.items()
              if r.get("Type") == "AWS::CloudFormation::Stack"}
    children, resolved = {}, {}
    for logical, r in stacks.items():
        url = (r.get("Properties") or {}).get("TemplateURL")
        if not isinstance(url, str) or "://" in url:
            raise ValueError(f"{path}: {logical}: TemplateURL {url!r} is not "
                             f"a local path")
        children[logical] = load_application(os.path.join(base, url))

    def stack_params(logical, seen=()):
        """The parameters `logical`'s template receives, in the parent's
        terms."""
        if logical in resolved:
            return resolved[logical]
        if logical in seen:
            raise ValueError(f"{path}: nested stacks pass outputs in a cycle")
        child = children[logical]
        given = (stacks[logical].get("Properties") or {}).get(
            "Parameters") or {}
        params = {}
        for name, decl in (child.get("Parameters") or {}).items():
            if name in given:
                params[name] = output_refs(given[name], seen + (logical,))
            elif "Default" in (decl or {}):
                params[name] = decl["Default"]
            else:
                raise ValueError(f"{path}: {logical} passes no value for the "
                                 f"parameter {name} of its template")
        resolved[logical] = params
        return params

    def output_refs(value, seen):
        """`value` with `!GetAtt Stack.Outputs.Name` of a nested stack
        replaced by that output's value."""
        if isinstance(value, list):
            return [output_refs(v, seen) for v in value]
        if not isinstance(value, dict):
            return value
        att = value.get("Fn::GetAtt") if len(value) == 1 else None
        if (isinstance(att, list) and len(att) == 2 and att[0] in children
                and str(att[1]).startswith("Outputs.")):
            name = att[1][len("Outputs."):]
            outputs = children[att[0]].get("Outputs") or {}
            if name not in outputs:
                raise ValueError(f"{path}: {att[0]} has no output {name}")
            return _substitute(outputs[name]["Value"],
                               stack_params(att[0], seen), att[0])
        return {k: output_refs(v, seen) for k, v in value.items()}

    merged = {}
    files = [path]

    def add(logical, resource, where):
        if logical in merged:
            raise ValueError(f"{where}: logical ID {logical} is defined "
                             f"twice in the application")
        merged[logical] = resource

    for logical, r in parent.items():
        if logical in stacks:
            child = children[logical]
            files += child["NestedTemplates"]
            params = stack_params(logical)
            for cl, cr in (child.get("Resources") or {}).items():
                add(cl, _substitute(cr, params, logical), logical)
        else:
            add(logical, output_refs(r, ()), path)
    out = dict(template)
    out["Resources"] = merged
    out["NestedTemplates"] = files
    return out
