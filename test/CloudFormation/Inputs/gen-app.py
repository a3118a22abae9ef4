"""Writes a generated application for the size tests: DIR/app.rules and the
handler files its python rules need.

usage: gen-app.py DIR [--classes K] [--custom N] [--managed M]
                      [--handler-bytes B] [--split]

Each of the K classes gets N python rules and M managed rules. Handlers are
padded with comment lines to at least B bytes. --split writes each class to
its own file (class<k>.rules), for tests over several input files.
"""
import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--classes", type=int, default=1)
parser.add_argument("--custom", type=int, default=0)
parser.add_argument("--managed", type=int, default=0,
                    help="managed rules per class, at most %d" % 10)
parser.add_argument("--handler-bytes", type=int, default=0)
parser.add_argument("--split", action="store_true",
                    help="write every class to its own file")
args = parser.parse_args()

# Real identifiers (a class holds each at most once: logical IDs come from
# the declaration's symbol).
MANAGED = ["s3_bucket_versioning_enabled", "s3_bucket_logging_enabled",
           "s3_bucket_ssl_requests_only", "s3_bucket_public_read_prohibited",
           "s3_bucket_public_write_prohibited",
           "s3_bucket_server_side_encryption_enabled",
           "s3_bucket_level_public_access_prohibited",
           "s3_bucket_default_lock_enabled", "s3_bucket_replication_enabled",
           "s3_bucket_acl_prohibited"]

HANDLER = ("def lambda_handler(event, context):\n"
           "    # Generated for the size tests; never invoked.\n"
           "    return None\n")
PAD = "# " + "padding " * 9 + "\n"
handler = HANDLER + PAD * max(0, -(-(args.handler_bytes - len(HANDLER)) //
                                   len(PAD)))

os.makedirs(args.dir, exist_ok=True)
files = {}
for c in range(args.classes):
    cls = "Gen%dRule" % c
    underscored = "gen%d_rule" % c
    lines = ["class %s < ApplicationRule" % cls,
             '  class_iam_policy "s3:GetBucketPolicy"']
    for i in range(args.custom):
        name = "custom_%d" % i
        lines += ['  desc "Generated custom rule %d of class %d"' % (i, c),
                  '  scope "AWS::S3::Bucket"',
                  "  python :%s" % name]
        hdir = os.path.join(args.dir, "rules", underscored, "python")
        os.makedirs(hdir, exist_ok=True)
        with open(os.path.join(hdir, name + ".py"), "w") as f:
            f.write(handler)
    for i in range(args.managed):
        lines += ['  desc "Generated managed rule %d of class %d"' % (i, c),
                  '  scope "AWS::S3::Bucket"',
                  "  managed_rule :%s" % MANAGED[i]]
    lines.append("end")
    target = "class%d.rules" % c if args.split else "app.rules"
    files.setdefault(target, []).append("\n".join(lines) + "\n")

header = 'project "gen"\ntags { owner: "platform" }\n'
for name, classes in files.items():
    with open(os.path.join(args.dir, name), "w") as f:
        if name in ("app.rules", "class0.rules"):
            f.write(header)
        f.write("\n".join(classes))
