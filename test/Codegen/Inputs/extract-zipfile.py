"""Writes each Lambda function's inline code (Code.ZipFile) of a
CloudFormation template to OUT/<FunctionName>/index.<ext>, as CloudFormation
does, and prints the files written.

usage: extract-zipfile.py TEMPLATE OUT
"""
import os
import sys

import yaml


class Loader(yaml.SafeLoader):
    """Keeps CloudFormation's short-form tags (!GetAtt, !Ref, ...) as
    plain values: only the functions' code is read."""


Loader.add_multi_constructor(
    "!", lambda loader, suffix, node: loader.construct_scalar(node)
    if isinstance(node, yaml.ScalarNode) else None)


def main():
    template, out = sys.argv[1:3]
    with open(template, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=Loader)
    for resource in doc["Resources"].values():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        props = resource["Properties"]
        code = props["Code"]["ZipFile"]
        ext = "js" if props["Runtime"].startswith("nodejs") else "py"
        path = os.path.join(out, props["FunctionName"], "index." + ext)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(code)
        print(os.path.relpath(path, out).replace(os.sep, "/"), props["Handler"])


if __name__ == "__main__":
    main()
