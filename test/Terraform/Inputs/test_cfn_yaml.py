"""Tests of test/utils/cfn_yaml.py, the CloudFormation YAML reader of the
parity, deploy and schema tests: short forms as long forms, and nested
stacks read in place with their parameters and outputs resolved."""
import os
import sys
import tempfile
import textwrap
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "utils"))
import cfn_yaml  # noqa: E402


class ShortForms(unittest.TestCase):
    def test_each_short_form_reads_as_its_long_form(self):
        t = cfn_yaml.load(textwrap.dedent("""\
            A: !Ref Role
            B: !GetAtt Stack.Outputs.RoleArn
            C: !Sub 'arn:${AWS::Partition}:x'
            D: !Join [',', [a, b]]
            E: !GetAtt [Fn, Arn]
            F: !ImportValue Shared
            G: !Select [0, !Split [',', 'a,b']]
            """))
        self.assertEqual(t["A"], {"Ref": "Role"})
        # Only the first dot separates the resource from the attribute.
        self.assertEqual(t["B"], {"Fn::GetAtt": ["Stack", "Outputs.RoleArn"]})
        self.assertEqual(t["C"], {"Fn::Sub": "arn:${AWS::Partition}:x"})
        self.assertEqual(t["D"], {"Fn::Join": [",", ["a", "b"]]})
        self.assertEqual(t["E"], {"Fn::GetAtt": ["Fn", "Arn"]})
        self.assertEqual(t["F"], {"Fn::ImportValue": "Shared"})
        self.assertEqual(t["G"], {"Fn::Select": [0, {"Fn::Split":
                                                     [",", "a,b"]}]})
        self.assertTrue(cfn_yaml.is_intrinsic(t["A"]))
        self.assertFalse(cfn_yaml.is_intrinsic({"Ref": "x", "Other": 1}))


PARENT = """\
Parameters:
  CodeBucket:
    Type: String
Resources:
  AStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: stacks/a.yaml
      Parameters:
        CodeBucket: !Ref CodeBucket
  AStack2:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: stacks/a-part2.yaml
      Parameters:
        RoleArn: !GetAtt AStack.Outputs.RoleArn
  Top:
    Type: AWS::IAM::Role
    Properties: {Name: !GetAtt AStack.Outputs.RoleArn}
"""
PART1 = """\
Parameters:
  CodeBucket:
    Type: String
  Prefix:
    Type: String
    Default: pre
Resources:
  Role:
    Type: AWS::IAM::Role
  Fn1:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      Code: {S3Bucket: !Ref CodeBucket}
      Name: !Sub '${Prefix}-${AWS::Region}'
Outputs:
  RoleArn:
    Value: !GetAtt Role.Arn
"""
PART2 = """\
Parameters:
  RoleArn:
    Type: String
Resources:
  Fn2:
    Type: AWS::Lambda::Function
    Properties:
      Role: !Ref RoleArn
"""


class NestedStacks(unittest.TestCase):
    def write(self, files):
        d = tempfile.mkdtemp()
        for name, text in files.items():
            path = os.path.join(d, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return os.path.join(d, "template.yaml")

    def test_nested_resources_join_with_parameters_and_outputs_resolved(self):
        path = self.write({"template.yaml": PARENT, "stacks/a.yaml": PART1,
                           "stacks/a-part2.yaml": PART2})
        app = cfn_yaml.load_application(path)
        self.assertEqual(sorted(app["Resources"]), ["Fn1", "Fn2", "Role",
                                                    "Top"])
        role_arn = {"Fn::GetAtt": ["Role", "Arn"]}
        # The second part's parameter is the first part's output.
        self.assertEqual(app["Resources"]["Fn2"]["Properties"]["Role"],
                         role_arn)
        self.assertEqual(app["Resources"]["Top"]["Properties"]["Name"],
                         role_arn)
        fn1 = app["Resources"]["Fn1"]["Properties"]
        # A parameter passed down is the parent's; a default fills a Sub.
        self.assertEqual(fn1["Code"], {"S3Bucket": {"Ref": "CodeBucket"}})
        self.assertEqual(fn1["Name"], {"Fn::Sub": "pre-${AWS::Region}"})
        self.assertIn("CodeBucket", app["Parameters"])
        self.assertEqual([os.path.relpath(p, os.path.dirname(path))
                          for p in app["NestedTemplates"]],
                         ["template.yaml", "stacks/a.yaml",
                          "stacks/a-part2.yaml"])

    def test_a_template_without_stacks_reads_as_itself(self):
        path = self.write({"template.yaml": PART2})
        app = cfn_yaml.load_application(path)
        self.assertEqual(app["Resources"], cfn_yaml.load_file(path)[
            "Resources"])
        self.assertEqual(app["NestedTemplates"], [path])

    def check_error(self, files, message):
        path = self.write(files)
        with self.assertRaises(ValueError) as e:
            cfn_yaml.load_application(path)
        self.assertIn(message, str(e.exception))

    def test_errors(self):
        self.check_error({"template.yaml": PARENT.replace(
            "  Top:\n", "  Role:\n"), "stacks/a.yaml": PART1,
            "stacks/a-part2.yaml": PART2},
            "logical ID Role is defined twice")
        self.check_error({"template.yaml": PARENT.replace(
            "        RoleArn: !GetAtt AStack.Outputs.RoleArn\n", ""),
            "stacks/a.yaml": PART1, "stacks/a-part2.yaml": PART2},
            "AStack2 passes no value for the parameter RoleArn")
        self.check_error({"template.yaml": PARENT.replace(
            "Outputs.RoleArn", "Outputs.Nothing"),
            "stacks/a.yaml": PART1, "stacks/a-part2.yaml": PART2},
            "AStack has no output Nothing")
        self.check_error({"template.yaml": PARENT.replace(
            "stacks/a.yaml", "https://s3.amazonaws.com/b/a.yaml"),
            "stacks/a-part2.yaml": PART2}, "is not a local path")


if __name__ == "__main__":
    unittest.main()
